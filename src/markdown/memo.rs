//! What a pass made of a block, by a hash of everything it was made from: highlighted
//! code, drawn diagrams. A session that renders the same bank again (`serve`) keeps one
//! across renders, so a save redoes only the blocks that changed; a one-off build keeps
//! nothing in memory, since its blocks are nearly all distinct and holding every result to
//! the end would only cost memory.
//!
//! A memo may also keep what it makes on disk, in a [`Pack`] (`build --cache DIR`), so the
//! next build reuses it. Packs live under the generator's fingerprint (`build.rs`), so a
//! pack is only ever read by the build that wrote it; a block the pack cannot give is a
//! miss, never an error: it is made again.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::pack::Pack;

pub struct Memo<V> {
    kept: Option<RwLock<HashMap<u64, V>>>,
    /// Where this memo's values are kept between builds, when they are.
    disk: Option<Pack>,
}

/// A value a memo can keep on disk: as text, or not at all.
pub trait OnDisk: Sized {
    /// The text to keep, or `None` for a value that must be made again next time.
    fn text(&self) -> Option<&str>;
    fn from_text(text: String) -> Self;
}

impl OnDisk for Arc<str> {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
    fn from_text(text: String) -> Self {
        text.into()
    }
}

impl<V: Clone + OnDisk> Memo<V> {
    /// A memo that keeps what it is given.
    pub fn on() -> Self {
        Self {
            kept: Some(RwLock::default()),
            disk: None,
        }
    }

    /// A memo that keeps nothing: every block is made afresh.
    pub fn off() -> Self {
        Self {
            kept: None,
            disk: None,
        }
    }

    /// This memo, also keeping its values in `pack` for the next build.
    pub fn on_disk(self, pack: Pack) -> Self {
        Self {
            disk: Some(pack),
            ..self
        }
    }

    /// Makes the pack this build wrote the one the next build reads (a build that
    /// succeeded calls this; one that failed leaves the last pack as it was).
    pub fn finish(&self) {
        if let Some(pack) = &self.disk {
            pack.finish();
        }
    }

    /// The value kept under `key`, or `make`'s, which is then kept.
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> V) -> V {
        if let Some(hit) = self
            .kept
            .as_ref()
            .and_then(|kept| kept.read().ok()?.get(&key).cloned())
        {
            return hit;
        }
        let value = match &self.disk {
            Some(pack) => match pack.get(key) {
                Some(text) => {
                    pack.keep(key, text);
                    V::from_text(text.to_owned())
                }
                None => {
                    let value = make();
                    if let Some(text) = value.text() {
                        pack.keep(key, text);
                    }
                    value
                }
            },
            None => make(),
        };
        if let Some(kept) = &self.kept
            && let Ok(mut m) = kept.write()
        {
            m.insert(key, value.clone());
        }
        value
    }
}

impl<V: Clone + OnDisk> Default for Memo<V> {
    fn default() -> Self {
        Self::on()
    }
}

#[cfg(test)]
mod tests {
    use super::{Memo, Pack};
    use std::cell::Cell;
    use std::sync::Arc;

    fn counter(made: &Cell<u32>) -> impl Fn() -> Arc<str> + '_ {
        || {
            made.set(made.get() + 1);
            made.get().to_string().into()
        }
    }

    #[test]
    fn on_makes_each_key_once_off_every_time() {
        let made = Cell::new(0);
        let on = Memo::on();
        assert_eq!(
            (
                &*on.get_or(1, counter(&made)),
                &*on.get_or(1, counter(&made))
            ),
            ("1", "1")
        );
        let off = Memo::off();
        assert_eq!(
            (
                &*off.get_or(1, counter(&made)),
                &*off.get_or(1, counter(&made))
            ),
            ("2", "3")
        );
    }

    #[test]
    fn a_memo_on_disk_hands_the_next_build_what_this_one_made() {
        let dir = tempfile::tempdir().unwrap();
        let pack = || Pack::open(dir.path().join("code.pack")).unwrap();
        let made = Cell::new(0);
        let first = Memo::off().on_disk(pack());
        assert_eq!(&*first.get_or(7, counter(&made)), "1");
        first.finish();
        let next = Memo::off().on_disk(pack());
        assert_eq!(
            &*next.get_or(7, counter(&made)),
            "1",
            "read back, not made again"
        );
        assert_eq!(&*next.get_or(8, counter(&made)), "2", "another key is made");
    }

    #[test]
    fn a_value_without_text_is_made_again_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let pack = || Pack::open(dir.path().join("diagrams.pack")).unwrap();
        type Drawn = Result<Arc<str>, crate::markdown::mermaid::Failure>;
        let first: Memo<Drawn> = Memo::off().on_disk(pack());
        let failed = || Err(crate::markdown::mermaid::Failure::Other("timed out".into()));
        assert!(first.get_or(3, failed).is_err());
        first.finish();
        let next: Memo<Drawn> = Memo::off().on_disk(pack());
        let drawn = next.get_or(3, || Ok("<svg/>".into()));
        assert_eq!(drawn.ok().as_deref(), Some("<svg/>"));
    }
}
