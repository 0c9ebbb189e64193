//! The search index, built with pagefind as a library.
//!
//! Pagefind never reads the published pages: each page's record is a small document the
//! theme's `search.html` lays out beside the page, holding its title, filters, sort key and
//! text (code as plain text, no diagrams), so the index walks a few elements per page
//! instead of the themed page. Filters and sort keys come from empty elements
//! (`data-pagefind-filter="level:L6"`) so their values never leak into excerpts.
//!
//! `build` sends each record to an indexing thread as soon as its page is rendered, so
//! indexing overlaps with rendering; pagefind bundles the index while the output is
//! written. `serve` keeps a live index on a low-priority thread and hands it only the
//! pages that changed. The bundle lands in `pagefind/`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::published::OutputFile;

/// A page's record for the index: its URL path from the site root (`/problems/x/`) and a
/// small document made for the index beside the page (the theme's `search.html`).
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub url: String,
    pub html: Arc<str>,
}

pub struct Indexed {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Time the indexing thread spent working (reading pages and bundling), not waiting
    /// for pages to be rendered.
    pub work: Duration,
}

/// The index of a `build`, made on a thread of its own: pages are sent as they render, so
/// reading them overlaps with rendering, and once the last is sent pagefind bundles the
/// index while the output is written.
pub struct Indexer {
    sender: Option<Sender<SearchPage>>,
    worker: Option<JoinHandle<Result<Indexed, String>>>,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Indexer")
    }
}

impl Indexer {
    pub fn start(language: &str) -> Self {
        let (sender, receiver) = channel();
        let language = language.to_string();
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || run(receiver, language))
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

    /// No more pages: the bundle is made as soon as every sender is gone.
    pub fn close(&mut self) {
        self.sender = None;
    }

    /// Waits for the bundle.
    pub fn finish(mut self) -> Result<Indexed, Diagnostic> {
        self.close();
        let worker = self.worker.take().expect("finished once");
        match worker.join() {
            Ok(Ok(indexed)) => Ok(indexed),
            Ok(Err(message)) => Err(Diagnostic::error(
                "pagefind",
                format!("the search index could not be built: {message}"),
            )),
            Err(_) => Err(Diagnostic::error(
                "pagefind",
                "the search indexer failed unexpectedly",
            )),
        }
    }
}

fn run(pages: Receiver<SearchPage>, language: String) -> Result<Indexed, String> {
    let runtime = runtime()?;
    runtime.block_on(async move {
        let mut index = new_index(&language)?;
        let mut count = 0;
        let mut work = Duration::ZERO;
        for page in pages {
            let started = Instant::now();
            add(&mut index, page).await?;
            work += started.elapsed();
            count += 1;
        }
        let started = Instant::now();
        let files = bundle(&mut index).await?;
        Ok(Indexed {
            files,
            pages: count,
            work: work + started.elapsed(),
        })
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())
}

fn new_index(language: &str) -> Result<PagefindIndex, String> {
    let config = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    PagefindIndex::new(Some(config)).map_err(|e| e.to_string())
}

/// Adds a page, or replaces the page with the same URL.
async fn add(index: &mut PagefindIndex, page: SearchPage) -> Result<(), String> {
    index
        .add_html_file(None, Some(page.url), page.html.to_string())
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

async fn bundle(index: &mut PagefindIndex) -> Result<Vec<OutputFile>, String> {
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|f| OutputFile {
            path: format!(
                "pagefind/{}",
                f.filename
                    .to_string_lossy()
                    .replace('\\', "/")
                    .trim_start_matches("pagefind/")
            ),
            bytes: f.contents.into(),
        })
        .collect())
}

/// A change to a live index: pages added or changed since the last one, or, with
/// `start_over`, every page of a new index in that language.
struct Update {
    pages: Vec<SearchPage>,
    start_over: Option<String>,
}

/// An index kept up to date for `serve`: [`LiveIndex::sync`] works out which pages
/// changed since the last call, and a thread of its own applies the changes in order
/// (taking together those that arrive while it is busy) and hands the whole bundle to
/// `publish` after each round. A deleted page, a new language or a failed round start a
/// fresh index, since pagefind cannot forget a page.
pub struct LiveIndex {
    sender: Sender<Update>,
    /// Each page's HTML as last sent, and the language.
    sent: std::sync::Mutex<(HashMap<String, Arc<str>>, String)>,
    failed: Arc<AtomicBool>,
}

impl LiveIndex {
    pub fn start(publish: impl Fn(Result<Vec<OutputFile>, String>) + Send + 'static) -> Self {
        let (sender, receiver) = channel::<Update>();
        let failed = Arc::new(AtomicBool::new(false));
        let failed_worker = Arc::clone(&failed);
        std::thread::Builder::new()
            .name("search-live".into())
            .spawn(move || {
                yield_to_rebuilds();
                let Ok(runtime) = runtime() else { return };
                let mut index: Option<PagefindIndex> = None;
                while let Ok(first) = receiver.recv() {
                    let mut updates = vec![first];
                    updates.extend(receiver.try_iter());
                    let from = updates
                        .iter()
                        .rposition(|u| u.start_over.is_some())
                        .unwrap_or(0);
                    let result = runtime.block_on(async {
                        for update in updates.drain(from..) {
                            if let Some(language) = &update.start_over {
                                index = Some(new_index(language)?);
                            }
                            let Some(index) = index.as_mut() else {
                                continue;
                            };
                            for page in update.pages {
                                add(index, page).await?;
                            }
                        }
                        match index.as_mut() {
                            Some(index) => bundle(index).await,
                            None => Ok(Vec::new()),
                        }
                    });
                    if result.is_err() {
                        index = None;
                        failed_worker.store(true, Ordering::SeqCst);
                    }
                    publish(result);
                }
            })
            .expect("the OS can start a thread");
        Self {
            sender,
            sent: Default::default(),
            failed,
        }
    }

    /// Brings the index up to date with a build's pages (none when search is off).
    pub fn sync(&self, pages: Vec<SearchPage>, language: &str) {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        let (known, known_language) = &mut *sent;
        if pages.is_empty() && known.is_empty() {
            return;
        }
        let urls: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
        let gone = known.keys().any(|url| !urls.contains(url.as_str()));
        let start_over = (gone
            || known.is_empty()
            || known_language != language
            || self.failed.swap(false, Ordering::SeqCst))
        .then(|| language.to_string());
        let changed: Vec<SearchPage> = pages
            .iter()
            .filter(|p| {
                start_over.is_some()
                    || !known
                        .get(&p.url)
                        .is_some_and(|html| Arc::ptr_eq(html, &p.html))
            })
            .cloned()
            .collect();
        *known = pages.into_iter().map(|p| (p.url, p.html)).collect();
        *known_language = language.to_string();
        if start_over.is_some() || !changed.is_empty() {
            let _ = self.sender.send(Update {
                pages: changed,
                start_over,
            });
        }
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
