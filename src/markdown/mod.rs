//! The markdown pipeline: one page's markdown body in, its HTML and what the rest of the
//! build needs to know about it out.
//!
//! 1. Parse with pulldown-cmark (GFM tables, task lists, footnotes, strikethrough, heading
//!    attributes, smart punctuation) into a vector of events, each with its source range.
//! 2. Run the passes over that vector, each in its own module with one job:
//!    [`headings`] (ids, anchors, table of contents) and [`links`] (rewrite and record).
//! 3. Serialize the events to HTML.
//!
//! Passes never share flags; a new feature is a new pass. Rendering one page touches no
//! global state, so pages render in parallel.

pub mod headings;
pub mod links;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser};

pub use headings::TocEntry;
pub use links::{LinkContext, LinkRef, Routes};

use crate::diagnostics::{Diagnostic, line_col};

/// The event stream a pass works on: events with their byte range in the body.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// One page's markdown, with what is needed to place diagnostics in its file.
pub struct Source<'a> {
    pub path: &'a Path,
    /// The whole file.
    pub text: &'a str,
    /// Where the markdown body starts in `text`.
    pub body_offset: usize,
}

impl Source<'_> {
    fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// A diagnostic at a byte offset of the body.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = line_col(self.text, self.body_offset + offset);
        Diagnostic::error(self.path, message).at(self.text, line, col)
    }
}

/// What rendering a page yields.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id on the page that a link's `#fragment` may target.
    pub ids: HashSet<String>,
    /// Internal links with a fragment, checked once every page is rendered.
    pub links: Vec<LinkRef>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// Renders one page.
pub fn render(source: &Source<'_>, links_cx: &LinkContext<'_>) -> Rendered {
    let body = source.body();
    let mut events: Events<'_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut out = Rendered::default();

    out.toc = headings::apply(&mut events, &mut out.ids);
    let (refs, broken) = links::apply(&mut events, links_cx);
    out.links = refs;
    for b in broken {
        out.diagnostics
            .push(source.error_at(b.offset, b.message).with_help(b.help));
    }

    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    collect_footnote_ids(&out.html, &mut out.ids);
    out
}

/// Footnote definitions are link targets too (`#fn-x` style ids written by pulldown-cmark).
fn collect_footnote_ids(html: &str, ids: &mut HashSet<String>) {
    for part in html.split("id=\"").skip(1) {
        if let Some(end) = part.find('"') {
            ids.insert(part[..end].to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> Rendered {
        let routes = Routes::default();
        let cx = LinkContext {
            routes: &routes,
            source_rel: "x.md",
            root: "./",
        };
        render(
            &Source {
                path: Path::new("x.md"),
                text: md,
                body_offset: 0,
            },
            &cx,
        )
    }

    #[test]
    fn plain_markdown_renders() {
        let r = html(
            "## Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n```python\nx = 1\n```\n",
        );
        insta::assert_snapshot!(r.html);
    }

    #[test]
    fn toc_nests_h3_under_h2() {
        let r = html("## A\n### B\n### B\n## C {#see}\n#### D\n");
        let shape: Vec<_> = r
            .toc
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.children.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(shape, [("a", vec!["b", "b-1"]), ("see", vec![])]);
    }

    #[test]
    fn broken_links_are_placed_in_the_file() {
        let text = "---\ntitle: x\n---\nSee [a](missing.md).\n";
        let routes = Routes::default();
        let cx = LinkContext {
            routes: &routes,
            source_rel: "x.md",
            root: "./",
        };
        let r = render(
            &Source {
                path: Path::new("x.md"),
                text,
                body_offset: 17,
            },
            &cx,
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            (r.diagnostics[0].line, r.diagnostics[0].column),
            (Some(4), Some(5))
        );
    }
}
