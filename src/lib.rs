//! whiteboard: a static-site generator for a system design interview practice bank.
//!
//! The data flow, one module per stage (see the README's architecture section):
//! [`content`] walks `content/` and types the front matter, [`markdown`] renders each
//! page's body, [`render`] lays pages into the theme, and [`site`] ties them together
//! into a build written atomically to disk; [`search`] indexes pages as they render;
//! [`serve`] keeps the site in memory and rebuilds what changed. [`check`] runs the build
//! without writing and adds a reviewer's lints, for the `check` command and the tests.

pub mod bank;
pub mod check;
pub mod config;
pub mod content;
pub(crate) mod cpu;
pub mod diagnostics;
pub mod html;
pub(crate) mod markdown;
pub mod published;
pub(crate) mod render;
pub(crate) mod search;
pub mod serve;
pub mod site;
pub mod timings;
