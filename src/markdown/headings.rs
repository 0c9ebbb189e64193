//! Heading ids and the table of contents. (The theme's script gives headings their "#"
//! links: written into every page they were a tenth of a problem page's markup.)
//!
//! Every heading gets a stable id: its `{#custom-id}` when it has one, else a GitHub-style
//! slug of its text ([`super::ids::slug`]: lowercase, punctuation and emoji dropped, spaces
//! to dashes), made unique on the page with `-1`, `-2`. h2 and h3 headings make the table of contents.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::Events;
use super::finding::{At, Finding};
use super::ids::{Slug, slug};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Whether a custom id is safe to write anywhere (an attribute, a URL fragment, a CSS
/// selector): ASCII letters, digits, `-`, `_` and `.`.
pub fn valid_custom_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Gives every heading an id and an anchor link; returns the ToC and the custom ids that
/// were refused (the heading gets a slug of its text instead), as errors.
pub fn apply(events: &mut Events<'_>, ids: &mut HashSet<String>) -> (Vec<TocEntry>, Vec<Finding>) {
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut bad = Vec::new();
    let mut unique_ids = super::ids::UniqueIds::default();
    // Rewritten into a new vector: inserting anchors in place would shift the whole page
    // once per heading.
    let mut input = std::mem::take(events);
    events.reserve(input.len() + input.len() / 8);
    let mut i = 0;
    while i < input.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &input[i].0 else {
            events.push(super::take_event(&mut input[i]));
            i += 1;
            continue;
        };
        let level = *level;
        let end = (i + 1..input.len())
            .find(|&j| matches!(input[j].0, Event::End(TagEnd::Heading(_))))
            .unwrap_or(input.len());
        let title = plain_text(&input[i + 1..end]);
        let custom = id.as_ref().map(|s| s.to_string());
        let wanted = match custom {
            Some(c) if valid_custom_id(&c) => c,
            Some(c) => {
                bad.push(Finding::error(
                    At::Offset(input[i].1.start),
                    format!("the heading id `{c}` holds characters an id may not have"),
                    "use ASCII letters, digits, `-`, `_` and `.` in `{#custom-id}`",
                ));
                slug(&title, Slug::Anchor)
            }
            None => slug(&title, Slug::Anchor),
        };
        let unique = unique_ids.make(&wanted, ids);
        let mut start = input[i].clone();
        if let Event::Start(Tag::Heading { id, .. }) = &mut start.0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        events.push(start);
        events.extend(input[i + 1..end].iter().cloned());
        if let Some(close) = input.get(end) {
            events.push(close.clone());
        }
        push_toc(&mut toc, level, unique, title.trim().to_string());
        i = end + 1;
    }
    (toc, bad)
}

fn push_toc(toc: &mut Vec<TocEntry>, level: HeadingLevel, id: String, title: String) {
    let entry = |level: u8| TocEntry {
        level,
        id,
        title,
        children: Vec::new(),
    };
    match level {
        HeadingLevel::H2 => toc.push(entry(2)),
        HeadingLevel::H3 => match toc.last_mut() {
            Some(parent) => parent.children.push(entry(3)),
            None => toc.push(entry(3)),
        },
        _ => {}
    }
}

/// The text a reader sees in a run of inline events.
pub fn plain_text(events: &[(Event<'_>, std::ops::Range<usize>)]) -> String {
    let mut out = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_are_limited_to_safe_characters() {
        assert!(valid_custom_id("replication-2.1_x"));
        for bad in ["x\"onmouseover=\"alert(1)", "a b", "<x>", "", "é"] {
            assert!(!valid_custom_id(bad), "{bad}");
        }
    }
}
