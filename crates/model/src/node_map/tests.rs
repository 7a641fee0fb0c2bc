//! The walk over a small world held in memory: shared children, levels,
//! tracking and every kind of override.

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
fn a_record_linked_beside_a_sibling_hangs_under_both() {
    let linked = Override::Link {
        record: L1,
        under: L2,
    };
    let map = walk(&process(vec![O1], vec![linked]), 3);
    assert_eq!(map.node(L1).unwrap().parents, [O1, L2]);
    assert_eq!(map.node(L2).unwrap().child_counts["order_line"], 1);
}

#[test]
fn a_moved_root_leaves_the_top_and_hangs_under_its_new_parent() {
    let moved = Override::Move {
        record: O2,
        under: O1,
    };
    let map = walk(&process(vec![O1, O2], vec![moved]), 3);
    let order = map.node(O2).unwrap();
    assert_eq!(order.depth, 2);
    assert_eq!(order.parents, [O1]);
    assert_eq!(map.node(L3).unwrap().depth, 3);
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
