//! The content model: finding the files under `content/`, splitting off and typing their
//! front matter, and deciding each page's kind and URL.

pub mod front_matter;
pub mod page;
pub mod scaffold;
pub mod walk;
pub mod yaml;

pub use page::{Document, Meta, PageKind};
