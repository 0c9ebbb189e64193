//! Ids made unique within a set: `a`, then `a-1`, `a-2`… (GitHub's numbering for repeated
//! headings). Each base remembers where its numbering got to, so a page of many equal
//! titles costs one step per id, not one per earlier id.

use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub struct UniqueIds {
    next: HashMap<String, usize>,
}

impl UniqueIds {
    /// `wanted`, or the first `wanted-N` not in `taken`; records the result in `taken`.
    pub fn make(&mut self, wanted: &str, taken: &mut HashSet<String>) -> String {
        let mut n = self.next.get(wanted).copied().unwrap_or(0);
        let mut candidate = if n == 0 {
            wanted.to_string()
        } else {
            format!("{wanted}-{n}")
        };
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{wanted}-{n}");
        }
        self.next.insert(wanted.to_string(), n + 1);
        taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_numbered_from_one_around_taken_ids() {
        let mut ids = UniqueIds::default();
        let mut taken = HashSet::new();
        assert_eq!(ids.make("a", &mut taken), "a");
        assert_eq!(ids.make("a", &mut taken), "a-1");
        taken.insert("a-2".into());
        assert_eq!(ids.make("a", &mut taken), "a-3");
        assert_eq!(ids.make("b", &mut taken), "b");
    }
}
