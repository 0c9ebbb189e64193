//! Slugs and unique ids: the one place that turns text into an id or a URL segment.
//!
//! [`slug`] makes both heading ids (GitHub's rule, so anchors match what authors know) and
//! the URL segments of pages and new problem files (only letters, digits and single
//! dashes). [`UniqueIds`] numbers repeats within a set: `a`, then `a-1`, `a-2`… (GitHub's
//! numbering for repeated headings). Each base remembers where its numbering got to, so a
//! page of many equal titles costs one step per id, not one per earlier id.

use std::collections::{HashMap, HashSet};

/// What a slug is for; letters and digits are kept, lowercased, by both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slug {
    /// A heading, rubric item or footnote id, GitHub's way: `_` and `-` are kept, each
    /// space becomes `-`, other characters (punctuation, emoji) are dropped; the dashes
    /// dropped emoji leave at either end are trimmed. Never empty: `section` when nothing
    /// is left.
    Anchor,
    /// A URL segment: any run of other characters becomes one `-`, none at either end.
    /// Empty when the text has no letter or digit (the caller decides what that means).
    Path,
}

/// `text` as an id or URL segment, by the rule of `kind`.
pub fn slug(text: &str, kind: Slug) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match kind {
            Slug::Anchor if c.is_alphanumeric() || c == '_' || c == '-' => {
                out.extend(c.to_lowercase());
            }
            Slug::Anchor if c == ' ' => out.push('-'),
            Slug::Anchor => {}
            Slug::Path => {
                for c in c.to_lowercase() {
                    if c.is_alphanumeric() {
                        out.push(c);
                    } else if !out.is_empty() && !out.ends_with('-') {
                        out.push('-');
                    }
                }
            }
        }
    }
    let trimmed = out.trim_matches('-');
    match kind {
        Slug::Anchor if trimmed.is_empty() => "section".to_string(),
        _ if trimmed.len() == out.len() => out,
        _ => trimmed.to_string(),
    }
}

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
    fn anchors_match_github_for_ordinary_titles() {
        let anchor = |t: &str| slug(t, Slug::Anchor);
        assert_eq!(
            anchor("Problem 1: URL Shortening Service (Beginner)"),
            "problem-1-url-shortening-service-beginner"
        );
        assert_eq!(
            anchor("🎯 Comprehensive System Design Problem Bank"),
            "comprehensive-system-design-problem-bank"
        );
        assert_eq!(
            anchor("Step 2: Database Design (10 minutes)"),
            "step-2-database-design-10-minutes"
        );
        assert_eq!(anchor("L6 vs. L7 — what changes"), "l6-vs-l7--what-changes");
        assert_eq!(anchor(" snake_case  and-dash "), "snake_case--and-dash");
        assert_eq!(anchor("!!!"), "section");
    }

    #[test]
    fn paths_are_letters_digits_and_single_dashes() {
        let path = |t: &str| slug(t, Slug::Path);
        assert_eq!(path("URL Shortener"), "url-shortener");
        assert_eq!(path("L6 vs. L7 — what changes"), "l6-vs-l7-what-changes");
        assert_eq!(path("__a_b.c__"), "a-b-c");
        assert_eq!(path("Café Ünïcode"), "café-ünïcode");
        assert_eq!(path("---"), "");
    }

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
