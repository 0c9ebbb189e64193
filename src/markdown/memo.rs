//! What a pass made of a block, by a hash of everything it was made from: highlighted
//! code, drawn diagrams. A session that renders the same bank again (`serve`) keeps one
//! across renders, so a save redoes only the blocks that changed; a one-off build keeps
//! nothing, since its blocks are nearly all distinct and holding every result to the end
//! would only cost memory.

use std::collections::HashMap;
use std::sync::RwLock;

pub struct Memo<V> {
    kept: Option<RwLock<HashMap<u64, V>>>,
}

impl<V: Clone> Memo<V> {
    /// A memo that keeps what it is given.
    pub fn on() -> Self {
        Self {
            kept: Some(RwLock::default()),
        }
    }

    /// A memo that keeps nothing: every block is made afresh.
    pub fn off() -> Self {
        Self { kept: None }
    }

    /// The value kept under `key`, or `make`'s, which is then kept.
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> V) -> V {
        let Some(kept) = &self.kept else {
            return make();
        };
        if let Some(hit) = kept.read().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let value = make();
        if let Ok(mut m) = kept.write() {
            m.insert(key, value.clone());
        }
        value
    }
}

impl<V: Clone> Default for Memo<V> {
    fn default() -> Self {
        Self::on()
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;
    use std::cell::Cell;

    #[test]
    fn on_makes_each_key_once_off_every_time() {
        let made = Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            made.get()
        };
        let on = Memo::on();
        assert_eq!((on.get_or(1, make), on.get_or(1, make)), (1, 1));
        let off = Memo::off();
        assert_eq!((off.get_or(1, make), off.get_or(1, make)), (2, 3));
    }
}
