//! The operations Throughline offers, whoever asks for them. The HTTP
//! handlers and the command line call these same functions, so a rule (how a
//! key is resolved, which records a new sales process starts from) holds the
//! same everywhere. They take a `&dyn Store`, block on it, and speak in
//! [`ServiceError`].

mod catalog;
mod error;
mod overrides;
mod processes;
mod records;

pub use catalog::{add_business_object_type, find_group, list_business_object_types, list_groups};
pub use error::{Result, ServiceError};
pub use overrides::{RecordReset, delink_record, link_record, move_record, reset_record};
pub use processes::{
    CreateProcess, Dashboard, create_process, dashboard, get_process, list_processes, node_map,
    parse_levels,
};
pub use records::{
    RecordDetail, list_accounts, list_records, record_detail, resolve_account, resolve_record,
};
