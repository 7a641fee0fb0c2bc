//! A manager's corrections to a node map: delink, link and move, and the
//! reset that undoes them. Each is stored as an override beside the data
//! links, so no re-import undoes it; a reset removes a record's overrides.
//!
//! Every record named must be one the sales process could hold: of a type in
//! its group and not another account's, the same rule that opening a process
//! applies to its roots. A delink may name a record the map does not show
//! yet: it keeps the record out once the data brings it. A link or a move is
//! stricter: the new parent must be on the map, walked to full depth, and
//! must not hang below the record itself; otherwise the record would vanish
//! from the map instead of moving on it.

use throughline_model::{
    BusinessObjectGroup, NodeMap, Override, ProcessNumber, Record, RecordId, SalesProcess,
};
use throughline_store::Store;

use super::processes::{account_name, check_member, full_map};
use super::{Result, ServiceError, find_group, get_process, resolve_record};

/// Takes a record, and what hangs only below it, out of the map.
pub fn delink_record(store: &dyn Store, number: ProcessNumber, key: &str) -> Result<SalesProcess> {
    let target = Target::read(store, number)?;
    let record = target.member(store, key)?;

    apply(store, number, Override::Delink { record: record.id })
}

/// Pulls a record in under `under_key`, beside its data parents.
pub fn link_record(
    store: &dyn Store,
    number: ProcessNumber,
    key: &str,
    under_key: &str,
) -> Result<SalesProcess> {
    let (record, under) = placement(store, number, key, under_key)?;

    apply(store, number, Override::Link { record, under })
}

/// Hangs a record under `under_key` instead of its data parents.
pub fn move_record(
    store: &dyn Store,
    number: ProcessNumber,
    key: &str,
    under_key: &str,
) -> Result<SalesProcess> {
    let (record, under) = placement(store, number, key, under_key)?;

    apply(store, number, Override::Move { record, under })
}

/// What a reset did: the sales process as it now stands, and how many of
/// the record's overrides it removed (none when it had no override).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordReset {
    pub process: SalesProcess,
    pub removed: u64,
}

/// Puts the record back where the data puts it, removing every delink,
/// link and move of it in the process.
///
/// Unlike the overrides themselves, a reset does not check that the record
/// could belong to the process: its account or type may have changed in a
/// later import, and the manager must still be able to undo an override
/// made before that.
pub fn reset_record(store: &dyn Store, number: ProcessNumber, key: &str) -> Result<RecordReset> {
    get_process(store, number)?;
    let record = resolve_record(store, key)?;

    let removed = store.reset_overrides(number, record.id)?;
    tracing::info!(process = %number, record = record.id.0, removed, "overrides reset");
    Ok(RecordReset {
        process: get_process(store, number)?,
        removed,
    })
}

/// The sales process an override is for, with what its checks read: its
/// map is walked once, to full depth, and serves every check.
struct Target {
    process: SalesProcess,
    group: BusinessObjectGroup,
    account_name: String,
    map: NodeMap,
}

impl Target {
    fn read(store: &dyn Store, number: ProcessNumber) -> Result<Self> {
        let process = get_process(store, number)?;
        let group = find_group(store, &process.group)?;
        let account_name = account_name(store, &process.account)?;
        let map = full_map(store, &process, &group)?;
        Ok(Self {
            process,
            group,
            account_name,
            map,
        })
    }

    /// The record a key names. A bare key two sources share is taken to
    /// mean the one on this process's map, when exactly one of them is:
    /// that is the record the manager is looking at.
    fn resolve(&self, store: &dyn Store, key: &str) -> Result<Record> {
        let ambiguity = match resolve_record(store, key) {
            Err(error @ ServiceError::Ambiguous { .. }) => error,
            resolved => return resolved,
        };
        let mut on_map: Vec<Record> = store
            .records_by_key(key)?
            .into_iter()
            .filter(|record| self.map.node(record.id).is_some())
            .collect();
        match on_map.len() {
            1 => Ok(on_map.remove(0)),
            _ => Err(ambiguity),
        }
    }

    /// The record a person named, if the process could hold it.
    fn member(&self, store: &dyn Store, key: &str) -> Result<Record> {
        let record = self.resolve(store, key)?;
        check_member(
            &record,
            &self.group,
            &self.process.account,
            &self.account_name,
        )?;
        Ok(record)
    }
}

/// The record to place and its new parent, after the checks a placement
/// needs.
fn placement(
    store: &dyn Store,
    number: ProcessNumber,
    key: &str,
    under_key: &str,
) -> Result<(RecordId, RecordId)> {
    let target = Target::read(store, number)?;
    let record = target.member(store, key)?;
    let under = target.resolve(store, under_key)?;

    if record.id == under.id {
        return Err(ServiceError::Invalid(format!(
            "record '{key}' cannot be placed under itself"
        )));
    }
    check_on_map(&target, &under)?;
    check_not_below(store, &target, &record, &under)?;
    Ok((record.id, under.id))
}

/// A record hung under something off the map would be off the map too:
/// the manager would see it vanish rather than move.
fn check_on_map(target: &Target, under: &Record) -> Result<()> {
    if target.map.node(under.id).is_some() {
        return Ok(());
    }
    Err(ServiceError::Invalid(format!(
        "{} is not in {}'s map, so nothing can hang under it",
        under.key, target.process.number
    )))
}

/// Hanging a record under one of its own descendants would make it its own
/// ancestor; the walk cannot draw that loop, so it is refused here.
fn check_not_below(
    store: &dyn Store,
    target: &Target,
    record: &Record,
    under: &Record,
) -> Result<()> {
    let below = subtree(store, &target.process, &target.group, record.id)?;
    if below.node(under.id).is_none() {
        return Ok(());
    }
    Err(ServiceError::Invalid(format!(
        "{} cannot hang under {}, which hangs below it",
        record.key, under.key
    )))
}

/// What hangs below `record`, walked the way the map walks but from the
/// record itself. A record the map does not show yet can still have
/// descendants on it (a delivery shared with a line of another order), so
/// walking from the process's roots would miss them. The record's own
/// override is left out: the new one replaces it.
fn subtree(
    store: &dyn Store,
    process: &SalesProcess,
    group: &BusinessObjectGroup,
    record: RecordId,
) -> Result<NodeMap> {
    let overrides = process
        .overrides
        .iter()
        .copied()
        .filter(|entry| entry.record() != record)
        .collect();
    let from_record = SalesProcess {
        roots: vec![record],
        chosen_children: Vec::new(),
        overrides,
        ..process.clone()
    };
    full_map(store, &from_record, group)
}

/// Stores the override; one that repeats the record's override in force
/// changes nothing, and says so only in the debug log.
fn apply(store: &dyn Store, number: ProcessNumber, entry: Override) -> Result<SalesProcess> {
    if store.add_override(number, entry)? {
        log_override(number, entry);
    } else {
        let record = entry.record().0;
        tracing::debug!(process = %number, record, "override already in force");
    }

    get_process(store, number)
}

/// One line per override, its parts as separate fields so a log search can
/// pick out every move under one record.
fn log_override(number: ProcessNumber, entry: Override) {
    let (kind, under) = match entry {
        Override::Delink { .. } => ("delink", None),
        Override::Link { under, .. } => ("link", Some(under.0)),
        Override::Move { under, .. } => ("move", Some(under.0)),
    };
    let record = entry.record().0;
    tracing::info!(process = %number, kind, record, under, "override recorded");
}
