//! Business object groups: a named process (order-to-cash) made of member
//! types and the relationships that form its hierarchy, plus how its
//! dashboard is laid out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::relationship::{Cardinality, ParentLookup, Relationship};

/// Levels a node map shows unless the user asks for another depth.
pub const DEFAULT_LEVELS: u32 = 3;

/// What one type's tile shows on a dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileLayout {
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardLayout {
    pub levels: u32,
    /// Keyed by business object type.
    pub tiles: BTreeMap<String, TileLayout>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessObjectGroup {
    pub key: String,
    pub label: String,
    pub icon: String,
    /// Member types from the top of the hierarchy down. A sales process
    /// opened without roots takes the first of these that the account has.
    pub member_types: Vec<String>,
    /// Keys of the relationships that form the hierarchy.
    pub relationships: Vec<String>,
    pub layout: DashboardLayout,
}

impl BusinessObjectGroup {
    pub fn tile_fields(&self, type_key: &str) -> &[String] {
        self.layout
            .tiles
            .get(type_key)
            .map_or(&[], |tile| tile.fields.as_slice())
    }
}

/// The relationships of the built-in order-to-cash hierarchy.
pub fn built_in_relationships() -> Vec<Relationship> {
    let links = |parent: &str, child: &str, qualifier: &str, cardinality| Relationship {
        key: format!("{parent}.{child}"),
        parent_type: parent.to_owned(),
        child_type: child.to_owned(),
        qualifier: qualifier.to_owned(),
        parent_lookup: ParentLookup::ExplicitLinks,
        cardinality,
        carries_quantity: true,
    };
    vec![
        links("opportunity", "quote", "quoted in", Cardinality::OneToMany),
        links("quote", "quote_line", "comprises", Cardinality::OneToMany),
        links("quote", "order", "ordered in", Cardinality::OneToMany),
        links("order", "order_line", "comprises", Cardinality::OneToMany),
        links(
            "order_line",
            "delivery",
            "shipped in",
            Cardinality::ManyToMany,
        ),
        links(
            "order_line",
            "invoice",
            "billed in",
            Cardinality::ManyToMany,
        ),
        links("invoice", "payment", "paid by", Cardinality::ManyToMany),
        links("account", "contract", "signs", Cardinality::OneToMany),
    ]
}

/// The group every installation starts with.
pub fn order_to_cash() -> BusinessObjectGroup {
    let member_types = [
        "opportunity",
        "quote",
        "quote_line",
        "order",
        "order_line",
        "delivery",
        "invoice",
        "payment",
    ];
    let relationships = [
        "opportunity.quote",
        "quote.quote_line",
        "quote.order",
        "order.order_line",
        "order_line.delivery",
        "order_line.invoice",
        "invoice.payment",
    ];
    BusinessObjectGroup {
        key: "order-to-cash".to_owned(),
        label: "Order to cash".to_owned(),
        icon: "flow".to_owned(),
        member_types: member_types.map(str::to_owned).to_vec(),
        relationships: relationships.map(str::to_owned).to_vec(),
        layout: DashboardLayout {
            levels: DEFAULT_LEVELS,
            tiles: order_to_cash_tiles(),
        },
    }
}

fn order_to_cash_tiles() -> BTreeMap<String, TileLayout> {
    let tiles: [(&str, &[&str]); 8] = [
        ("opportunity", &["close_date", "amount"]),
        ("quote", &["valid_until", "amount"]),
        ("quote_line", &["product", "quantity", "price"]),
        ("order", &["price", "placed_at"]),
        ("order_line", &["product", "price"]),
        ("delivery", &["shipped_by", "delivered_at"]),
        ("invoice", &["due_date", "amount"]),
        ("payment", &["received_on", "amount"]),
    ];
    tiles
        .into_iter()
        .map(|(type_key, fields)| {
            let fields = fields.iter().map(|field| (*field).to_owned()).collect();
            (type_key.to_owned(), TileLayout { fields })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_relationship_is_defined_between_member_types() {
        let group = order_to_cash();
        let relationships = built_in_relationships();
        for key in &group.relationships {
            let relationship = relationships.iter().find(|r| &r.key == key).unwrap();
            assert!(
                group.member_types.contains(&relationship.parent_type),
                "{key}"
            );
            assert!(
                group.member_types.contains(&relationship.child_type),
                "{key}"
            );
        }
    }

    #[test]
    fn the_order_tile_shows_its_price() {
        assert!(
            order_to_cash()
                .tile_fields("order")
                .contains(&"price".to_owned())
        );
        assert!(order_to_cash().tile_fields("unknown").is_empty());
    }
}
