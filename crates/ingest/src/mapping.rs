//! Mapping files: how an OCEL 2.0 log's object types, relations and events
//! become business object types, relationships and statuses. Written in
//! TOML; the order-management mapping ships inside the binary.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use throughline_model::{BusinessObjectType, Cardinality, ParentLookup, Relationship};
use time::UtcOffset;
use time::macros::format_description;

use crate::IngestError;

/// The mapping for the OCEL 2.0 order-management log.
pub const ORDER_MANAGEMENT: &str = include_str!("../mappings/order-management.toml");

/// Reads a UTC offset as people write one: `+01:00`, `-05:00` or `Z`.
/// Offsets in use on Earth lie within ±14:00; anything past that is a typo.
pub fn parse_offset(text: &str) -> Result<UtcOffset, String> {
    let trimmed = text.trim();
    if trimmed == "Z" {
        return Ok(UtcOffset::UTC);
    }
    let format = format_description!("[offset_hour sign:mandatory]:[offset_minute]");
    let refused = || format!("'{text}' is not an offset between -14:00 and +14:00, such as +01:00");
    let offset = UtcOffset::parse(trimmed, &format).map_err(|_| refused())?;
    if offset.whole_minutes().abs() > 14 * 60 {
        return Err(refused());
    }
    Ok(offset)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub source: String,
    /// Currency of amounts the log writes without one.
    pub currency: Option<String>,
    /// Offset of timestamps written without one, such as "+01:00".
    #[serde(default)]
    pub naive_time_offset: Option<String>,
    #[serde(default)]
    pub custom_types: Vec<BusinessObjectType>,
    pub objects: BTreeMap<String, ObjectMapping>,
    #[serde(default)]
    pub relations: Vec<RelationMapping>,
    #[serde(default)]
    pub statuses: Vec<StatusRule>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectMapping {
    /// The business object type the objects become.
    #[serde(rename = "type")]
    pub type_key: String,
    /// The field that receives the object's id.
    pub key_field: Option<String>,
    /// OCEL attribute name → field name, where they differ.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentEnd {
    From,
    To,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationMapping {
    /// OCEL object type of the relation's source object.
    pub from: String,
    pub qualifier: String,
    /// OCEL object type of the relation's target object.
    pub to: String,
    pub relationship: String,
    pub parent: ParentEnd,
    #[serde(default)]
    pub account: bool,
    pub field: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    pub activity: String,
    pub qualifier: String,
    pub status: String,
    pub stamp: Option<String>,
}

impl Mapping {
    /// Reads a mapping file; errors name the file and the line.
    pub fn from_file(path: &Path) -> Result<Self, IngestError> {
        let text = std::fs::read_to_string(path).map_err(|source| IngestError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    pub fn from_toml(text: &str, name: &str) -> Result<Self, IngestError> {
        let mut mapping: Self = toml::from_str(text).map_err(|error| IngestError::Mapping {
            path: name.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        })?;
        mapping.naive_offset(name)?;
        mapping.check_shape(name)?;
        for custom_type in &mut mapping.custom_types {
            custom_type.custom = true;
        }
        Ok(mapping)
    }

    pub fn order_management() -> Self {
        // The built-in mapping is tested; it always parses.
        Self::from_toml(ORDER_MANAGEMENT, "order-management.toml")
            .unwrap_or_else(|error| panic!("the built-in mapping is broken: {error}"))
    }

    /// The offset naive timestamps are read in; UTC when the file is silent.
    pub fn naive_offset(&self, name: &str) -> Result<UtcOffset, IngestError> {
        let Some(text) = &self.naive_time_offset else {
            return Ok(UtcOffset::UTC);
        };
        parse_offset(text).map_err(|problem| IngestError::Mapping {
            path: name.to_owned(),
            message: format!("naive_time_offset {problem}"),
        })
    }

    /// What can be checked without the log or the store: the currency's
    /// form, custom types, and relations between mapped object types.
    fn check_shape(&self, name: &str) -> Result<(), IngestError> {
        let refuse = |message: String| IngestError::Mapping {
            path: name.to_owned(),
            message,
        };
        if let Some(currency) = &self.currency {
            let iso =
                currency.len() == 3 && currency.chars().all(|letter| letter.is_ascii_uppercase());
            if !iso {
                return Err(refuse(format!(
                    "currency '{currency}' is not an ISO 4217 code such as EUR"
                )));
            }
        }
        for custom_type in &self.custom_types {
            custom_type
                .validate()
                .map_err(|error| refuse(format!("custom_types: {error}")))?;
        }
        for (position, relation) in self.relations.iter().enumerate() {
            for end in [&relation.from, &relation.to] {
                if self.type_of(end).is_none() {
                    return Err(refuse(format!(
                        "relations[{position}] names object type '{end}', which has no [objects.\"{end}\"] entry"
                    )));
                }
            }
        }
        Ok(())
    }

    /// The business object type of an OCEL object type, if mapped.
    pub fn type_of(&self, object_type: &str) -> Option<&ObjectMapping> {
        self.objects.get(object_type)
    }

    /// The OCEL object type that becomes `type_key`, the first listed where
    /// several do.
    pub fn object_type_of(&self, type_key: &str) -> Option<&str> {
        self.objects
            .iter()
            .find(|(_, object)| object.type_key == type_key)
            .map(|(object_type, _)| object_type.as_str())
    }

    /// The relationships this mapping's relations realise.
    pub fn relationships(&self) -> Vec<Relationship> {
        self.relations
            .iter()
            .filter_map(|relation| {
                let from = self.type_of(&relation.from)?;
                let to = self.type_of(&relation.to)?;
                let (parent, child) = match relation.parent {
                    ParentEnd::From => (from, to),
                    ParentEnd::To => (to, from),
                };
                Some(Relationship {
                    key: relation.relationship.clone(),
                    parent_type: parent.type_key.clone(),
                    child_type: child.type_key.clone(),
                    qualifier: relation.qualifier.clone(),
                    parent_lookup: ParentLookup::ExplicitLinks,
                    cardinality: Cardinality::ManyToMany,
                    carries_quantity: false,
                })
            })
            .collect()
    }

    /// Checks that every type the mapping names exists in `known` or among
    /// its own custom types.
    pub fn check_types(&self, known: &[BusinessObjectType], name: &str) -> Result<(), IngestError> {
        let exists = |key: &str| {
            known.iter().any(|kind| kind.key == key)
                || self.custom_types.iter().any(|kind| kind.key == key)
        };
        for (object_type, object) in &self.objects {
            if !exists(&object.type_key) {
                return Err(IngestError::Mapping {
                    path: name.to_owned(),
                    message: format!(
                        "objects.{object_type}: no business object type '{}' (define it under [[custom_types]])",
                        object.type_key
                    ),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_mapping_parses_and_maps_six_object_types() {
        let mapping = Mapping::order_management();
        assert_eq!(mapping.objects.len(), 6);
        assert_eq!(mapping.type_of("items").unwrap().type_key, "order_line");
        assert_eq!(mapping.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn packages_are_children_of_the_items_they_contain() {
        let relationships = Mapping::order_management().relationships();
        let shipping = relationships
            .iter()
            .find(|relationship| relationship.key == "order_line.delivery")
            .unwrap();
        assert_eq!(shipping.parent_type, "order_line");
        assert_eq!(shipping.child_type, "delivery");
    }

    #[test]
    fn a_mapping_with_a_typo_names_the_file_and_the_line() {
        let text = "source = \"x\"\n[objects.orders]\ntyp = \"order\"\n";
        let error = Mapping::from_toml(text, "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("mine.toml: "), "{error}");
        assert!(error.contains("line 3"), "{error}");
        assert!(error.contains("typ"), "{error}");
    }

    #[test]
    fn offsets_read_as_people_write_them_and_typos_are_refused() {
        assert_eq!(parse_offset("+01:00").unwrap().whole_minutes(), 60);
        assert_eq!(parse_offset("-05:30").unwrap().whole_minutes(), -330);
        assert_eq!(parse_offset("Z").unwrap(), UtcOffset::UTC);
        let error = parse_offset("+25:00").unwrap_err();
        assert_eq!(
            error,
            "'+25:00' is not an offset between -14:00 and +14:00, such as +01:00"
        );
        assert!(parse_offset("CET").is_err());
    }

    #[test]
    fn a_relation_between_unmapped_types_or_a_bad_currency_is_refused() {
        let base = "source = \"x\"\n[objects.orders]\ntype = \"order\"\n";
        let relation = format!(
            "{base}[[relations]]\nfrom = \"orders\"\nqualifier = \"q\"\nto = \"Ordr\"\nrelationship = \"r\"\nparent = \"from\"\n"
        );
        let error = Mapping::from_toml(&relation, "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("relations[0] names object type 'Ordr'"),
            "{error}"
        );

        let currency = format!("currency = \"EURO\"\n{base}");
        let error = Mapping::from_toml(&currency, "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("currency 'EURO' is not an ISO 4217 code"),
            "{error}"
        );
    }

    #[test]
    fn custom_types_of_a_mapping_are_marked_custom() {
        let mapping = Mapping::order_management();
        assert!(mapping.custom_types.iter().all(|kind| kind.custom));
    }

    #[test]
    fn a_bad_naive_offset_is_refused() {
        let text = "source = \"x\"\nnaive_time_offset = \"CET\"\n[objects]\n";
        let error = Mapping::from_toml(text, "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(error.contains("'CET'"), "{error}");
    }
}
