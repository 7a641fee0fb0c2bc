//! Object-to-object relations become links: through the mapping's relation
//! rules where one fits, as the log states them where none does. The rules
//! also hand accounts and reference fields down from parent to child.

use rustc_hash::FxHashMap as HashMap;
use throughline_store::{NewLink, NewRecord};

use super::ObjectIndex;
use crate::mapping::{Mapping, ParentEnd, RelationMapping};
use crate::ocel::{OcelLog, OcelObject, OcelRelationship};

/// Links from object-to-object relations, with the accounts and reference
/// fields they hand down, rule by rule in the mapping's order.
pub(super) fn relate(
    log: &OcelLog,
    mapping: &Mapping,
    index: &ObjectIndex<'_>,
    records: &mut [NewRecord],
    warnings: &mut Vec<String>,
) -> Vec<NewLink> {
    let (per_rule, unmapped) = links_by_rule(log, mapping, index, warnings);
    warnings.extend(unused_relations(mapping, &per_rule));

    let positions: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.key.clone(), position))
        .collect();
    for (rule, links) in mapping.relations.iter().zip(&per_rule) {
        hand_down(rule, links, records, &positions);
    }
    per_rule.into_iter().flatten().chain(unmapped).collect()
}

/// The links each relation rule makes, and those no rule describes.
fn links_by_rule(
    log: &OcelLog,
    mapping: &Mapping,
    index: &ObjectIndex<'_>,
    warnings: &mut Vec<String>,
) -> (Vec<Vec<NewLink>>, Vec<NewLink>) {
    let mut per_rule: Vec<Vec<NewLink>> = vec![Vec::new(); mapping.relations.len()];
    let mut unmapped = Vec::new();
    let mut dangling = 0usize;
    for object in &log.objects {
        let Some((_, from_type)) = index.type_of(&object.id) else {
            continue;
        };
        for relation in &object.relationships {
            let target = index.type_of(&relation.object_id);
            dangling += usize::from(target.is_none());
            let target_ocel_type =
                target.map(|(position, _)| log.objects[position].object_type.as_str());
            let rule = mapping.relations.iter().position(|rule| {
                rule.from == object.object_type
                    && rule.qualifier == relation.qualifier
                    && target_ocel_type.is_none_or(|to| rule.to == to)
            });
            match rule {
                Some(rule) => per_rule[rule].push(rule_link(
                    mapping,
                    &mapping.relations[rule],
                    object,
                    &relation.object_id,
                )),
                None => unmapped.push(plain_link(
                    from_type,
                    target.map(|(_, kind)| kind),
                    object,
                    relation,
                )),
            }
        }
    }
    if dangling > 0 {
        warnings.push(format!(
            "{dangling} object-to-object relations name objects not in this file; they link to such records already stored, or once those arrive"
        ));
    }
    (per_rule, unmapped)
}

/// One warning naming the relation rules that matched nothing, as a
/// misspelt qualifier would: its links are then stored without a
/// relationship.
fn unused_relations(mapping: &Mapping, per_rule: &[Vec<NewLink>]) -> Option<String> {
    let unused: Vec<String> = mapping
        .relations
        .iter()
        .zip(per_rule)
        .enumerate()
        .filter(|(_, (_, links))| links.is_empty())
        .map(|(position, (rule, _))| {
            format!(
                "relations[{position}] ({} -{}-> {})",
                rule.from, rule.qualifier, rule.to
            )
        })
        .collect();
    (!unused.is_empty()).then(|| {
        format!(
            "{} relation rules matched nothing in this log: {}",
            unused.len(),
            unused.join(", ")
        )
    })
}

fn rule_link(
    mapping: &Mapping,
    rule: &RelationMapping,
    object: &OcelObject,
    target: &str,
) -> NewLink {
    let type_key = |ocel_type: &str| {
        mapping
            .type_of(ocel_type)
            .map_or_else(|| ocel_type.to_owned(), |found| found.type_key.clone())
    };
    let (from_type, to_type) = (type_key(&rule.from), type_key(&rule.to));
    let (parent_type, parent_key, child_type, child_key) = match rule.parent {
        ParentEnd::From => (from_type, object.id.clone(), to_type, target.to_owned()),
        ParentEnd::To => (to_type, target.to_owned(), from_type, object.id.clone()),
    };
    NewLink {
        relationship: rule.relationship.clone(),
        qualifier: rule.qualifier.clone(),
        parent_type,
        parent_key,
        child_type,
        child_key,
        quantity: None,
        amount: None,
    }
}

/// A relation no rule describes: kept as the log states it, source as
/// parent, so that nothing in the log is lost.
fn plain_link(
    from_type: &str,
    to_type: Option<&str>,
    object: &OcelObject,
    relation: &OcelRelationship,
) -> NewLink {
    NewLink {
        relationship: String::new(),
        qualifier: relation.qualifier.clone(),
        parent_type: from_type.to_owned(),
        parent_key: object.id.clone(),
        child_type: to_type.unwrap_or_default().to_owned(),
        child_key: relation.object_id.clone(),
        quantity: None,
        amount: None,
    }
}

/// Gives each child the parent's account (if it has none yet) and writes
/// the parent's key into the child's reference field.
fn hand_down(
    rule: &RelationMapping,
    links: &[NewLink],
    records: &mut [NewRecord],
    record_positions: &HashMap<String, usize>,
) {
    for link in links {
        let (Some(&parent), Some(&child)) = (
            record_positions.get(&link.parent_key),
            record_positions.get(&link.child_key),
        ) else {
            continue;
        };
        if rule.account && records[child].account.is_none() {
            records[child].account = records[parent].account.clone();
        }
        if let Some(field) = &rule.field {
            records[child]
                .fields
                .insert(field.clone(), link.parent_key.clone());
        }
    }
}
