//! Watching the bank's files with notify: `content/`, `themes/`, `assets/`, `templates/`
//! and `site.yaml`. Bursts of events (an editor's save is several) are gathered into one
//! rebuild; editor swap and temporary files are ignored; a folder deleted and created
//! again is watched again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::content::walk::is_ignored_name;
use crate::diagnostics::Diagnostic;

const WATCHED: [&str; 4] = ["content", "themes", "assets", "templates"];
/// Quiet time that ends a burst of events, and the longest a burst may delay a rebuild.
const QUIET: Duration = Duration::from_millis(25);
const LONGEST: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A stylesheet: open pages swap it without reloading.
    Stylesheet(PathBuf),
    Other(PathBuf),
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::Stylesheet(p) | Change::Other(p) => p,
        }
    }
}

/// Whether a changed path is one the site is built from.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = parts.next() else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_ignored_name(&name) {
        return false;
    }
    first == "site.yaml" || WATCHED.contains(&first.as_str())
}

fn classify(path: PathBuf) -> Change {
    if path.extension().is_some_and(|e| e == "css") {
        Change::Stylesheet(path)
    } else {
        Change::Other(path)
    }
}

pub fn watch(root: &Path, mut rebuild: impl FnMut(Vec<Change>)) -> Result<(), Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reading a file is an event too (inotify's open and close); only changes count.
        if let Ok(event) = res {
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| Diagnostic::error(&root, format!("cannot watch files: {e}")))?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::error(&root, format!("cannot watch the bank's folder: {e}")))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    let rewatch = |watcher: &mut notify::RecommendedWatcher, watched: &mut Vec<PathBuf>| {
        for dir in WATCHED.iter().map(|d| root.join(d)) {
            let present = dir.is_dir();
            let known = watched.contains(&dir);
            if present && !known && watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                watched.push(dir);
            } else if !present && known {
                let _ = watcher.unwatch(&dir);
                watched.retain(|d| d != &dir);
            }
        }
    };
    rewatch(&mut watcher, &mut watched);
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let started = Instant::now();
        let mut paths = vec![first];
        while started.elapsed() < LONGEST {
            match rx.recv_timeout(QUIET) {
                Ok(p) => paths.push(p),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        rewatch(&mut watcher, &mut watched);
        let mut changes: Vec<Change> = Vec::new();
        for p in paths {
            if relevant(&root, &p) {
                let rel = p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(p);
                let change = classify(rel);
                if !changes.contains(&change) {
                    changes.push(change);
                }
            }
        }
        if !changes.is_empty() {
            rebuild(changes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_banks_own_files_count() {
        let root = Path::new("/bank");
        assert!(relevant(root, Path::new("/bank/content/problems/a.md")));
        assert!(relevant(root, Path::new("/bank/site.yaml")));
        assert!(relevant(
            root,
            Path::new("/bank/themes/default/static/css/site.css")
        ));
        assert!(!relevant(
            root,
            Path::new("/bank/content/problems/.a.md.swp")
        ));
        assert!(!relevant(root, Path::new("/bank/content/problems/a.md~")));
        assert!(!relevant(root, Path::new("/bank/public/index.html")));
        assert!(!relevant(root, Path::new("/bank/target/debug/x")));
    }
}
