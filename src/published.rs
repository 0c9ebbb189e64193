//! A file of the built site, as every stage hands it on: theme files, copied assets,
//! pages, the navigation, the search bundle. Stages below `site/` make them; `site/`
//! decides where they go.

use std::sync::Arc;

/// A file of the built site: its path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared, so a page kept from an earlier render is not copied.
    pub bytes: Arc<[u8]>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}
