//! Every integration test in one binary, so the tests link once instead of once a file.
//! Each module is the manual of one feature: `cargo test --test suite check::` runs one.

mod common;

mod bank;
mod browser;
mod build;
mod check;
mod diagrams;
mod screenshots;
mod search;
mod security;
mod serve;
