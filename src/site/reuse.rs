//! What one render of a site keeps for the next (`serve` renders the same bank again and
//! again): each page's rendered markdown and its finished HTML, each under a key made of
//! everything it was made from. Saving one problem then re-renders that page alone; a
//! change to a title or a template changes the keys of the pages it affects.
//!
//! A render reads what the previous one kept and fills a new generation as its pages
//! finish; the new generation replaces the old when the render ends, so entries of
//! deleted or changed pages do not pile up.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::markdown::Rendered;

/// A rendered page: its search record (when search is on), and the published page.
#[derive(Clone)]
pub struct PageBytes {
    pub key: u64,
    pub search: Option<crate::search::SearchPage>,
    pub page: Arc<[u8]>,
}

#[derive(Default)]
struct Generation {
    markdown: HashMap<u64, Arc<Rendered>>,
    pages: HashMap<String, PageBytes>,
}

#[derive(Default)]
pub struct Reuse {
    kept: Generation,
    next: Mutex<Generation>,
}

impl Reuse {
    pub fn markdown(&self, key: u64) -> Option<Arc<Rendered>> {
        self.kept.markdown.get(&key).cloned()
    }

    pub fn page(&self, url_path: &str, key: u64) -> Option<PageBytes> {
        self.kept
            .pages
            .get(url_path)
            .filter(|p| p.key == key)
            .cloned()
    }

    /// Keeps one page of this render for the next.
    pub fn keep(
        &self,
        markdown_key: u64,
        markdown: &Arc<Rendered>,
        url_path: &str,
        page: &PageBytes,
    ) {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        next.markdown.insert(markdown_key, Arc::clone(markdown));
        next.pages.insert(url_path.to_string(), page.clone());
    }

    /// This render is over: what it kept is what the next one reads.
    pub fn rotate(&mut self) {
        let next = std::mem::take(self.next.get_mut().unwrap_or_else(|p| p.into_inner()));
        self.kept = next;
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
