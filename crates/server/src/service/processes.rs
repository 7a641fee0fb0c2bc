//! Sales process records: opening one for an account, listing them, and
//! drawing one as a node map.

use serde::Deserialize;
use throughline_model::node_map::MAX_LEVELS;
use throughline_model::{
    BusinessObjectGroup, BusinessObjectType, MapRequest, NodeMap, ProcessNumber, ProcessState,
    Record, SalesProcess, Timestamp, build_node_map,
};
use throughline_store::{AccountSummary, NewSalesProcess, RecordFilter, Store, StoreMapData};

use super::{Result, ServiceError, find_group, resolve_account, resolve_record};

/// Owner of a sales process record nobody was named for.
const UNASSIGNED: &str = "unassigned";

/// What a person asks for when opening a sales process record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateProcess {
    /// An account's key or name.
    pub account: String,
    /// A business object group's key, such as `order-to-cash`.
    pub group: String,
    /// External keys of the root records, in any form
    /// [`resolve_record`](super::resolve_record) reads (`TYPE:KEY` or
    /// `SOURCE:TYPE:KEY` where a key alone is ambiguous); empty to follow all
    /// of the account's top records.
    #[serde(default)]
    pub roots: Vec<String>,
    /// Children picked with the roots; they are monitored like the roots.
    #[serde(default)]
    pub children: Vec<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// Opens a sales process record for an account inside a group.
pub fn create_process(store: &dyn Store, request: CreateProcess) -> Result<SalesProcess> {
    let group = find_group(store, &request.group)?;
    let account = resolve_account(store, &request.account)?;
    let roots = if request.roots.is_empty() {
        default_roots(store, &group, &account)?
    } else {
        chosen_records(store, &group, &account, &request.roots)?
    };
    let children = chosen_records(store, &group, &account, &request.children)?;
    check_children_below_roots(store, &group, &roots, &children)?;

    let title = given_or(request.title, || {
        format!("{} — {}", account.name, group.label)
    });
    let new_process = NewSalesProcess {
        title,
        account: account.key,
        group: group.key,
        owner: given_or(request.owner, || UNASSIGNED.to_owned()),
        roots: roots.iter().map(|record| record.id).collect(),
        chosen_children: children.iter().map(|record| record.id).collect(),
    };

    let process = store.create_process(&new_process)?;
    let roots = process.roots.len();
    tracing::info!(process = %process.number, roots, "sales process record opened");
    Ok(process)
}

/// Every record of the group's topmost member type that the account has:
/// its opportunities if it has any, else its quotes, else its orders.
fn default_roots(
    store: &dyn Store,
    group: &BusinessObjectGroup,
    account: &AccountSummary,
) -> Result<Vec<Record>> {
    for type_key in &group.member_types {
        let filter = RecordFilter {
            type_key: Some(type_key.clone()),
            account: Some(account.key.clone()),
            limit: None,
        };
        let records = store.records(&filter)?;
        if !records.is_empty() {
            return Ok(records);
        }
    }
    Err(ServiceError::Invalid(format!(
        "account '{}' has no records of the types in group '{}' ({})",
        account.name,
        group.key,
        group.member_types.join(", ")
    )))
}

/// The records named as roots or chosen children, each checked to belong
/// to the group's types and to the account, since a map walked from
/// anything else shows nothing or shows another customer's deal.
fn chosen_records(
    store: &dyn Store,
    group: &BusinessObjectGroup,
    account: &AccountSummary,
    keys: &[String],
) -> Result<Vec<Record>> {
    let mut roots: Vec<Record> = Vec::with_capacity(keys.len());
    for key in keys {
        let record = resolve_record(store, key)?;
        check_member(&record, group, &account.key, &account.name)?;
        if roots.iter().all(|root| root.id != record.id) {
            roots.push(record);
        }
    }
    Ok(roots)
}

/// Refuses a chosen child that the new process's map would not show: one
/// that hangs below none of the roots, as a line of another order does.
/// Stored anyway, it would be monitored on paper and never drawn. The map
/// is walked to full depth, so a child past the group's usual levels still
/// counts as below its root.
fn check_children_below_roots(
    store: &dyn Store,
    group: &BusinessObjectGroup,
    roots: &[Record],
    children: &[Record],
) -> Result<()> {
    if children.is_empty() {
        return Ok(());
    }
    let planned = planned_process(group, roots, children);
    let map = full_map(store, &planned, group)?;

    match children.iter().find(|child| map.node(child.id).is_none()) {
        None => Ok(()),
        Some(child) => Err(ServiceError::Invalid(format!(
            "{} is not below any chosen root; choose its parent record as a root, \
             or link it in after creating the process",
            child.key
        ))),
    }
}

/// The process as it would be once stored, held in memory only so that
/// its map can be walked before anything is written. Its number, title,
/// account and owner play no part in the walk.
fn planned_process(
    group: &BusinessObjectGroup,
    roots: &[Record],
    children: &[Record],
) -> SalesProcess {
    SalesProcess {
        number: ProcessNumber(0),
        title: String::new(),
        account: String::new(),
        group: group.key.clone(),
        owner: String::new(),
        state: ProcessState::Open,
        roots: roots.iter().map(|record| record.id).collect(),
        chosen_children: children.iter().map(|record| record.id).collect(),
        overrides: Vec::new(),
        created_at: Timestamp::now(),
    }
}

/// The map at the deepest level a map may have, so a record past the
/// group's usual depth still counts as on it. Only the map's shape is read
/// here, so the tiles need no type catalog for their labels.
pub(super) fn full_map(
    store: &dyn Store,
    process: &SalesProcess,
    group: &BusinessObjectGroup,
) -> Result<NodeMap> {
    let request = MapRequest {
        process,
        group,
        types: &[],
        levels: MAX_LEVELS,
    };
    Ok(build_node_map(request, &StoreMapData(store))?)
}

/// Refuses a record that a sales process of this group and account cannot
/// hold: one of a type outside the group, or one owned by another account.
/// A record whose source names no account passes, since nothing says it is
/// someone else's. Opening a process and every override share this rule.
pub(super) fn check_member(
    record: &Record,
    group: &BusinessObjectGroup,
    account_key: &str,
    account_name: &str,
) -> Result<()> {
    let name = format!("{}:{}", record.type_key, record.key);
    if !group.member_types.contains(&record.type_key) {
        return Err(ServiceError::Invalid(format!(
            "record {name} is of type {}, which group '{}' does not include",
            record.type_key, group.key
        )));
    }

    match &record.account {
        Some(owner) if owner != account_key => Err(ServiceError::Invalid(format!(
            "record {name} belongs to account '{owner}', not '{account_name}'"
        ))),
        _ => Ok(()),
    }
}

/// The text a person gave, unless they left it blank.
fn given_or(text: Option<String>, default: impl FnOnce() -> String) -> String {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(default)
}

pub fn list_processes(store: &dyn Store) -> Result<Vec<SalesProcess>> {
    Ok(store.processes()?)
}

pub fn get_process(store: &dyn Store, number: ProcessNumber) -> Result<SalesProcess> {
    store
        .process(number)?
        .ok_or_else(|| ServiceError::NotFound(format!("sales process record {number}")))
}

/// Everything a dashboard draws: the process, its group, the type catalog
/// for labels and icons, and the node map itself.
#[derive(Clone, Debug)]
pub struct Dashboard {
    pub process: SalesProcess,
    /// The account's name, or its key when no account record names it.
    pub account_name: String,
    pub group: BusinessObjectGroup,
    pub types: Vec<BusinessObjectType>,
    pub map: NodeMap,
}

/// The node map of a sales process record, `levels` deep or as deep as its
/// group's layout says.
pub fn node_map(store: &dyn Store, number: ProcessNumber, levels: Option<u32>) -> Result<NodeMap> {
    Ok(dashboard(store, number, levels)?.map)
}

pub fn dashboard(
    store: &dyn Store,
    number: ProcessNumber,
    levels: Option<u32>,
) -> Result<Dashboard> {
    let process = get_process(store, number)?;
    let group = find_group(store, &process.group)?;
    let types = store.business_object_types()?;
    let levels = check_levels(levels.unwrap_or(group.layout.levels))?;

    let request = MapRequest {
        process: &process,
        group: &group,
        types: &types,
        levels,
    };
    let map = build_node_map(request, &StoreMapData(store))?;
    let account_name = account_name(store, &process.account)?;
    Ok(Dashboard {
        process,
        account_name,
        group,
        types,
        map,
    })
}

/// The name of the account with this key, or the key itself when no
/// account record names it.
pub(super) fn account_name(store: &dyn Store, key: &str) -> Result<String> {
    // The account record's own name, read through the (account, type)
    // index: every dashboard view and every override asks, and listing all
    // accounts with their counts would scan every record.
    let filter = RecordFilter {
        type_key: Some("account".to_owned()),
        account: Some(key.to_owned()),
        limit: None,
    };
    let account = store
        .records(&filter)?
        .into_iter()
        .find(|record| record.key == key);
    Ok(account.map_or_else(|| key.to_owned(), |record| record.display_name))
}

/// Reads a depth a person typed.
pub fn parse_levels(text: &str) -> Result<u32> {
    let levels = text
        .trim()
        .parse()
        .map_err(|_| ServiceError::Invalid(levels_message(text)))?;
    check_levels(levels)
}

/// The walk would clamp a depth out of range; refusing it instead tells
/// the person their request was not what they got.
fn check_levels(levels: u32) -> Result<u32> {
    if (1..=MAX_LEVELS).contains(&levels) {
        Ok(levels)
    } else {
        Err(ServiceError::Invalid(levels_message(&levels.to_string())))
    }
}

fn levels_message(given: &str) -> String {
    format!("levels must be a whole number from 1 to {MAX_LEVELS}, not '{given}'")
}
