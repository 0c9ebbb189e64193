//! What one render of a site keeps for the next (`serve` renders the same bank again and
//! again): each page's rendered markdown and its finished HTML, each under a key made of
//! everything it was made from. Saving one problem then re-renders that page alone; a
//! change to a title or a template changes the keys of the pages it affects.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::markdown::Rendered;

/// A rendered page: what the search index reads of it, and the published page.
#[derive(Clone)]
pub struct PageBytes {
    pub key: u64,
    /// The page cut down for the search index (when search is on and the page is indexed).
    pub index: Option<Arc<str>>,
    pub page: Arc<[u8]>,
}

#[derive(Default)]
pub struct Reuse {
    markdown: Mutex<HashMap<u64, Arc<Rendered>>>,
    pages: Mutex<HashMap<String, PageBytes>>,
}

impl Reuse {
    pub fn markdown(&self, key: u64) -> Option<Arc<Rendered>> {
        self.markdown.lock().ok()?.get(&key).cloned()
    }

    pub fn page(&self, url_path: &str, key: u64) -> Option<PageBytes> {
        let pages = self.pages.lock().ok()?;
        pages.get(url_path).filter(|p| p.key == key).cloned()
    }

    /// Replaces what is kept with this render's results, so entries of deleted or changed
    /// pages do not pile up.
    pub fn keep(&self, markdown: HashMap<u64, Arc<Rendered>>, pages: HashMap<String, PageBytes>) {
        if let Ok(mut m) = self.markdown.lock() {
            *m = markdown;
        }
        if let Ok(mut p) = self.pages.lock() {
            *p = pages;
        }
    }
}

/// A key for values that are hashed in order.
pub fn key(parts: &[&dyn HashPart]) -> u64 {
    let mut h = DefaultHasher::new();
    for p in parts {
        p.feed(&mut h);
    }
    h.finish()
}

/// Something that goes into a key.
pub trait HashPart {
    fn feed(&self, h: &mut DefaultHasher);
}

impl<T: Hash + ?Sized> HashPart for T {
    fn feed(&self, h: &mut DefaultHasher) {
        self.hash(h);
    }
}
