//! Orders: creating them from any door (`create`, written in groups by `batch_writer`), the status
//! lifecycle and assignment (`lifecycle`), lists with filters and counts (`query`, answered from
//! `list_cache`), the details view (`details`), the dashboard numbers (`dashboard`) and the CSV
//! export (`export`). `row` is the order row they all read.

pub mod batch_queue;
pub mod batch_writer;
pub mod create;
pub mod dashboard;
pub mod details;
pub mod export;
pub mod lifecycle;
pub mod list_cache;
pub mod query;
pub mod row;

pub use create::create;
pub use dashboard::dashboard;
pub use details::details;
pub use export::{CsvExport, export_csv};
pub use lifecycle::{assign, change_status};
pub use query::list;
pub use row::load_visible;
