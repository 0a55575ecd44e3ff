//! `ikp` — a rules-and-lint engine for the internal-control documents of Swedish
//! municipalities. See ARCHITECTURE.md for how data flows from file to finding.

pub mod analysis;
pub mod baseline;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod engine;
pub mod escape;
pub mod finding;
pub mod fingerprint;
pub mod model;
pub mod outcome;
#[cfg(feature = "cli")]
pub mod output;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod template;
pub mod tree;
pub mod workbook;
