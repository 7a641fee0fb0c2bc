//! Business object types: the kinds of record Throughline knows, their fields,
//! their status table and how a status maps onto a canonical phase.

use serde::{Deserialize, Serialize};

/// Where a record stands, whatever words its source system uses for it.
/// Tiles from different systems colour by phase, not by source status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(Self::Open),
            "in_progress" => Some(Self::InProgress),
            "done" => Some(Self::Done),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Number,
    Money,
    Date,
    Timestamp,
    Reference,
    Choice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDefinition {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    /// For a reference field: the type whose key it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<String>,
}

/// One value of a type's status field, in the order a record moves through them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusValue {
    pub value: String,
    pub phase: Phase,
}

/// Which field holds a record's amount, and in which currency when the
/// source does not say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountField {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_currency: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessObjectType {
    pub key: String,
    pub label: String,
    pub icon: String,
    pub fields: Vec<FieldDefinition>,
    pub statuses: Vec<StatusValue>,
    pub display_field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountField>,
    /// False for the catalog every installation starts with.
    #[serde(default)]
    pub custom: bool,
}

/// Why a type definition cannot be saved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TypeError {
    #[error(
        "a type key is lower-case letters, digits and underscores, starting with a letter, not '{0}'"
    )]
    Key(String),
    #[error("type '{0}' needs a label")]
    Label(String),
    #[error("type '{key}' shows '{field}' as its display field, but has no such field")]
    DisplayField { key: String, field: String },
    #[error("type '{key}' lists field '{field}' twice")]
    RepeatedField { key: String, field: String },
    #[error("type '{key}' takes its amount from '{field}', but has no such field")]
    AmountField { key: String, field: String },
    #[error("type '{key}' lists status '{status}' twice")]
    RepeatedStatus { key: String, status: String },
}

impl BusinessObjectType {
    /// Checks what a stored type must hold: a usable key, a label, and
    /// display and amount fields that exist.
    pub fn validate(&self) -> Result<(), TypeError> {
        let key = self.key.clone();
        if !is_type_key(&self.key) {
            return Err(TypeError::Key(key));
        }
        if self.label.trim().is_empty() {
            return Err(TypeError::Label(key));
        }
        if let Some(field) = first_repeated(self.fields.iter().map(|field| &field.name)) {
            return Err(TypeError::RepeatedField { key, field });
        }
        if let Some(status) = first_repeated(self.statuses.iter().map(|status| &status.value)) {
            return Err(TypeError::RepeatedStatus { key, status });
        }
        if self.field(&self.display_field).is_none() {
            let field = self.display_field.clone();
            return Err(TypeError::DisplayField { key, field });
        }
        match &self.amount {
            Some(amount) if self.field(&amount.field).is_none() => Err(TypeError::AmountField {
                key,
                field: amount.field.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// The phase of a source status. A status the type does not list is
    /// taken as open: the record is shown, and nothing claims it is finished.
    pub fn phase_of(&self, status: Option<&str>) -> Phase {
        status
            .and_then(|status| self.statuses.iter().find(|value| value.value == status))
            .map_or(Phase::Open, |value| value.phase)
    }

    pub fn field(&self, name: &str) -> Option<&FieldDefinition> {
        self.fields.iter().find(|field| field.name == name)
    }
}

fn is_type_key(key: &str) -> bool {
    let mut characters = key.chars();
    characters
        .next()
        .is_some_and(|first| first.is_ascii_lowercase())
        && characters.all(|rest| rest.is_ascii_lowercase() || rest.is_ascii_digit() || rest == '_')
}

fn first_repeated<'a>(names: impl Iterator<Item = &'a String>) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    names.into_iter().find(|name| !seen.insert(*name)).cloned()
}

/// A short way to write a catalog entry: (name, label, kind).
type FieldSpec<'a> = (&'a str, &'a str, FieldKind);

struct TypeSpec<'a> {
    key: &'a str,
    label: &'a str,
    icon: &'a str,
    display_field: &'a str,
    fields: &'a [FieldSpec<'a>],
    statuses: &'a [(&'a str, Phase)],
    amount: Option<&'a str>,
}

impl TypeSpec<'_> {
    fn build(&self) -> BusinessObjectType {
        BusinessObjectType {
            key: self.key.to_owned(),
            label: self.label.to_owned(),
            icon: self.icon.to_owned(),
            fields: self.fields.iter().map(field_from_spec).collect(),
            statuses: self
                .statuses
                .iter()
                .map(|(value, phase)| StatusValue {
                    value: (*value).to_owned(),
                    phase: *phase,
                })
                .collect(),
            display_field: self.display_field.to_owned(),
            amount: self.amount.map(|field| AmountField {
                field: field.to_owned(),
                default_currency: None,
            }),
            custom: false,
        }
    }
}

fn field_from_spec(spec: &FieldSpec<'_>) -> FieldDefinition {
    let (name, label, kind) = *spec;
    FieldDefinition {
        name: name.to_owned(),
        label: label.to_owned(),
        kind,
        references: None,
    }
}

use FieldKind::{Choice, Date, Money, Number, Reference, Text, Timestamp};
use Phase::{Cancelled, Done, InProgress, Open};

/// The types every installation starts with. A flat table on purpose: it is
/// data, read top to bottom, and an admin's custom types join it later.
const CATALOG: &[TypeSpec<'static>] = &[
    TypeSpec {
        key: "account",
        label: "Account",
        icon: "building",
        display_field: "name",
        fields: &[("name", "Name", Text), ("industry", "Industry", Choice)],
        statuses: &[("active", Open), ("inactive", Cancelled)],
        amount: None,
    },
    TypeSpec {
        key: "contact",
        label: "Contact",
        icon: "person",
        display_field: "name",
        fields: &[("name", "Name", Text), ("email", "Email", Text)],
        statuses: &[("active", Open), ("inactive", Cancelled)],
        amount: None,
    },
    TypeSpec {
        key: "lead",
        label: "Lead",
        icon: "spark",
        display_field: "name",
        fields: &[("name", "Name", Text), ("company", "Company", Text)],
        statuses: &[
            ("new", Open),
            ("contacted", InProgress),
            ("qualified", Done),
            ("disqualified", Cancelled),
        ],
        amount: None,
    },
    TypeSpec {
        key: "opportunity",
        label: "Opportunity",
        icon: "target",
        display_field: "name",
        fields: &[
            ("name", "Name", Text),
            ("close_date", "Close date", Date),
            ("amount", "Amount", Money),
        ],
        statuses: &[
            ("prospecting", Open),
            ("qualification", InProgress),
            ("proposal", InProgress),
            ("negotiation", InProgress),
            ("won", Done),
            ("lost", Cancelled),
        ],
        amount: Some("amount"),
    },
    TypeSpec {
        key: "quote",
        label: "Quote",
        icon: "document",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("valid_until", "Valid until", Date),
            ("amount", "Amount", Money),
        ],
        statuses: &[
            ("draft", Open),
            ("sent", InProgress),
            ("accepted", Done),
            ("rejected", Cancelled),
        ],
        amount: Some("amount"),
    },
    TypeSpec {
        key: "quote_line",
        label: "Quote line",
        icon: "list",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("product", "Product", Reference),
            ("quantity", "Quantity", Number),
            ("price", "Price", Money),
        ],
        statuses: &[("open", Open), ("accepted", Done), ("removed", Cancelled)],
        amount: Some("price"),
    },
    TypeSpec {
        key: "order",
        label: "Order",
        icon: "cart",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("price", "Price", Money),
            ("placed_at", "Placed", Timestamp),
            ("paid_at", "Paid", Timestamp),
        ],
        statuses: &[
            ("placed", Open),
            ("confirmed", InProgress),
            ("payment reminder", InProgress),
            ("paid", Done),
            ("cancelled", Cancelled),
        ],
        amount: Some("price"),
    },
    TypeSpec {
        key: "order_line",
        label: "Order line",
        icon: "list",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("order", "Order", Reference),
            ("product", "Product", Reference),
            ("price", "Price", Money),
            ("weight", "Weight", Number),
        ],
        statuses: &[
            ("open", Open),
            ("out of stock", InProgress),
            ("reordered", InProgress),
            ("picked", InProgress),
            ("packed", InProgress),
            ("shipped", InProgress),
            ("delivered", Done),
            ("cancelled", Cancelled),
        ],
        amount: Some("price"),
    },
    TypeSpec {
        key: "contract",
        label: "Contract",
        icon: "seal",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("start_date", "Start", Date),
            ("end_date", "End", Date),
            ("amount", "Value", Money),
        ],
        statuses: &[
            ("draft", Open),
            ("in review", InProgress),
            ("signed", Done),
            ("terminated", Cancelled),
        ],
        amount: Some("amount"),
    },
    TypeSpec {
        key: "delivery",
        label: "Delivery",
        icon: "truck",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("weight", "Weight", Number),
            ("shipped_by", "Shipped by", Reference),
            ("sent_at", "Sent", Timestamp),
            ("delivered_at", "Delivered", Timestamp),
        ],
        statuses: &[
            ("created", Open),
            ("sent", InProgress),
            ("failed delivery", InProgress),
            ("delivered", Done),
            ("cancelled", Cancelled),
        ],
        amount: None,
    },
    TypeSpec {
        key: "invoice",
        label: "Invoice",
        icon: "receipt",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("due_date", "Due", Date),
            ("amount", "Amount", Money),
        ],
        statuses: &[
            ("draft", Open),
            ("issued", InProgress),
            ("paid", Done),
            ("cancelled", Cancelled),
        ],
        amount: Some("amount"),
    },
    TypeSpec {
        key: "payment",
        label: "Payment",
        icon: "coin",
        display_field: "number",
        fields: &[
            ("number", "Number", Text),
            ("received_on", "Received", Date),
            ("amount", "Amount", Money),
        ],
        statuses: &[
            ("pending", Open),
            ("received", Done),
            ("returned", Cancelled),
        ],
        amount: Some("amount"),
    },
    TypeSpec {
        key: "product",
        label: "Product",
        icon: "box",
        display_field: "name",
        fields: &[
            ("name", "Name", Text),
            ("price", "List price", Money),
            ("weight", "Weight", Number),
        ],
        statuses: &[("active", Open), ("discontinued", Cancelled)],
        amount: None,
    },
];

/// The built-in catalog, seeded into every new database.
pub fn built_in_types() -> Vec<BusinessObjectType> {
    CATALOG.iter().map(TypeSpec::build).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_holds_the_thirteen_built_in_types() {
        let keys: Vec<String> = built_in_types().into_iter().map(|kind| kind.key).collect();
        assert_eq!(
            keys,
            [
                "account",
                "contact",
                "lead",
                "opportunity",
                "quote",
                "quote_line",
                "order",
                "order_line",
                "contract",
                "delivery",
                "invoice",
                "payment",
                "product"
            ]
        );
    }

    #[test]
    fn every_display_field_is_one_of_the_types_fields() {
        for kind in built_in_types() {
            assert!(kind.field(&kind.display_field).is_some(), "{}", kind.key);
        }
    }

    #[test]
    fn every_built_in_type_is_valid() {
        for kind in built_in_types() {
            assert_eq!(kind.validate(), Ok(()), "{}", kind.key);
        }
    }

    #[test]
    fn a_type_with_a_missing_display_field_or_a_bad_key_is_refused() {
        let mut kind = built_in_types().remove(0);
        kind.display_field = "title".to_owned();
        assert_eq!(
            kind.validate().unwrap_err().to_string(),
            "type 'account' shows 'title' as its display field, but has no such field"
        );
        kind.display_field = "name".to_owned();
        kind.key = "Credit Check".to_owned();
        assert!(matches!(kind.validate(), Err(TypeError::Key(_))));
    }

    #[test]
    fn a_paid_order_is_done_and_an_unknown_status_is_open() {
        let order = built_in_types()
            .into_iter()
            .find(|kind| kind.key == "order")
            .unwrap();
        assert_eq!(order.phase_of(Some("paid")), Phase::Done);
        assert_eq!(order.phase_of(Some("confirmed")), Phase::InProgress);
        assert_eq!(order.phase_of(Some("lost in the mail")), Phase::Open);
        assert_eq!(order.phase_of(None), Phase::Open);
    }
}
