//! A pack: one file of blocks kept between builds (`build --cache`), read whole when a
//! build starts and written anew as it goes. One file rather than a file a block: ten
//! thousand small files made a build with an empty cache a third slower.
//!
//! The file is a header line, then one record a block: its key (8 bytes), its text's
//! length (4 bytes), both little-endian, and the text. The next pack is written beside the
//! last under a temporary name, with every block this build asked for, whether it came
//! from the last pack or was made afresh, and replaces it only when the build succeeds:
//! the cache holds the bank as it is, and a build that fails or stops half-way leaves the
//! last pack as it was (a build killed half-way leaves its next pack behind, and a later
//! build removes it once it is ten minutes old). A file that is short, damaged or from
//! elsewhere reads as empty from the first record it cannot hold, so its blocks are made
//! again.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

const HEADER: &[u8] = b"whiteboard blocks 1\n";

/// How long a next pack may go unwritten before it counts as abandoned.
const ABANDONED: Duration = Duration::from_secs(600);

pub struct Pack {
    path: PathBuf,
    part: PathBuf,
    /// The last pack's bytes, and where each key's text lies in them.
    last: Vec<u8>,
    index: HashMap<u64, (usize, usize)>,
    next: Mutex<Next>,
}

struct Next {
    /// `None` once a write failed: this build's pack is then thrown away.
    out: Option<BufWriter<File>>,
    written: HashSet<u64>,
}

impl Pack {
    /// Reads the pack at `path`, if there is one, and starts the next beside it.
    pub fn open(path: PathBuf) -> std::io::Result<Self> {
        remove_abandoned(&path);
        let last = std::fs::read(&path).unwrap_or_default();
        let index = read_index(&last);
        let mut part = path.clone().into_os_string();
        part.push(format!(".{}.part", std::process::id()));
        let part = PathBuf::from(part);
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&part)?);
        out.write_all(HEADER)?;
        Ok(Self {
            path,
            part,
            last,
            index,
            next: Mutex::new(Next {
                out: Some(out),
                written: HashSet::new(),
            }),
        })
    }

    /// The last pack's text for `key`.
    pub fn get(&self, key: u64) -> Option<&str> {
        let &(start, len) = self.index.get(&key)?;
        std::str::from_utf8(self.last.get(start..start + len)?).ok()
    }

    /// Puts `text` in the next pack under `key`, once.
    pub fn keep(&self, key: u64, text: &str) {
        let mut next = self.lock();
        if !next.written.insert(key) {
            return;
        }
        let Some(out) = &mut next.out else {
            return;
        };
        let written = u32::try_from(text.len())
            .map_err(std::io::Error::other)
            .and_then(|len| {
                out.write_all(&key.to_le_bytes())?;
                out.write_all(&len.to_le_bytes())?;
                out.write_all(text.as_bytes())
            });
        if written.is_err() {
            next.out = None;
        }
    }

    /// Replaces the last pack with this build's.
    pub fn finish(&self) {
        let out = self.lock().out.take();
        let done = out.is_some_and(|out| {
            out.into_inner().is_ok() && std::fs::rename(&self.part, &self.path).is_ok()
        });
        if !done {
            let _ = std::fs::remove_file(&self.part);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Next> {
        self.next.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Pack {
    /// An unfinished pack (the build failed) is thrown away.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.part);
    }
}

/// Next packs that a build killed half-way left beside `path` (a build that fails removes
/// its own): those no build has written to for ten minutes.
fn remove_abandoned(path: &Path) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let prefix = format!("{}.", name.to_string_lossy());
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|idle| idle > ABANDONED);
        if file.starts_with(&prefix) && file.ends_with(".part") && idle {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Where each key's text lies in `bytes`, as far as whole records go.
fn read_index(bytes: &[u8]) -> HashMap<u64, (usize, usize)> {
    let mut index = HashMap::new();
    let Some(mut rest) = bytes.strip_prefix(HEADER) else {
        return index;
    };
    let mut at = HEADER.len();
    while let (Some(key), Some(len)) = (rest.get(..8), rest.get(8..12)) {
        let key = u64::from_le_bytes(key.try_into().expect("8 bytes"));
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        if rest.len() < 12 + len {
            break;
        }
        index.insert(key, (at + 12, len));
        rest = &rest[12 + len..];
        at += 12 + len;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::Pack;
    use std::time::{Duration, SystemTime};

    #[test]
    fn the_next_pack_holds_what_this_build_asked_for_and_replaces_the_last_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("code.pack");
        let first = Pack::open(path.clone()).unwrap();
        assert_eq!(first.get(1), None);
        first.keep(1, "one");
        first.keep(2, "two");
        first.keep(1, "one");
        first.finish();
        drop(first);

        let second = Pack::open(path.clone()).unwrap();
        assert_eq!((second.get(1), second.get(2)), (Some("one"), Some("two")));
        second.keep(2, "two");
        second.keep(3, "three");
        // Not finished (the build failed): the last pack stays.
        drop(second);
        let third = Pack::open(path.clone()).unwrap();
        assert_eq!((third.get(1), third.get(3)), (Some("one"), None));
        third.keep(2, "two");
        third.finish();
        drop(third);

        let fourth = Pack::open(path.clone()).unwrap();
        assert_eq!((fourth.get(1), fourth.get(2)), (None, Some("two")));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 2, "the pack and the next one being written");
    }

    #[test]
    fn a_next_pack_a_killed_build_left_is_removed_once_it_is_old() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("code.pack");
        let (old, recent) = (
            dir.path().join("code.pack.1.part"),
            dir.path().join("code.pack.2.part"),
        );
        for part in [&old, &recent] {
            std::fs::write(part, "half").unwrap();
        }
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        let _pack = Pack::open(path).unwrap();
        assert!(!old.exists(), "abandoned an hour ago");
        assert!(
            recent.exists(),
            "perhaps another build's, still being written"
        );
    }

    #[test]
    fn a_damaged_pack_reads_as_far_as_its_whole_records_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("code.pack");
        let pack = Pack::open(path.clone()).unwrap();
        pack.keep(1, "one");
        pack.keep(2, "two");
        pack.finish();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        let cut = Pack::open(path.clone()).unwrap();
        assert_eq!((cut.get(1), cut.get(2)), (Some("one"), None));
        std::fs::write(&path, b"not a pack at all").unwrap();
        assert_eq!(Pack::open(path).unwrap().get(1), None);
    }
}
