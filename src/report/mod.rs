//! Stage 6, **report**: the analysed graph in, the JSON contract and its views
//! (HTML) out, written atomically. The JSON model ([`model`]) is the contract;
//! every other format is built from it and computes nothing of its own.

pub mod build;
pub mod html;
pub mod model;
pub mod openapi;
pub mod schema;
mod seams;
mod state;
pub mod table;
mod write;

pub use build::build;
pub use model::{Report, SCHEMA_VERSION};
pub use write::write_reports;
