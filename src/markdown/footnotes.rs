//! Footnotes collected at the end of the page, numbered in order of first reference, each
//! with a link back to where it was cited. Ids are prefixed (`fn-`, `fnref-`) so they never
//! clash with heading ids.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Events;
use super::ids::{Slug, slug};

pub fn apply(events: &mut Events<'_>) {
    if !events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    }) {
        return;
    }
    let mut definitions: HashMap<String, Events<'_>> = HashMap::new();
    let mut kept: Events<'_> = Vec::with_capacity(events.len());
    let mut drained = std::mem::take(events).into_iter();
    while let Some((event, range)) = drained.next() {
        let Event::Start(Tag::FootnoteDefinition(label)) = &event else {
            kept.push((event, range));
            continue;
        };
        let label = label.to_string();
        let mut depth = 1;
        let mut body = Vec::new();
        for (e, r) in drained.by_ref() {
            match &e {
                Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                Event::End(TagEnd::FootnoteDefinition) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            body.push((e, r));
        }
        definitions.entry(label).or_insert(body);
    }

    let mut order: Vec<String> = Vec::new();
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (event, _) in kept.iter_mut() {
        let Event::FootnoteReference(label) = event else {
            continue;
        };
        let label = label.to_string();
        if !definitions.contains_key(&label) {
            *event = Event::Text(CowStr::from(format!("[^{label}]")));
            continue;
        }
        let n = match order.iter().position(|l| *l == label) {
            Some(i) => i + 1,
            None => {
                order.push(label.clone());
                order.len()
            }
        };
        let count = uses.entry(label.clone()).or_default();
        *count += 1;
        let id = slug(&label, Slug::Anchor);
        let suffix = if *count > 1 {
            format!("-{count}")
        } else {
            String::new()
        };
        *event = Event::Html(CowStr::from(format!(
            "<sup class=\"footnote-ref\" id=\"fnref-{id}{suffix}\"><a href=\"#fn-{id}\">{n}</a></sup>"
        )));
    }

    if !order.is_empty() {
        let range = kept.last().map(|(_, r)| r.clone()).unwrap_or(0..0);
        let html = |s: String| (Event::Html(CowStr::from(s)), range.clone());
        kept.push(html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\"><ol>\n".into(),
        ));
        for label in &order {
            let id = slug(label, Slug::Anchor);
            kept.push(html(format!("<li id=\"fn-{id}\">\n")));
            kept.extend(definitions.remove(label).unwrap_or_default());
            kept.push(html(format!("<a href=\"#fnref-{id}\" class=\"footnote-backref\" aria-label=\"Back to the text\">↩</a></li>\n")));
        }
        kept.push(html("</ol></section>\n".into()));
    }
    *events = kept;
}
