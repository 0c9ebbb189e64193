//! The search index, built with pagefind as a library while pages render.
//!
//! Pages are fed to the indexer as soon as they are rendered, over a channel to a thread
//! of its own, so indexing overlaps with rendering on the other core instead of adding a
//! pass at the end. Only the article body (`data-pagefind-body`) is indexed; filters and
//! sort keys come from empty elements the theme writes (`data-pagefind-filter="level:L6"`)
//! so their values never leak into excerpts. The bundle lands in `pagefind/`.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::site::OutputFile;

/// A rendered page for the index: its URL path from the site root (`/problems/x/`) and HTML.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub url: String,
    pub html: String,
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

/// Indexes pages all at once (for `serve`, on a thread of its own).
pub fn index(pages: Vec<SearchPage>, language: &str) -> Result<Indexed, Diagnostic> {
    let indexer = Indexer::start(language);
    let sender = indexer.sender();
    for page in pages {
        let _ = sender.send(page);
    }
    drop(sender);
    indexer.finish()
}

fn run(pages: Receiver<SearchPage>, language: String) -> Result<Indexed, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        let mut busy = Duration::ZERO;
        let mut count = 0;
        for page in pages {
            let started = Instant::now();
            index
                .add_html_file(None, Some(page.url), page.html)
                .await
                .map_err(|e| e.to_string())?;
            busy += started.elapsed();
            count += 1;
        }
        let started = Instant::now();
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        busy += started.elapsed();
        let files = files
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "pagefind/{}",
                    f.filename
                        .to_string_lossy()
                        .replace('\\', "/")
                        .trim_start_matches("pagefind/")
                ),
                bytes: f.contents,
            })
            .collect();
        Ok(Indexed {
            files,
            pages: count,
            busy,
        })
    })
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
