//! What content may not do with markup: raw HTML that runs script, loads other documents
//! or submits forms ([`crate::html`] holds the policy), links and images whose URL would
//! run script, and nesting so deep that later stages (the minifier) would overflow their
//! stack. Each is an error at the file and line. Reading the page's HTML (raw, and the
//! wrappers and footnotes the passes before it wrote) also yields its ids and external
//! addresses; diagrams and code, which later passes write, are the build's own.

use pulldown_cmark::{Event, Tag};

use super::Events;
use super::finding::{At, Finding};
use crate::html;

/// How deeply elements may nest in one page's content. Real pages stay far below it
/// (an admonition in a list item in a tab is about ten).
pub const MAX_DEPTH: i64 = 64;

/// What raw HTML and links may not do, and the `http(s)` addresses raw HTML links to.
pub struct Checked {
    /// Errors: markup that could run script or leave the page, nesting too deep.
    pub findings: Vec<Finding>,
    pub external: Vec<(String, usize)>,
    /// The ids of every element written as HTML (raw, footnotes, tabs, admonitions).
    pub ids: Vec<String>,
}

pub fn check(events: &Events<'_>) -> Checked {
    let mut out = Vec::new();
    let mut external = Vec::new();
    let mut ids = Vec::new();
    let mut depth: i64 = 0;
    let mut too_deep = false;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(tag) => {
                depth += 1;
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = tag
                    && let Some(scheme) = html::unsafe_scheme(dest_url)
                {
                    out.push(Finding::error(
                        At::Offset(range.start),
                        format!("a link or image with a `{scheme}` URL"),
                        html::UNSAFE_URL_HELP,
                    ));
                }
                i += 1;
            }
            Event::End(_) => {
                depth -= 1;
                i += 1;
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // A block's lines arrive as one event each; a tag may span them.
                let start = range.start;
                let mut fragment = String::new();
                let mut pieces = Vec::new();
                while let Some((Event::Html(h) | Event::InlineHtml(h), r)) = events.get(i) {
                    pieces.push((fragment.len(), r.start));
                    fragment.push_str(h);
                    i += 1;
                    if matches!(events[i - 1].0, Event::InlineHtml(_)) {
                        break;
                    }
                }
                let mut scan = html::scan(&fragment);
                ids.append(&mut scan.ids);
                let at_line = |line: usize| {
                    let in_fragment = match line {
                        0 | 1 => 0,
                        _ => fragment
                            .match_indices('\n')
                            .nth(line - 2)
                            .map_or(0, |(n, _)| n + 1),
                    };
                    pieces
                        .iter()
                        .rev()
                        .find(|(f, _)| *f <= in_fragment)
                        .map_or(start, |(f, o)| o + (in_fragment - f))
                };
                external.extend(
                    scan.external
                        .iter()
                        .map(|(url, line)| (url.clone(), at_line(*line))),
                );
                for f in scan.findings {
                    out.push(Finding::error(
                        At::Offset(at_line(f.line)),
                        f.message,
                        f.help,
                    ));
                }
                if !too_deep && depth + scan.max_depth > MAX_DEPTH {
                    too_deep = true;
                    out.push(deep(start));
                }
                depth = (depth + scan.net_depth).max(0);
                continue;
            }
            _ => i += 1,
        }
        if !too_deep && depth > MAX_DEPTH {
            too_deep = true;
            out.push(deep(range.start));
        }
    }
    Checked {
        findings: out,
        external,
        ids,
    }
}

fn deep(offset: usize) -> Finding {
    Finding::error(
        At::Offset(offset),
        format!("the content here is nested more than {MAX_DEPTH} levels deep"),
        "flatten it: quotes, lists, admonitions and HTML elements may nest 64 levels at most",
    )
}
