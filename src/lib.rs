//! whiteboard: a static-site generator for a system design interview practice bank.
//!
//! The data flow, one module per stage (see the README's architecture section):
//! [`content`] walks `content/` and types the front matter, [`markdown`] renders each
//! page's body, [`render`] lays pages into the theme, and [`site`] ties them together
//! into a build written atomically to disk; [`search`] indexes pages as they render. [`check`] holds validators shared by the
//! build, its tests and the `check` command.

pub mod check;
pub(crate) mod content;
pub mod diagnostics;
pub(crate) mod markdown;
pub(crate) mod render;
pub(crate) mod search;
pub mod serve;
pub mod site;
