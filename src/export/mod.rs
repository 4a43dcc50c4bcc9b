//! Exports of a [`Report`](crate::report::Report) for other tools: the
//! dependency graph at module, package or cluster level as DOT, Mermaid,
//! GraphML or CSV ([`graph`]), and the comparison of two reports ([`diff`]).
//!
//! Takes a report (fresh or saved), gives text; never recomputes the
//! analysis, so a saved `report.json` exports exactly what it holds.

pub mod diff;
pub mod graph;
