//! Heading ids, anchor links and the table of contents.
//!
//! Every heading gets a stable id: its `{#custom-id}` when it has one, else a GitHub-style
//! slug of its text (lowercase, punctuation and emoji dropped, spaces to dashes), made
//! unique on the page with `-1`, `-2`. h2 and h3 headings make the table of contents.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::Events;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Gives every heading an id and an anchor link; returns the ToC and the ids on the page.
pub fn apply(events: &mut Events<'_>, ids: &mut HashSet<String>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let level = *level;
        let custom = id.as_ref().map(|s| s.to_string());
        let end = (i + 1..events.len())
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::Heading(_))))
            .unwrap_or(events.len());
        let title = plain_text(&events[i + 1..end]);
        let wanted = custom.unwrap_or_else(|| slug(&title));
        let unique = unique_id(&wanted, ids);
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        let range = events[i].1.clone();
        let anchor = format!(
            "<a class=\"heading-anchor\" href=\"#{unique}\" aria-label=\"Link to this section\" data-pagefind-ignore>#</a>"
        );
        events.insert(end, (Event::Html(CowStr::from(anchor)), range));
        push_toc(&mut toc, level, unique, title.trim().to_string());
        i = end + 2;
    }
    toc
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

/// GitHub's heading slug, without the dashes left at either end by dropped emoji.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

fn unique_id(wanted: &str, ids: &mut HashSet<String>) -> String {
    let mut candidate = wanted.to_string();
    let mut n = 0;
    while ids.contains(&candidate) {
        n += 1;
        candidate = format!("{wanted}-{n}");
    }
    ids.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_github_for_ordinary_titles() {
        assert_eq!(
            slug("Problem 1: URL Shortening Service (Beginner)"),
            "problem-1-url-shortening-service-beginner"
        );
        assert_eq!(
            slug("🎯 Comprehensive System Design Problem Bank"),
            "comprehensive-system-design-problem-bank"
        );
        assert_eq!(
            slug("Step 2: Database Design (10 minutes)"),
            "step-2-database-design-10-minutes"
        );
        assert_eq!(slug("L6 vs. L7 — what changes"), "l6-vs-l7--what-changes");
    }

    #[test]
    fn duplicate_ids_get_numbered() {
        let mut ids = HashSet::new();
        assert_eq!(unique_id("a", &mut ids), "a");
        assert_eq!(unique_id("a", &mut ids), "a-1");
        assert_eq!(unique_id("a", &mut ids), "a-2");
    }
}
