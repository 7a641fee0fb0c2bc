//! The node map: the hierarchy of a sales process record, walked from its
//! roots through its group's relationships, honouring the manager's
//! overrides, down to a chosen number of levels.
//!
//! The walk is pure. It asks a [`MapData`] for the data edges below one level
//! at a time and for the records it reached, so the store decides how to
//! fetch them and this module decides what the map is.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::business_object_type::{BusinessObjectType, FieldKind, Phase};
use crate::group::BusinessObjectGroup;
use crate::money::Money;
use crate::record::{Edge, LinkOrigin, Record, RecordId};
use crate::sales_process::{Override, ProcessNumber, SalesProcess};

/// The most levels a map may be asked for; deeper hierarchies are not
/// something a person reads as tiles.
pub const MAX_LEVELS: u32 = 12;

/// What the walk needs from storage.
pub trait MapData {
    type Error;

    /// Data edges whose parent is one of `parents`, through one of
    /// `relationships`.
    fn child_edges(
        &self,
        parents: &[RecordId],
        relationships: &[String],
    ) -> Result<Vec<Edge>, Self::Error>;

    /// The records with these ids; unknown ids are left out.
    fn records(&self, ids: &[RecordId]) -> Result<Vec<Record>, Self::Error>;
}

/// Whether the manager chose a record or the data merely relates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tracking {
    Monitored,
    Derived,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TileField {
    pub name: String,
    pub label: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub id: RecordId,
    #[serde(rename = "type")]
    pub type_key: String,
    pub key: String,
    pub label: String,
    pub phase: Phase,
    pub status: Option<String>,
    pub amount: Option<Money>,
    /// 1 for the roots.
    pub depth: u32,
    pub parents: Vec<RecordId>,
    pub tracking: Tracking,
    pub fields: Vec<TileField>,
    /// Children per type below this node, including those past the last
    /// level shown, so a leaf can say what it hides.
    pub child_counts: BTreeMap<String, usize>,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeMap {
    pub process: ProcessNumber,
    pub levels: u32,
    pub nodes: Vec<Node>,
    /// Nodes per type, for a summary line.
    pub counts: BTreeMap<String, usize>,
}

impl NodeMap {
    pub fn node(&self, id: RecordId) -> Option<&Node> {
        self.nodes.iter().find(|node| node.id == id)
    }

    pub fn children_of(&self, id: RecordId) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(move |node| node.parents.contains(&id))
    }
}

/// What a walk reads: the process, its group and the type catalog.
#[derive(Clone, Copy, Debug)]
pub struct MapRequest<'a> {
    pub process: &'a SalesProcess,
    pub group: &'a BusinessObjectGroup,
    pub types: &'a [BusinessObjectType],
    pub levels: u32,
}

/// Walks the map. `levels` is clamped to 1..=[`MAX_LEVELS`].
pub fn build_node_map<D: MapData>(request: MapRequest<'_>, data: &D) -> Result<NodeMap, D::Error> {
    let levels = request.levels.clamp(1, MAX_LEVELS);
    let walk = Walk::run(request.process, &request.group.relationships, levels, data)?;

    let ids: Vec<RecordId> = walk.order.clone();
    let records: HashMap<RecordId, Record> = data
        .records(&ids)?
        .into_iter()
        .map(|record| (record.id, record))
        .collect();

    let nodes: Vec<Node> = ids
        .iter()
        .filter_map(|id| records.get(id))
        .map(|record| make_node(record, &walk, request))
        .collect();
    let mut counts = BTreeMap::new();
    for node in &nodes {
        *counts.entry(node.type_key.clone()).or_insert(0) += 1;
    }
    Ok(NodeMap {
        process: request.process.number,
        levels,
        nodes,
        counts,
    })
}

/// The shape of the map before records are read: who is where, below whom.
#[derive(Debug, Default)]
struct Walk {
    order: Vec<RecordId>,
    depth: HashMap<RecordId, u32>,
    parents: HashMap<RecordId, Vec<RecordId>>,
    /// Every child below each node, to the last level and one past it.
    children: HashMap<RecordId, Vec<RecordId>>,
    /// The same children counted per type.
    child_counts: HashMap<RecordId, BTreeMap<String, usize>>,
}

impl Walk {
    fn run<D: MapData>(
        process: &SalesProcess,
        relationships: &[String],
        levels: u32,
        data: &D,
    ) -> Result<Self, D::Error> {
        let mut walk = Self::default();
        let roots: Vec<RecordId> = unique(&process.roots)
            .into_iter()
            .filter(|root| !is_delinked(process, *root))
            .collect();
        for root in &roots {
            walk.place(*root, 1);
        }

        let mut frontier = roots;
        for depth in 1..=levels {
            if frontier.is_empty() {
                break;
            }
            let edges = edges_below(process, &frontier, relationships, data)?;
            frontier = walk.extend(&edges, depth, levels);
        }
        Ok(walk)
    }

    fn place(&mut self, id: RecordId, depth: u32) {
        self.order.push(id);
        self.depth.insert(id, depth);
        self.parents.insert(id, Vec::new());
    }

    /// Adds the edges below the nodes at `depth`; returns the new nodes.
    /// Edges from the last level only count children, they add no nodes.
    /// An edge up or across the map (to a record already shown at this
    /// depth or above) is left out: it would make a record its own
    /// ancestor, and a tree cannot draw that.
    fn extend(&mut self, edges: &[Edge], depth: u32, levels: u32) -> Vec<RecordId> {
        let mut next = Vec::new();
        for edge in edges {
            let placed = self.depth.get(&edge.child).copied();
            if placed.is_some_and(|child_depth| child_depth <= depth) {
                continue;
            }
            let siblings = self.children.entry(edge.parent).or_default();
            if siblings.contains(&edge.child) {
                continue;
            }
            siblings.push(edge.child);
            let counts = self.child_counts.entry(edge.parent).or_default();
            *counts.entry(edge.child_type.clone()).or_insert(0) += 1;
            if depth == levels {
                continue;
            }

            if placed.is_none() {
                self.place(edge.child, depth + 1);
                next.push(edge.child);
            }
            self.parents
                .entry(edge.child)
                .or_default()
                .push(edge.parent);
        }
        next
    }
}

/// The data edges below `parents` after the overrides: delinked children
/// and the data parents of moved children drop out, manual links join
/// beside the data edges.
fn edges_below<D: MapData>(
    process: &SalesProcess,
    parents: &[RecordId],
    relationships: &[String],
    data: &D,
) -> Result<Vec<Edge>, D::Error> {
    let mut edges: Vec<Edge> = data
        .child_edges(parents, relationships)?
        .into_iter()
        .filter(|edge| keeps_data_parents(process, edge.child))
        .collect();

    edges.extend(manual_edges_below(process, parents, data)?);
    Ok(edges)
}

/// Edges the manager drew under any of `parents`.
fn manual_edges_below<D: MapData>(
    process: &SalesProcess,
    parents: &[RecordId],
    data: &D,
) -> Result<Vec<Edge>, D::Error> {
    let frontier: HashSet<RecordId> = parents.iter().copied().collect();
    let drawn: Vec<(RecordId, RecordId)> = latest_overrides(process)
        .into_iter()
        .filter_map(|entry| match entry {
            Override::Link { record, under } | Override::Move { record, under } => {
                frontier.contains(&under).then_some((under, record))
            }
            Override::Delink { .. } => None,
        })
        .collect();
    if drawn.is_empty() {
        return Ok(Vec::new());
    }

    let children: Vec<RecordId> = drawn.iter().map(|(_, child)| *child).collect();
    let types: HashMap<RecordId, String> = data
        .records(&children)?
        .into_iter()
        .map(|record| (record.id, record.type_key))
        .collect();
    let edges = drawn
        .into_iter()
        .filter_map(|(parent, child)| {
            Some(Edge {
                relationship: "manual".to_owned(),
                parent,
                child,
                child_type: types.get(&child)?.clone(),
                origin: LinkOrigin::Manual,
            })
        })
        .collect();
    Ok(edges)
}

/// One override per record: the latest the manager made.
fn latest_overrides(process: &SalesProcess) -> Vec<Override> {
    let records = unique(
        &process
            .overrides
            .iter()
            .map(|entry| entry.record())
            .collect::<Vec<_>>(),
    );
    records
        .into_iter()
        .filter_map(|record| process.override_for(record))
        .collect()
}

/// A linked record keeps its data parents; a moved or delinked one does not.
fn keeps_data_parents(process: &SalesProcess, record: RecordId) -> bool {
    matches!(
        process.override_for(record),
        None | Some(Override::Link { .. })
    )
}

fn is_delinked(process: &SalesProcess, record: RecordId) -> bool {
    matches!(process.override_for(record), Some(Override::Delink { .. }))
}

fn unique(ids: &[RecordId]) -> Vec<RecordId> {
    let mut seen = HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

fn make_node(record: &Record, walk: &Walk, request: MapRequest<'_>) -> Node {
    let business_type = request
        .types
        .iter()
        .find(|kind| kind.key == record.type_key);
    let child_counts = walk
        .child_counts
        .get(&record.id)
        .cloned()
        .unwrap_or_default();
    let tracking = if request.process.is_monitored(record.id) {
        Tracking::Monitored
    } else {
        Tracking::Derived
    };
    Node {
        id: record.id,
        type_key: record.type_key.clone(),
        key: record.key.clone(),
        label: record.display_name.clone(),
        phase: record.phase,
        status: record.source_status.clone(),
        amount: record.amount.clone(),
        depth: walk.depth[&record.id],
        parents: walk.parents[&record.id].clone(),
        tracking,
        fields: tile_fields(record, business_type, request.group),
        child_counts,
        source: record.source.clone(),
    }
}

fn tile_fields(
    record: &Record,
    business_type: Option<&BusinessObjectType>,
    group: &BusinessObjectGroup,
) -> Vec<TileField> {
    group
        .tile_fields(&record.type_key)
        .iter()
        .map(|name| {
            let definition = business_type.and_then(|kind| kind.field(name));
            let label = definition.map_or_else(|| name.clone(), |field| field.label.clone());
            let is_money = definition.is_some_and(|field| field.kind == FieldKind::Money);
            TileField {
                name: name.clone(),
                label,
                value: field_value(record, name, is_money),
            }
        })
        .collect()
}

/// A money field reads with its currency when it is the record's amount.
fn field_value(record: &Record, name: &str, is_money: bool) -> Option<String> {
    let value = record.fields.get(name)?;
    match &record.amount {
        Some(amount) if is_money && amount.amount.to_string() == *value => Some(amount.to_string()),
        _ => Some(value.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::order_to_cash;
    use crate::sales_process::ProcessState;
    use crate::timestamp::Timestamp;
    use crate::{ProcessNumber, built_in_types};

    /// A small world held in memory: two orders, three lines, two
    /// deliveries, one of them shipping lines of both orders.
    struct World {
        records: Vec<Record>,
        edges: Vec<Edge>,
    }

    const O1: RecordId = RecordId(1);
    const O2: RecordId = RecordId(2);
    const L1: RecordId = RecordId(11);
    const L2: RecordId = RecordId(12);
    const L3: RecordId = RecordId(13);
    const D1: RecordId = RecordId(21);
    const D2: RecordId = RecordId(22);

    fn record(id: RecordId, type_key: &str) -> Record {
        Record {
            id,
            source: "test".to_owned(),
            type_key: type_key.to_owned(),
            key: format!("k{}", id.0),
            account: Some("Acme".to_owned()),
            display_name: format!("{type_key} {}", id.0),
            source_status: None,
            phase: Phase::Open,
            amount: None,
            fields: BTreeMap::new(),
            first_seen: None,
            last_changed: None,
        }
    }

    fn edge(parent: RecordId, child: RecordId, child_type: &str) -> Edge {
        let relationship = if child_type == "order_line" {
            "order.order_line"
        } else {
            "order_line.delivery"
        };
        Edge {
            relationship: relationship.to_owned(),
            parent,
            child,
            child_type: child_type.to_owned(),
            origin: LinkOrigin::Data,
        }
    }

    fn world() -> World {
        let records = vec![
            record(O1, "order"),
            record(O2, "order"),
            record(L1, "order_line"),
            record(L2, "order_line"),
            record(L3, "order_line"),
            record(D1, "delivery"),
            record(D2, "delivery"),
        ];
        let edges = vec![
            edge(O1, L1, "order_line"),
            edge(O1, L2, "order_line"),
            edge(O2, L3, "order_line"),
            edge(L1, D1, "delivery"),
            edge(L2, D1, "delivery"),
            edge(L2, D2, "delivery"),
            edge(L3, D1, "delivery"),
        ];
        World { records, edges }
    }

    impl MapData for World {
        type Error = std::convert::Infallible;

        fn child_edges(
            &self,
            parents: &[RecordId],
            relationships: &[String],
        ) -> Result<Vec<Edge>, Self::Error> {
            Ok(self
                .edges
                .iter()
                .filter(|edge| parents.contains(&edge.parent))
                .filter(|edge| relationships.contains(&edge.relationship))
                .cloned()
                .collect())
        }

        fn records(&self, ids: &[RecordId]) -> Result<Vec<Record>, Self::Error> {
            Ok(self
                .records
                .iter()
                .filter(|record| ids.contains(&record.id))
                .cloned()
                .collect())
        }
    }

    fn process(roots: Vec<RecordId>, overrides: Vec<Override>) -> SalesProcess {
        SalesProcess {
            number: ProcessNumber(1),
            title: "Acme orders".to_owned(),
            account: "Acme".to_owned(),
            group: "order-to-cash".to_owned(),
            owner: "ana".to_owned(),
            state: ProcessState::Open,
            roots,
            chosen_children: vec![],
            overrides,
            created_at: Timestamp::now(),
        }
    }

    fn walk(process: &SalesProcess, levels: u32) -> NodeMap {
        let group = order_to_cash();
        let types = built_in_types();
        let request = MapRequest {
            process,
            group: &group,
            types: &types,
            levels,
        };
        build_node_map(request, &world()).unwrap()
    }

    fn ids(map: &NodeMap) -> Vec<RecordId> {
        let mut ids: Vec<RecordId> = map.nodes.iter().map(|node| node.id).collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_record_reached_from_two_parents_is_one_node_listing_both() {
        let map = walk(&process(vec![O1, O2], vec![]), 3);
        assert_eq!(ids(&map), [O1, O2, L1, L2, L3, D1, D2]);
        assert_eq!(map.node(D1).unwrap().parents, [L1, L2, L3]);
        assert_eq!(map.node(D1).unwrap().depth, 3);
        assert_eq!(map.counts["delivery"], 2);
    }

    #[test]
    fn the_walk_stops_at_the_level_asked_and_counts_what_lies_below() {
        let map = walk(&process(vec![O1], vec![]), 2);
        assert_eq!(ids(&map), [O1, L1, L2]);
        let line = map.node(L2).unwrap();
        assert_eq!(line.child_counts["delivery"], 2);
        assert_eq!(map.node(O1).unwrap().child_counts["order_line"], 2);
    }

    #[test]
    fn roots_are_monitored_and_records_reached_through_data_are_derived() {
        let map = walk(&process(vec![O1], vec![]), 3);
        assert_eq!(map.node(O1).unwrap().tracking, Tracking::Monitored);
        assert_eq!(map.node(L1).unwrap().tracking, Tracking::Derived);
    }

    #[test]
    fn a_delinked_record_takes_its_own_subtree_but_not_shared_children() {
        let map = walk(&process(vec![O1], vec![Override::Delink { record: L2 }]), 3);
        assert_eq!(ids(&map), [O1, L1, D1]);
        assert_eq!(map.node(D1).unwrap().parents, [L1]);
    }

    #[test]
    fn a_delinked_root_leaves_the_map() {
        let map = walk(
            &process(vec![O1, O2], vec![Override::Delink { record: O2 }]),
            1,
        );
        assert_eq!(ids(&map), [O1]);
    }

    #[test]
    fn a_moved_record_hangs_only_under_its_new_parent() {
        let moved = Override::Move {
            record: D2,
            under: L1,
        };
        let map = walk(&process(vec![O1], vec![moved]), 3);
        let delivery = map.node(D2).unwrap();
        assert_eq!(delivery.parents, [L1]);
        assert_eq!(delivery.tracking, Tracking::Monitored);
    }

    #[test]
    fn a_linked_record_joins_beside_its_data_parents() {
        let linked = Override::Link {
            record: L3,
            under: O1,
        };
        let map = walk(&process(vec![O1], vec![linked]), 2);
        assert_eq!(ids(&map), [O1, L1, L2, L3]);
        assert_eq!(map.node(L3).unwrap().parents, [O1]);
        assert_eq!(map.node(L3).unwrap().tracking, Tracking::Monitored);
    }

    #[test]
    fn a_record_linked_under_another_parent_keeps_its_data_parents() {
        let linked = Override::Link {
            record: D2,
            under: L1,
        };
        let map = walk(&process(vec![O1], vec![linked]), 3);
        assert_eq!(map.node(D2).unwrap().parents, [L2, L1]);
        assert_eq!(map.node(L2).unwrap().child_counts["delivery"], 2);
    }

    #[test]
    fn a_link_under_its_own_descendant_never_makes_a_record_its_own_ancestor() {
        let cycle = Override::Link {
            record: O1,
            under: L1,
        };
        let map = walk(&process(vec![O1], vec![cycle]), 3);
        let order = map.node(O1).unwrap();
        assert_eq!(order.depth, 1);
        assert!(order.parents.is_empty());
        assert!(!map.node(L1).unwrap().child_counts.contains_key("order"));
    }

    #[test]
    fn a_relink_after_a_delink_brings_the_record_back() {
        let overrides = vec![
            Override::Delink { record: L2 },
            Override::Link {
                record: L2,
                under: O1,
            },
        ];
        let map = walk(&process(vec![O1], overrides), 2);
        assert_eq!(ids(&map), [O1, L1, L2]);
    }

    #[test]
    fn levels_are_clamped_to_at_least_one() {
        let map = walk(&process(vec![O1], vec![]), 0);
        assert_eq!(map.levels, 1);
        assert_eq!(ids(&map), [O1]);
    }
}
