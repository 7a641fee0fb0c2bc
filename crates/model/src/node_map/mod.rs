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
    /// Every (parent, child) pair seen, to the last level and one past it.
    edges: HashSet<(RecordId, RecordId)>,
    /// Those children counted per parent and type.
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
        let in_force = InForce::of(process);
        // A delinked root leaves the map; a moved one hangs under its new
        // parent instead of standing at the top.
        let roots: Vec<RecordId> = unique(&process.roots)
            .into_iter()
            .filter(|root| in_force.keeps_data_parents(*root))
            .collect();
        for root in &roots {
            walk.place(*root, 1);
        }

        let mut frontier = roots;
        for depth in 1..=levels {
            if frontier.is_empty() {
                break;
            }
            let edges = edges_below(&in_force, &frontier, relationships, data)?;
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
    /// A record already on the map gains the edge's parent wherever it
    /// stands, unless that would make it its own ancestor: a tree cannot
    /// draw a cycle. Edges from the last level only count children.
    fn extend(&mut self, edges: &[Edge], depth: u32, levels: u32) -> Vec<RecordId> {
        let mut next = Vec::new();
        for edge in edges {
            let placed = self.depth.contains_key(&edge.child);
            if placed && self.is_ancestor(edge.child, edge.parent) {
                continue;
            }
            if !self.note_child(edge) {
                continue;
            }

            if !placed {
                if depth == levels {
                    continue;
                }
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

    /// Counts a child below its parent; false when the pair is known.
    fn note_child(&mut self, edge: &Edge) -> bool {
        if !self.edges.insert((edge.parent, edge.child)) {
            return false;
        }
        let counts = self.child_counts.entry(edge.parent).or_default();
        *counts.entry(edge.child_type.clone()).or_insert(0) += 1;
        true
    }

    /// Whether `candidate` is `record` or stands anywhere above it.
    fn is_ancestor(&self, candidate: RecordId, record: RecordId) -> bool {
        let mut seen = HashSet::new();
        let mut pending = vec![record];
        while let Some(current) = pending.pop() {
            if current == candidate {
                return true;
            }
            if seen.insert(current) {
                pending.extend(self.parents.get(&current).into_iter().flatten());
            }
        }
        false
    }
}

/// The data edges below `parents` after the overrides: delinked children
/// and the data parents of moved children drop out, manual links join
/// beside the data edges.
fn edges_below<D: MapData>(
    in_force: &InForce,
    parents: &[RecordId],
    relationships: &[String],
    data: &D,
) -> Result<Vec<Edge>, D::Error> {
    let mut edges: Vec<Edge> = data
        .child_edges(parents, relationships)?
        .into_iter()
        .filter(|edge| in_force.keeps_data_parents(edge.child))
        .collect();

    edges.extend(manual_edges_below(in_force, parents, data)?);
    Ok(edges)
}

/// Edges the manager drew under any of `parents`.
fn manual_edges_below<D: MapData>(
    in_force: &InForce,
    parents: &[RecordId],
    data: &D,
) -> Result<Vec<Edge>, D::Error> {
    let frontier: HashSet<RecordId> = parents.iter().copied().collect();
    let drawn: Vec<(RecordId, RecordId)> = in_force
        .in_order
        .iter()
        .filter_map(|entry| match *entry {
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

/// The override in force for each record, the latest the manager made,
/// worked out once per walk rather than for every edge.
struct InForce {
    by_record: HashMap<RecordId, Override>,
    /// The same overrides in the order their records were first overridden,
    /// so the map's order never depends on hashing.
    in_order: Vec<Override>,
}

impl InForce {
    fn of(process: &SalesProcess) -> Self {
        let mut by_record = HashMap::new();
        for entry in &process.overrides {
            by_record.insert(entry.record(), *entry);
        }
        let records: Vec<RecordId> = process
            .overrides
            .iter()
            .map(|entry| entry.record())
            .collect();
        let in_order = unique(&records)
            .iter()
            .map(|record| by_record[record])
            .collect();
        Self {
            by_record,
            in_order,
        }
    }

    /// A linked record keeps its data parents; a moved or delinked one does
    /// not.
    fn keeps_data_parents(&self, record: RecordId) -> bool {
        matches!(
            self.by_record.get(&record),
            None | Some(Override::Link { .. })
        )
    }
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
mod tests;
