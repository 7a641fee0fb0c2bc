//! Printing for people and for scripts: aligned tables, the node map as a
//! tree, and JSON.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;
use throughline_model::words::count_of;
use throughline_model::{BusinessObjectType, Node, NodeMap, RecordId};

/// Writes text to stdout. When the reader has gone away (`| head`), the
/// write fails with a broken pipe, which `main` ends on quietly, rather
/// than `println!` panicking.
pub fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    emit(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Prints rows under a header, each column as wide as its widest cell.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    emit(&table(header, rows))
}

pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|title| title.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let header: Vec<String> = header.iter().map(|title| (*title).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        let _ = writeln!(text, "{}", cells.join("  ").trim_end());
    }
    text
}

/// The node map as an indented tree. A node with several parents is drawn
/// in full under the first and named again under the others.
pub fn map_tree(map: &NodeMap, types: &[BusinessObjectType]) -> String {
    let children = children_by_parent(map);
    let mut text = String::new();
    let mut drawn = HashSet::new();
    let roots: Vec<&Node> = map
        .nodes
        .iter()
        .filter(|node| node.parents.is_empty())
        .collect();
    let labels = TypeLabels(types);
    for (position, root) in roots.iter().enumerate() {
        let last = position + 1 == roots.len();
        draw(root, "", last, &children, &labels, &mut drawn, &mut text);
    }
    let _ = writeln!(text, "{}", summary(map, &labels));
    text
}

/// `660 nodes at 3 levels: 121 orders, 464 order lines, 75 deliveries`.
fn summary(map: &NodeMap, labels: &TypeLabels<'_>) -> String {
    let nodes = count_of(map.nodes.len(), "node");
    let levels = count_of(map.levels as usize, "level");
    if map.nodes.is_empty() {
        return format!("{nodes} at {levels}: every root is delinked or the roots are gone");
    }
    let mut counts: Vec<(&String, &usize)> = map.counts.iter().collect();
    counts.sort_by_key(|(type_key, _)| labels.position(type_key));
    let counts: Vec<String> = counts
        .into_iter()
        .map(|(type_key, number)| count_of(*number, labels.label(type_key)))
        .collect();
    format!("{nodes} at {levels}: {} (* monitored)", counts.join(", "))
}

/// Type labels by key; a type the catalog lacks shows its key.
struct TypeLabels<'a>(&'a [BusinessObjectType]);

impl<'a> TypeLabels<'a> {
    /// The type's place in the catalog, so counts read top-down as the
    /// dashboard lists them.
    fn position(&self, type_key: &str) -> usize {
        self.0
            .iter()
            .position(|kind| kind.key == type_key)
            .unwrap_or(usize::MAX)
    }

    fn label<'k>(&self, type_key: &'k str) -> &'k str
    where
        'a: 'k,
    {
        self.0
            .iter()
            .find(|kind| kind.key == type_key)
            .map_or(type_key, |kind| kind.label.as_str())
    }
}

fn children_by_parent(map: &NodeMap) -> HashMap<RecordId, Vec<&Node>> {
    let mut children: HashMap<RecordId, Vec<&Node>> = HashMap::new();
    for node in &map.nodes {
        for parent in &node.parents {
            children.entry(*parent).or_default().push(node);
        }
    }
    children
}

fn draw<'a>(
    node: &'a Node,
    prefix: &str,
    last: bool,
    children: &HashMap<RecordId, Vec<&'a Node>>,
    labels: &TypeLabels<'_>,
    drawn: &mut HashSet<RecordId>,
    text: &mut String,
) {
    let branch = if node.depth == 1 {
        ""
    } else if last {
        "└─ "
    } else {
        "├─ "
    };
    if !drawn.insert(node.id) {
        let _ = writeln!(
            text,
            "{prefix}{branch}{} {} (shown above)",
            node.type_key, node.key
        );
        return;
    }
    let _ = writeln!(text, "{prefix}{branch}{}", node_line(node, labels));

    let below = children
        .get(&node.id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let indent = if node.depth == 1 {
        ""
    } else if last {
        "   "
    } else {
        "│  "
    };
    let prefix = format!("{prefix}{indent}");
    for (position, child) in below.iter().enumerate() {
        let last = position + 1 == below.len();
        draw(child, &prefix, last, children, labels, drawn, text);
    }
}

/// `order o-990001 [done: paid] 1353.98 EUR * · 3 order lines`
fn node_line(node: &Node, labels: &TypeLabels<'_>) -> String {
    let mut line = format!("{} {}", node.type_key, node.label);
    let status = node.status.as_deref().unwrap_or("no status");
    let _ = write!(line, " [{}: {status}]", node.phase.as_str());
    if let Some(amount) = &node.amount {
        let _ = write!(line, " {amount}");
    }
    if node.tracking == throughline_model::Tracking::Monitored {
        line.push_str(" *");
    }
    let hidden: Vec<String> = node
        .child_counts
        .iter()
        .map(|(type_key, number)| count_of(*number, labels.label(type_key)))
        .collect();
    if !hidden.is_empty() {
        let _ = write!(line, " · {}", hidden.join(", "));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_line_up_on_the_widest_cell() {
        let rows = vec![
            vec!["SP0001".to_owned(), "AlpenTech Innovations AG".to_owned()],
            vec!["SP0002".to_owned(), "Acme".to_owned()],
        ];
        let text = table(&["number", "account"], &rows);
        assert_eq!(
            text,
            "number  account\nSP0001  AlpenTech Innovations AG\nSP0002  Acme\n"
        );
    }
}
