//! Listing commands: types, groups, accounts and records.

use std::path::Path;

use anyhow::Context as _;
use throughline_model::BusinessObjectType;
use throughline_server::service;
use throughline_store::{RecordFilter, Store};

use super::{create_store, open_store};
use crate::cli::{Global, RecordsArguments, TypesCommand};
use crate::output::{emit, print_json, print_table};

pub fn types(global: &Global, command: Option<TypesCommand>) -> anyhow::Result<()> {
    match command {
        Some(TypesCommand::Add { file }) => add_type(global, &file),
        None => list_types(global),
    }
}

fn add_type(global: &Global, file: &Path) -> anyhow::Result<()> {
    let business_type = read_type(file)?;
    let store = create_store(&global.database())?;
    let saved = service::add_business_object_type(&store, business_type)?;
    if global.json {
        return print_json(&saved);
    }
    emit(&format!(
        "Saved custom type '{}' ({})\n",
        saved.key, saved.label
    ))
}

/// A type definition from TOML, or from JSON when the file name says so.
fn read_type(file: &Path) -> anyhow::Result<BusinessObjectType> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let is_json = file
        .extension()
        .is_some_and(|extension| extension == "json");
    let parsed = if is_json {
        serde_json::from_str(&text).map_err(|error| anyhow::anyhow!("{error}"))
    } else {
        toml::from_str(&text).map_err(|error| anyhow::anyhow!("{}", error.to_string().trim_end()))
    };
    parsed.with_context(|| format!("{} is not a business object type", file.display()))
}

fn list_types(global: &Global) -> anyhow::Result<()> {
    let types = open_store(global)?.business_object_types()?;
    if global.json {
        return print_json(&types);
    }
    let rows: Vec<Vec<String>> = types
        .iter()
        .map(|kind| {
            let statuses: Vec<&str> = kind
                .statuses
                .iter()
                .map(|status| status.value.as_str())
                .collect();
            vec![
                kind.key.clone(),
                kind.label.clone(),
                if kind.custom { "custom" } else { "built-in" }.to_owned(),
                kind.fields.len().to_string(),
                statuses.join(", "),
            ]
        })
        .collect();
    print_table(&["key", "label", "kind", "fields", "statuses"], &rows)
}

pub fn groups(global: &Global) -> anyhow::Result<()> {
    let groups = open_store(global)?.groups()?;
    if global.json {
        return print_json(&groups);
    }
    let rows: Vec<Vec<String>> = groups
        .iter()
        .map(|group| {
            vec![
                group.key.clone(),
                group.label.clone(),
                group.layout.levels.to_string(),
                group.member_types.join(" → "),
            ]
        })
        .collect();
    print_table(&["key", "label", "levels", "member types"], &rows)
}

pub fn accounts(global: &Global) -> anyhow::Result<()> {
    let accounts = open_store(global)?.accounts()?;
    if global.json {
        return print_json(&accounts);
    }
    let rows: Vec<Vec<String>> = accounts
        .iter()
        .map(|account| {
            vec![
                account.name.clone(),
                account.records.to_string(),
                account.processes.to_string(),
            ]
        })
        .collect();
    print_table(&["account", "records", "processes"], &rows)
}

pub fn records(global: &Global, arguments: &RecordsArguments) -> anyhow::Result<()> {
    let filter = RecordFilter {
        type_key: arguments.type_key.clone(),
        account: arguments.account.clone(),
        limit: Some(arguments.limit),
    };
    let records = service::list_records(&open_store(global)?, &filter)?;
    if global.json {
        return print_json(&records);
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            vec![
                record.type_key.clone(),
                record.key.clone(),
                record.account.clone().unwrap_or_default(),
                record.source_status.clone().unwrap_or_default(),
                record.phase.as_str().to_owned(),
                record
                    .amount
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    print_table(
        &["type", "key", "account", "status", "phase", "amount"],
        &rows,
    )?;
    if records.len() as u32 == arguments.limit {
        eprintln!("(first {} shown; raise --limit for more)", arguments.limit);
    }
    Ok(())
}
