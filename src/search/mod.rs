//! The search index, built with pagefind as a library while pages render.
//!
//! Pages are fed to the indexer as soon as they are rendered, over a channel to a thread
//! of its own, so indexing overlaps with rendering on the other core instead of adding a
//! pass at the end. Only the article body (`data-pagefind-body`) is indexed; filters and
//! sort keys come from empty elements the theme writes (`data-pagefind-filter="level:L6"`)
//! so their values never leak into excerpts. The bundle lands in `pagefind/`.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::site::OutputFile;

/// A rendered page for the index: its URL path from the site root (`/problems/x/`) and
/// HTML as the theme rendered it.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub url: String,
    pub html: Arc<[u8]>,
}

/// The index being built on its own thread.
pub struct Indexer {
    sender: Option<Sender<SearchPage>>,
    worker: Option<JoinHandle<Result<Indexed, String>>>,
}

pub struct Indexed {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Time the indexing thread spent working (not waiting for pages).
    pub busy: Duration,
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
    pub fn sender(&self) -> Sender<SearchPage> {
        self.sender.clone().expect("the indexer is still open")
    }

    /// Closes the index and returns the bundle's files.
    pub fn finish(mut self) -> Result<Indexed, Diagnostic> {
        drop(self.sender.take());
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

/// The part of a page worth indexing: diagrams' SVG (a large style block and shapes per
/// diagram) is dropped, since pagefind would parse all of it to find a few labels that the
/// text around a diagram names anyway.
pub fn for_index(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</svg>") {
            Some(end) => rest = &rest[start + end + "</svg>".len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn run(pages: Receiver<SearchPage>, language: String) -> Result<Indexed, String> {
    let runtime = runtime()?;
    runtime.block_on(async move {
        let mut index = new_index(&language)?;
        let mut busy = Duration::ZERO;
        let mut count = 0;
        for page in pages {
            let started = Instant::now();
            add(&mut index, page).await?;
            busy += started.elapsed();
            count += 1;
        }
        let started = Instant::now();
        let files = bundle(&mut index).await?;
        busy += started.elapsed();
        Ok(Indexed {
            files,
            pages: count,
            busy,
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
    let html = for_index(&String::from_utf8_lossy(&page.html));
    index
        .add_html_file(None, Some(page.url), html)
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
/// `start_over`, every page of a new index (after a page was deleted or the language
/// changed, since pagefind cannot forget a page).
pub struct Update {
    pub pages: Vec<SearchPage>,
    pub start_over: Option<String>,
}

/// An index kept up to date for `serve`: updates are applied on a thread of its own, in
/// order, with updates that arrive while one is being applied taken together; after each
/// round the whole bundle goes to `publish`.
pub struct LiveIndex {
    sender: Sender<Update>,
}

impl LiveIndex {
    pub fn start(publish: impl Fn(Result<Vec<OutputFile>, String>) + Send + 'static) -> Self {
        let (sender, receiver) = channel::<Update>();
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
                    }
                    publish(result);
                }
            })
            .expect("the OS can start a thread");
        Self { sender }
    }

    pub fn update(&self, update: Update) {
        let _ = self.sender.send(update);
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

#[cfg(test)]
mod tests {
    #[test]
    fn diagrams_are_left_out_of_the_index() {
        let html = "<p>before</p><figure><svg viewBox=\"0 0 1 1\"><style>#d{fill:red}</style><text>A</text></svg></figure><p>after</p>";
        assert_eq!(
            super::for_index(html),
            "<p>before</p><figure></figure><p>after</p>"
        );
        assert_eq!(super::for_index("<svg unterminated"), "");
    }
}
