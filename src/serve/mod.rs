//! `whiteboard serve`: the site built in memory, served on 127.0.0.1, rebuilt when a file
//! changes, and reloaded in the browser.
//!
//! A rebuild reloads the bank (cheap: reading files and front matter) and re-renders it
//! in the server's one [`Session`], whose caches keep highlighted code and diagrams. A
//! bad edit keeps the last good site and shows the error over the page until it is fixed.
//! Pages whose inputs did not change are not rendered again, so saving a problem
//! re-renders that page (and, if its title or order changed, the pages that list it).
//! The search index is written again on a thread of its own after the reload is sent,
//! when a page's record changed.

mod http;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::diagnostics::Diagnostic;
use crate::published::OutputFile;
use crate::site::sink::Memory;
use crate::site::{BuildFailure, BuildOptions, Session, Site};

pub use http::content_type;
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
    /// Event streams open now (their threads running).
    streams: AtomicUsize,
}

impl State {
    /// Swaps in a new search bundle, leaving the pages alone.
    fn publish_search(&self, bundle: Vec<OutputFile>) {
        if let Ok(mut f) = self.files.write() {
            let mut files: Files = f
                .iter()
                .filter(|(k, _)| !k.starts_with(crate::search::FOLDER))
                .map(|(k, v)| (k.clone(), Arc::clone(v)))
                .collect();
            files.extend(bundle.into_iter().map(|f| (f.path, f.bytes)));
            *f = Arc::new(files);
        }
    }
}

impl State {
    /// A file of the site being served, by its path from the site root.
    pub fn file(&self, key: &str) -> Option<Arc<[u8]>> {
        self.files.read().ok()?.get(key).cloned()
    }

    /// The paths of every file being served.
    pub fn paths(&self) -> Vec<String> {
        self.files
            .read()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// A new page listening for reloads: the events to send it, and a token that counts
    /// it as listening until dropped.
    fn subscribe(&self) -> (Receiver<String>, Listening<'_>) {
        let (tx, rx) = channel();
        if let Some(err) = self.error.lock().ok().and_then(|e| e.clone()) {
            let _ = tx.send(event("error", &err));
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        self.streams.fetch_add(1, Ordering::SeqCst);
        (rx, Listening(&self.streams))
    }

    fn broadcast(&self, name: &str, data: &str) {
        let message = event(name, data);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }

    /// Number of pages listening for reloads: event streams whose page is still there.
    pub fn listeners(&self) -> usize {
        self.streams.load(Ordering::SeqCst)
    }
}

/// Counts an open event stream until dropped.
struct Listening<'a>(&'a AtomicUsize);

impl Drop for Listening<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One server-sent event whose data is `data` as a JSON string (one line, whatever the
/// text holds: emoji, control characters, newlines).
fn event(name: &str, data: &str) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "\"\"".into());
    format!("event: {name}\ndata: {json}\n\n")
}

/// Connections served at once; more are answered 503 at once.
pub const MAX_CONNECTIONS: usize = 64;

/// Takes connections until the process ends: a failed accept (no file descriptors left)
/// or a thread that cannot start costs that one connection, never the loop.
fn accept(listener: &TcpListener, state: &Arc<State>) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(_) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
                continue;
            }
        };
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            http::busy(stream);
            continue;
        }
        let slot = Slot::take(&open);
        let state = Arc::clone(state);
        let spawned = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _slot = slot;
                let _ = http::handle(stream, &state);
            });
        if let Err(e) = spawned {
            eprintln!("A connection was dropped: no thread could be started for it ({e}).");
        }
    }
}

/// One of the [`MAX_CONNECTIONS`], given back when the connection's work is dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(open))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running server: its address and a way to rebuild from code (tests, benchmarks).
pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    /// The bank as last loaded (none after a load that failed: the next change reads it
    /// all again) and the session that renders it.
    bank: Mutex<(Option<Site>, Session)>,
    options: ServeOptions,
    search: crate::search::LiveIndex,
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
        let state = Arc::new(State::default());
        let search = {
            let state = Arc::clone(&state);
            crate::search::LiveIndex::start(move |bundle| state.publish_search(bundle))
        };
        let server = Arc::new(Self {
            addr,
            state,
            bank: Mutex::new((None, Session::kept())),
            options,
            search,
        });
        server.rebuild(&[]);
        let state = Arc::clone(&server.state);
        std::thread::spawn(move || accept(&listener, &state));
        Ok(server)
    }

    /// Rebuilds after `changes`; tells open pages to reload (or swap CSS), or shows the
    /// error. Returns whether the build succeeded.
    pub fn rebuild(&self, changes: &[Change]) -> bool {
        let started = Instant::now();
        let options = BuildOptions {
            drafts: self.options.drafts,
            minify: false,
            base_url: Some("/".into()),
            live_reload: Some(http::SCRIPT),
            cache: None,
        };
        let mut bank = self.bank.lock().unwrap_or_else(|p| p.into_inner());
        let (site, session) = &mut *bank;
        let changed: Vec<PathBuf> = changes.iter().map(|c| c.path().to_path_buf()).collect();
        let loaded = match site.take() {
            Some(earlier) => earlier.reload(&changed, options),
            None => Site::load(&self.options.root, options),
        };
        let result = loaded.and_then(|loaded| {
            let sink = Memory::default();
            let made = session.render(&loaded, &sink, None);
            *site = Some(loaded);
            made.map(|made| (made, sink.into_parts()))
        });
        match result {
            Ok((made, (files, search_pages))) => {
                for w in &made.warnings {
                    eprintln!("{w}\n");
                }
                let files: Files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
                let old = self
                    .state
                    .files
                    .read()
                    .map(|f| Arc::clone(&f))
                    .unwrap_or_default();
                let mut files = files;
                // Until the new index is ready, the previous one keeps search working.
                for (k, v) in old
                    .iter()
                    .filter(|(k, _)| k.starts_with(crate::search::FOLDER))
                {
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
                    made.pages,
                    started.elapsed().as_millis()
                );
                self.search.sync(search_pages);
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

#[cfg(test)]
mod tests {
    #[test]
    fn error_events_are_one_line_of_json_whatever_the_message_holds() {
        let message = "⚠️ bad\u{7}bell\n  --> x.md:1:1\t\"quoted\" 'single' \\";
        let e = super::event("error", message);
        let data = e.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
        assert_eq!(e.lines().filter(|l| !l.is_empty()).count(), 2, "{e}");
        let back: String = serde_json::from_str(data).unwrap();
        assert_eq!(back, message);
    }
}
