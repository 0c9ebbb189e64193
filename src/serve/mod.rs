//! `whiteboard serve`: the site built in memory, served on 127.0.0.1, rebuilt when a file
//! changes, and reloaded in the browser.
//!
//! A rebuild reloads the bank (cheap: reading files and front matter) and re-renders it
//! with the previous build's caches, so highlighted code and diagrams are not redone. A
//! bad edit keeps the last good site and shows the error over the page until it is fixed.
//! The search index is rebuilt on a thread of its own after the reload is sent.

mod http;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::diagnostics::Diagnostic;
use crate::site::{BuildFailure, BuildOptions, Site};

pub use watch::Change;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
}

type Files = HashMap<String, Arc<[u8]>>;

/// What the server shows: the last good site, the current error, the open pages.
#[derive(Default)]
pub struct State {
    files: RwLock<Arc<Files>>,
    error: Mutex<Option<String>>,
    clients: Mutex<Vec<Sender<String>>>,
    generation: Mutex<u64>,
}

impl State {
    fn file(&self, key: &str) -> Option<Arc<[u8]>> {
        self.files.read().ok()?.get(key).cloned()
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        if let Some(err) = self.error.lock().ok().and_then(|e| e.clone()) {
            let _ = tx.send(event("error", &err));
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        rx
    }

    fn broadcast(&self, name: &str, data: &str) {
        let message = event(name, data);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }

    /// Number of pages listening for reloads.
    pub fn listeners(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }
}

fn event(name: &str, data: &str) -> String {
    let json = format!("{data:?}").replace("\\'", "'");
    format!("event: {name}\ndata: {json}\n\n")
}

/// A running server: its address and a way to rebuild from code (tests, benchmarks).
pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    site: Mutex<Option<Site>>,
    options: ServeOptions,
}

impl Server {
    /// Binds the port and builds the site once; serving starts on a background thread.
    pub fn start(options: ServeOptions) -> Result<Arc<Self>, Diagnostic> {
        let listener = TcpListener::bind((options.bind, options.port)).map_err(|e| {
            let help = if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "another program is using port {}; try `whiteboard serve --port {}`",
                    options.port,
                    options.port.saturating_add(1)
                )
            } else {
                "choose another address with --bind or --port".to_string()
            };
            Diagnostic::error(
                &options.root,
                format!("cannot listen on {}:{}: {e}", options.bind, options.port),
            )
            .with_help(help)
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Diagnostic::error(&options.root, e.to_string()))?;
        let server = Arc::new(Self {
            addr,
            state: Arc::new(State::default()),
            site: Mutex::new(None),
            options,
        });
        server.rebuild(&[]);
        let state = Arc::clone(&server.state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&state);
                std::thread::spawn(move || {
                    let _ = http::handle(stream, &state);
                });
            }
        });
        Ok(server)
    }

    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Rebuilds after `changes`; tells open pages to reload (or swap CSS), or shows the
    /// error. Returns whether the build succeeded.
    pub fn rebuild(&self, changes: &[Change]) -> bool {
        let started = Instant::now();
        let options = BuildOptions {
            drafts: self.options.drafts,
            minify: false,
            base_url: Some("/".into()),
            index_inline: false,
        };
        let mut guard = self.site.lock().unwrap_or_else(|p| p.into_inner());
        let result = Site::load(&self.options.root, options).and_then(|mut site| {
            if let Some(old) = guard.take() {
                site.adopt_caches(old);
            }
            let output = site.render();
            *guard = Some(site);
            output
        });
        match result {
            Ok(output) => {
                for w in &output.warnings {
                    eprintln!("{w}\n");
                }
                let files: Files = output
                    .files
                    .into_iter()
                    .map(|f| (f.path, Arc::from(f.bytes)))
                    .collect();
                let generation = {
                    let mut g = self
                        .state
                        .generation
                        .lock()
                        .unwrap_or_else(|p| p.into_inner());
                    *g += 1;
                    *g
                };
                let old = self
                    .state
                    .files
                    .read()
                    .map(|f| Arc::clone(&f))
                    .unwrap_or_default();
                let mut files = files;
                // Until the new index is ready, the previous one keeps search working.
                for (k, v) in old.iter().filter(|(k, _)| k.starts_with("pagefind/")) {
                    files.entry(k.clone()).or_insert_with(|| Arc::clone(v));
                }
                if let Ok(mut f) = self.state.files.write() {
                    *f = Arc::new(files);
                }
                let had_error = self
                    .state
                    .error
                    .lock()
                    .map(|mut e| e.take().is_some())
                    .unwrap_or(false);
                let css_only = !changes.is_empty()
                    && changes.iter().all(|c| matches!(c, Change::Stylesheet(_)));
                if css_only && !had_error {
                    self.state.broadcast("css", "");
                } else {
                    self.state.broadcast("reload", "");
                }
                let what = changes
                    .first()
                    .map_or(String::new(), |c| format!(" ({})", c.path().display()));
                println!(
                    "Built {} pages in {} ms{what}.",
                    output.pages,
                    started.elapsed().as_millis()
                );
                self.index_in_background(
                    output.search_pages,
                    generation,
                    guard
                        .as_ref()
                        .map_or("en".into(), |s| s.config.language.clone()),
                );
                true
            }
            Err(BuildFailure { diagnostics }) => {
                let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                let text = text.join("\n\n");
                eprintln!("{text}\n\nThe last good version is still being served.");
                if let Ok(mut e) = self.state.error.lock() {
                    *e = Some(text.clone());
                }
                self.state.broadcast("error", &text);
                false
            }
        }
    }

    fn index_in_background(
        &self,
        pages: Vec<crate::search::SearchPage>,
        generation: u64,
        language: String,
    ) {
        if pages.is_empty() {
            return;
        }
        let state = Arc::clone(&self.state);
        std::thread::spawn(move || {
            let Ok(indexed) = crate::search::index(pages, &language) else {
                return;
            };
            if state
                .generation
                .lock()
                .map(|g| *g != generation)
                .unwrap_or(true)
            {
                return;
            }
            if let Ok(mut f) = state.files.write() {
                let mut files: Files = f
                    .iter()
                    .filter(|(k, _)| !k.starts_with("pagefind/"))
                    .map(|(k, v)| (k.clone(), Arc::clone(v)))
                    .collect();
                files.extend(
                    indexed
                        .files
                        .into_iter()
                        .map(|f| (f.path, Arc::from(f.bytes))),
                );
                *f = Arc::new(files);
            }
        });
    }

    /// Watches the bank's files and rebuilds on every change, until the process ends.
    pub fn watch_forever(&self) -> Result<(), Diagnostic> {
        watch::watch(&self.options.root, |changes| {
            self.rebuild(&changes);
        })
    }
}

/// `whiteboard serve`.
pub fn run(options: ServeOptions, open: bool) -> Result<(), Diagnostic> {
    let server = Server::start(options)?;
    let url = format!("http://{}/", server.addr);
    println!("Serving the bank at {url} (Ctrl-C to stop). Watching for changes…");
    if open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .spawn();
    }
    server.watch_forever()
}
