//! A sales process record's dashboard: its node map drawn as tiles, one band
//! per level, each tile coloured by phase and bordered by tracking.
//!
//! Everything the template shows is worked out here into plain strings, so
//! the template only lays them out.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use throughline_model::{
    BusinessObjectType, Node, Phase, RecordId, TileField, Timestamp, Tracking,
};

use super::PageError;
use super::words::{Fitted, count_of, fitted};
use crate::api::{LevelsQuery, PageQuery, parse_process_number};
use crate::error::ApiError;
use crate::service::{self, Dashboard};
use crate::state::AppState;

/// The depths the level control offers; the API goes deeper.
const LEVEL_CHOICES: std::ops::RangeInclusive<u32> = 1..=6;
/// Characters of a title the heading shows; the rest is in its tooltip.
const TITLE_SHOWN: usize = 160;
/// Parents a tile names before it says how many more there are.
const PARENTS_SHOWN: usize = 3;
/// The pill of a record whose source gave no status, as the command line
/// words it. The phase was only inferred, so naming it ("open") would read
/// as a status the source never sent; the tile keeps the phase's colour.
const NO_STATUS: &str = "no status";
/// Icons drawn in templates/icons.html; any other icon name gets a dot.
const KNOWN_ICONS: &[&str] = &[
    "building", "person", "spark", "target", "document", "list", "cart", "seal", "truck",
    "receipt", "coin", "box",
];

#[derive(Debug, Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub(crate) struct DashboardPage {
    number: String,
    title: Fitted,
    account: String,
    group: String,
    owner: String,
    state: &'static str,
    opened_on: String,
    level_choices: Vec<LevelChoice>,
    summary: String,
    bands: Vec<Band>,
    map_url: String,
}

#[derive(Debug)]
struct LevelChoice {
    levels: u32,
    current: bool,
}

/// The tiles of one depth.
#[derive(Debug)]
struct Band {
    depth: u32,
    summary: String,
    tiles: Vec<Tile>,
}

#[derive(Debug)]
struct Tile {
    /// None when the label already is the key, as in OCEL logs.
    key: Option<String>,
    icon: &'static str,
    type_label: String,
    label: String,
    phase: &'static str,
    tracking: &'static str,
    status: String,
    amount: Option<String>,
    fields: Vec<FieldView>,
    below: String,
    /// None for a root: its band already says it has no parent.
    parents: Option<String>,
    tooltip: String,
}

#[derive(Debug)]
struct FieldView {
    label: String,
    value: String,
}

/// Shows a sales process record's dashboard: its node map as tiles.
pub(crate) async fn show_dashboard(
    State(state): State<AppState>,
    Path(number): Path<String>,
    query: Result<PageQuery<LevelsQuery>, ApiError>,
) -> Result<DashboardPage, PageError> {
    let number = parse_process_number(&number)?;
    let PageQuery(query) = query?;
    let levels = query.levels()?;

    let dashboard = state
        .call(move |store| service::dashboard(store, number, levels))
        .await?;
    Ok(DashboardPage::new(&dashboard))
}

impl DashboardPage {
    fn new(dashboard: &Dashboard) -> Self {
        let process = &dashboard.process;
        let labels = TypeLabels::new(&dashboard.types);
        let levels = dashboard.map.levels;

        Self {
            number: process.number.to_string(),
            title: fitted(&process.title, TITLE_SHOWN),
            account: dashboard.account_name.clone(),
            group: dashboard.group.label.clone(),
            owner: process.owner.clone(),
            state: process.state.as_str(),
            opened_on: process.created_at.date().to_string(),
            level_choices: level_choices(levels),
            summary: summary(&dashboard.map.nodes, &labels),
            bands: bands(&dashboard.map.nodes, &labels),
            map_url: format!("/api/v1/processes/{}/map?levels={levels}", process.number),
        }
    }
}

fn level_choices(current: u32) -> Vec<LevelChoice> {
    let mut choices: Vec<u32> = LEVEL_CHOICES.collect();
    if !choices.contains(&current) {
        choices.push(current);
    }
    choices
        .into_iter()
        .map(|levels| LevelChoice {
            levels,
            current: levels == current,
        })
        .collect()
}

/// "7 records: 2 orders · 3 order lines · 2 deliveries"
fn summary(nodes: &[Node], labels: &TypeLabels<'_>) -> String {
    if nodes.is_empty() {
        return "No records on this map".to_owned();
    }
    let records = if nodes.len() == 1 {
        "record"
    } else {
        "records"
    };
    format!(
        "{} {records}: {}",
        nodes.len(),
        counts_per_type(nodes, labels)
    )
}

/// "2 orders · 3 order lines", in catalog order rather than by key.
fn counts_per_type<'a>(
    nodes: impl IntoIterator<Item = &'a Node>,
    labels: &TypeLabels<'_>,
) -> String {
    // Keyed by position and key both: types missing from the catalog share
    // a position, and must still be counted apart.
    let mut counts: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for node in nodes {
        let type_key = node.type_key.as_str();
        *counts
            .entry((labels.position(type_key), type_key))
            .or_insert(0) += 1;
    }
    counts
        .into_iter()
        .map(|((_, type_key), count)| count_of(count, labels.label(type_key)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The nodes grouped by depth, in the walk's order within each depth so
/// that siblings stay next to each other.
fn bands(nodes: &[Node], labels: &TypeLabels<'_>) -> Vec<Band> {
    let keys: HashMap<RecordId, &str> = nodes
        .iter()
        .map(|node| (node.id, node.key.as_str()))
        .collect();
    let mut by_depth: BTreeMap<u32, Vec<&Node>> = BTreeMap::new();
    for node in nodes {
        by_depth.entry(node.depth).or_default().push(node);
    }

    by_depth
        .into_iter()
        .map(|(depth, nodes)| Band {
            depth,
            summary: counts_per_type(nodes.iter().copied(), labels),
            tiles: nodes.iter().map(|node| tile(node, labels, &keys)).collect(),
        })
        .collect()
}

fn tile(node: &Node, labels: &TypeLabels<'_>, keys: &HashMap<RecordId, &str>) -> Tile {
    let type_label = labels.label(&node.type_key).to_owned();
    let tracking = match node.tracking {
        Tracking::Monitored => "monitored",
        Tracking::Derived => "derived",
    };
    let amount = node.amount.as_ref().map(ToString::to_string);

    Tile {
        tooltip: tooltip(node, &type_label, tracking, keys),
        key: (node.label != node.key).then(|| node.key.clone()),
        icon: labels.icon(&node.type_key),
        label: node.label.clone(),
        phase: phase_class(node.phase),
        tracking,
        status: node.status.clone().unwrap_or_else(|| NO_STATUS.to_owned()),
        fields: tile_fields(node, amount.as_deref()),
        amount,
        below: below(node, labels),
        parents: parents(node, keys),
        type_label,
    }
}

/// "Delivery d-1 from erp, derived, under ol-1, ol-2, ol-3, ol-4": the
/// whole parent list, which the tile itself may shorten.
fn tooltip(
    node: &Node,
    type_label: &str,
    tracking: &str,
    keys: &HashMap<RecordId, &str>,
) -> String {
    let about = format!("{type_label} {} from {}, {tracking}", node.key, node.source);
    if node.parents.is_empty() {
        return about;
    }
    format!("{about}, under {}", parent_keys(node, keys).join(", "))
}

/// The configured fields that have a value, less the one that repeats the
/// amount already shown on the tile.
fn tile_fields(node: &Node, amount: Option<&str>) -> Vec<FieldView> {
    node.fields
        .iter()
        .filter_map(|field| {
            let value = field.value.as_deref()?;
            (Some(value) != amount).then(|| FieldView {
                label: field_label(field),
                value: field_value(value),
            })
        })
        .collect()
}

/// A field the type does not define is labelled by its name; `placed_at`
/// then reads "Placed at".
fn field_label(field: &TileField) -> String {
    if field.label != field.name {
        return field.label.clone();
    }
    let spaced = field.name.replace('_', " ");
    let mut characters = spaced.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

/// A timestamp shows its date only: a tile has no room for seconds.
fn field_value(value: &str) -> String {
    match Timestamp::from_str(value) {
        Ok(stamp) => stamp.date().to_string(),
        Err(_) => value.to_owned(),
    }
}

/// "4 order lines, 1 invoice": the children below a tile, shown or not.
fn below(node: &Node, labels: &TypeLabels<'_>) -> String {
    let mut counts: Vec<(usize, &String, usize)> = node
        .child_counts
        .iter()
        .map(|(type_key, count)| (labels.position(type_key), type_key, *count))
        .collect();
    counts.sort();
    counts
        .into_iter()
        .map(|(_, type_key, count)| count_of(count, labels.label(type_key)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "under ol-1, ol-2, ol-3 +2 more"
fn parents(node: &Node, keys: &HashMap<RecordId, &str>) -> Option<String> {
    let mut named = parent_keys(node, keys);
    if named.is_empty() {
        return None;
    }

    let hidden = named.len().saturating_sub(PARENTS_SHOWN);
    named.truncate(PARENTS_SHOWN);
    let named = named.join(", ");
    if hidden == 0 {
        Some(format!("under {named}"))
    } else {
        Some(format!("under {named} +{hidden} more"))
    }
}

fn parent_keys<'k>(node: &Node, keys: &HashMap<RecordId, &'k str>) -> Vec<&'k str> {
    node.parents
        .iter()
        .map(|parent| keys.get(parent).copied().unwrap_or("?"))
        .collect()
}

fn phase_class(phase: Phase) -> &'static str {
    match phase {
        Phase::Open => "open",
        Phase::InProgress => "in-progress",
        Phase::Done => "done",
        Phase::Cancelled => "cancelled",
    }
}

/// Labels, icons and catalog positions of the business object types, with
/// the key itself standing in for a type the catalog no longer has.
#[derive(Debug)]
struct TypeLabels<'a> {
    types: &'a [BusinessObjectType],
}

impl<'a> TypeLabels<'a> {
    fn new(types: &'a [BusinessObjectType]) -> Self {
        Self { types }
    }

    fn find(&self, type_key: &str) -> Option<&'a BusinessObjectType> {
        self.types.iter().find(|kind| kind.key == type_key)
    }

    fn label<'k>(&self, type_key: &'k str) -> &'k str
    where
        'a: 'k,
    {
        self.find(type_key)
            .map_or(type_key, |kind| kind.label.as_str())
    }

    fn position(&self, type_key: &str) -> usize {
        self.types
            .iter()
            .position(|kind| kind.key == type_key)
            .unwrap_or(self.types.len())
    }

    fn icon(&self, type_key: &str) -> &'static str {
        let icon = self.find(type_key).map_or("", |kind| kind.icon.as_str());
        KNOWN_ICONS
            .iter()
            .find(|known| **known == icon)
            .copied()
            .unwrap_or("dot")
    }
}
