//! The search index: our own, small and static. Each rendered page hands over a record
//! (its title, filters, meta line and sections, made from the markdown, not from the
//! published HTML); `bundle.rs` turns the records into a word list split into chunks
//! and a fragment per page, and the theme's `static/js/search.js` fetches only what a
//! query needs. `words.rs` says what a word is, for both sides.
//!
//! `build` adds each record on an indexing thread as soon as its page is rendered, so the
//! work overlaps with rendering. `serve` keeps every record and rewrites the bundle on a
//! low-priority thread after each rebuild.

mod bundle;
mod words;

pub use bundle::FOLDER;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::markdown::search_text::Section;
use crate::published::OutputFile;

/// What the index knows of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The page's address from the site root (`problems/x/`; empty for the home page).
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Values the search box's chips narrow by (`level`, `difficulty`, `tag`, `kind`).
    pub filters: Vec<(&'static str, String)>,
    /// What a result shows under its title (`level`, `difficulty`, `time`, `kind`).
    pub meta: Vec<(&'static str, String)>,
    /// Place in the bank's reading order.
    pub rank: usize,
    pub sections: Arc<[Section]>,
}

/// A page's record for the index.
pub type SearchPage = Arc<Record>;

pub struct Indexed {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Time the indexing thread spent working, not waiting for pages to be rendered.
    pub work: Duration,
}

/// The index of a `build`, made on a thread of its own: records are sent as pages render,
/// and once the last is sent the files are written out.
pub struct Indexer {
    sender: Option<Sender<SearchPage>>,
    worker: Option<JoinHandle<Indexed>>,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Indexer")
    }
}

impl Indexer {
    pub fn start() -> Self {
        let (sender, receiver) = channel();
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || run(receiver))
            .expect("the OS can start a thread");
        Self {
            sender: Some(sender),
            worker: Some(worker),
        }
    }

    /// A handle for the rendering threads.
    pub fn sender(&self) -> Option<Sender<SearchPage>> {
        self.sender.clone()
    }

    /// Waits for the index's files.
    pub fn finish(mut self) -> Result<Indexed, Diagnostic> {
        self.sender = None;
        let worker = self.worker.take().expect("finished once");
        worker
            .join()
            .map_err(|_| Diagnostic::error("search", "the search indexer failed unexpectedly"))
    }
}

fn run(pages: Receiver<SearchPage>) -> Indexed {
    let mut index = bundle::Builder::default();
    let mut work = Duration::ZERO;
    for page in pages {
        let started = Instant::now();
        index.add(page);
        work += started.elapsed();
    }
    let started = Instant::now();
    let pages = index.pages();
    let files = index.files();
    Indexed {
        files,
        pages,
        work: work + started.elapsed(),
    }
}

/// The index's files for these records, all at once.
pub fn files_for(records: impl IntoIterator<Item = SearchPage>) -> Vec<OutputFile> {
    let mut index = bundle::Builder::default();
    for record in records {
        index.add(record);
    }
    index.files()
}

/// An index kept up to date for `serve`: [`LiveIndex::sync`] hands over every page's
/// record after a rebuild; when any changed, a thread of its own (at low priority, so
/// rebuilds come first) writes the bundle again from the latest records and hands it to
/// `publish`. Records that arrive while it is busy replace the ones waiting.
pub struct LiveIndex {
    sender: Sender<Vec<SearchPage>>,
    sent: std::sync::Mutex<Vec<SearchPage>>,
}

impl LiveIndex {
    pub fn start(publish: impl Fn(Vec<OutputFile>) + Send + 'static) -> Self {
        let (sender, receiver) = channel::<Vec<SearchPage>>();
        std::thread::Builder::new()
            .name("search-live".into())
            .spawn(move || {
                yield_to_rebuilds();
                while let Ok(first) = receiver.recv() {
                    let latest = receiver.try_iter().last().unwrap_or(first);
                    publish(files_for(latest));
                }
            })
            .expect("the OS can start a thread");
        Self {
            sender,
            sent: Default::default(),
        }
    }

    /// Brings the index up to date with a build's records (none when search is off).
    pub fn sync(&self, mut pages: Vec<SearchPage>) {
        pages.sort_by(|a, b| a.url.cmp(&b.url));
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        let same = sent.len() == pages.len()
            && sent
                .iter()
                .zip(&pages)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a == b);
        if same {
            return;
        }
        *sent = pages.clone();
        let _ = self.sender.send(pages);
    }
}

/// Lowers this thread's scheduling priority (and that of the threads it starts, which
/// inherit it), so indexing uses the CPU that rebuilds leave free instead of slowing them.
fn yield_to_rebuilds() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` names the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 15);
    }
}
