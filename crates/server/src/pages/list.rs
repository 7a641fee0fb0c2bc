//! The front page: every sales process record, each linking to its
//! dashboard.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use throughline_model::SalesProcess;
use throughline_store::Store;

use super::PageError;
use super::words::{Fitted, fitted};
use crate::service::{self, ServiceError};
use crate::state::AppState;

/// Characters of a title the table shows; the rest is in its tooltip, so
/// one long title cannot stretch every row.
const TITLE_SHOWN: usize = 80;

#[derive(Debug, Template, WebTemplate)]
#[template(path = "process_list.html")]
pub(crate) struct ProcessListPage {
    rows: Vec<ProcessRow>,
}

#[derive(Debug)]
struct ProcessRow {
    number: String,
    title: Fitted,
    account: String,
    group: String,
    owner: String,
    state: &'static str,
    roots: usize,
    opened_on: String,
}

/// Shows the list of sales process records.
pub(crate) async fn list_processes(
    State(state): State<AppState>,
) -> Result<ProcessListPage, PageError> {
    let rows = state.call(process_rows).await?;
    Ok(ProcessListPage { rows })
}

/// The processes with their account and group shown by name, not key.
fn process_rows(store: &dyn Store) -> Result<Vec<ProcessRow>, ServiceError> {
    let processes = service::list_processes(store)?;
    let groups: HashMap<String, String> = service::list_groups(store)?
        .into_iter()
        .map(|group| (group.key, group.label))
        .collect();
    let accounts: HashMap<String, String> = service::list_accounts(store)?
        .into_iter()
        .map(|account| (account.key, account.name))
        .collect();

    let name = |names: &HashMap<String, String>, key: &String| {
        names.get(key).cloned().unwrap_or_else(|| key.clone())
    };
    let rows = processes
        .into_iter()
        .map(|process| ProcessRow {
            account: name(&accounts, &process.account),
            group: name(&groups, &process.group),
            ..ProcessRow::from(process)
        })
        .collect();
    Ok(rows)
}

impl From<SalesProcess> for ProcessRow {
    fn from(process: SalesProcess) -> Self {
        Self {
            number: process.number.to_string(),
            opened_on: process.created_at.date().to_string(),
            state: process.state.as_str(),
            roots: process.roots.len(),
            title: fitted(&process.title, TITLE_SHOWN),
            account: process.account,
            group: process.group,
            owner: process.owner,
        }
    }
}
