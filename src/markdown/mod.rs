//! The markdown pipeline: one page's markdown body in, its HTML and what the rest of the
//! build needs to know about it out.
//!
//! 1. Expand indented containers on the text: [`containers`] turns [`admonitions`]
//!    (`!!! note`) and [`tabs`] (`=== "Go"`) into HTML wrappers around their markdown
//!    bodies, keeping a map from every line back to the file.
//! 2. Parse with pulldown-cmark (GFM tables, task lists, alerts, footnotes,
//!    strikethrough, heading attributes, smart punctuation) into a vector of events, each
//!    with its source range; adjacent text events are merged.
//! 3. Run the passes over that vector, each in its own module with one job:
//!    [`headings`] (ids, anchors, table of contents), [`links`] (rewrite and record),
//!    [`alerts`] (GitHub alerts as admonitions), [`footnotes`] (collected at the end,
//!    with back-links), [`rubric`] (problems' self-assessment
//!    lists), [`scorer`] (the evaluation guide's weighted frameworks), [`mermaid`] (diagrams to SVG), [`highlight`] (code blocks) and
//!    [`raw_html`] (markup that could run script, and nesting too deep to render).
//! 4. Place what the passes found: each returns its problems as [`Finding`]s (an offset
//!    in the expanded text, or a line of the body), and they are turned into diagnostics
//!    at the author's file, line and column in one loop.
//! 5. Serialize the events to HTML.
//!
//! Passes never share flags; a new feature is a new pass. Rendering one page touches no
//! global state, so pages render in parallel.

pub mod admonitions;
pub mod alerts;
pub mod containers;
pub mod finding;
pub mod footnotes;
pub mod headings;
pub mod highlight;
pub mod ids;
pub mod links;
pub mod memo;
pub mod mermaid;
pub mod pack;
pub mod raw_html;
pub mod rubric;
pub mod scorer;
pub mod search_text;
pub mod tabs;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

pub use finding::{At, Finding};
pub use headings::TocEntry;
pub use links::{LinkContext, LinkRef, Routes};

/// An `http(s)` address written in a page (a markdown link or image, or raw HTML), and
/// where, for `check --external`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub line: usize,
    pub column: usize,
}
pub use rubric::Rubric;

use crate::diagnostics::{Diagnostic, LineIndex, Severity, line_col};
use containers::LineMap;

/// The event stream a pass works on: events with their byte range in the body.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// One page's markdown, with what is needed to place diagnostics in its file.
pub struct Source<'a> {
    pub path: &'a Path,
    /// The whole file.
    pub text: &'a str,
    /// Where the markdown body starts in `text`.
    pub body_offset: usize,
    /// Unique on the site (the page's URL path); prefixes generated ids.
    pub page_id: &'a str,
    /// Problems have a rubric; other pages' task lists stay plain.
    pub is_problem: bool,
    /// The search index wants the page's text ([`Rendered::search_sections`]).
    pub indexed: bool,
}

impl Source<'_> {
    fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// Positions in the expanded text, mapped back to the file. The lines of both texts are
/// indexed once, so a page with thousands of diagnostics places each in log time.
struct Locator<'a> {
    source: &'a Source<'a>,
    expanded: &'a str,
    map: &'a LineMap,
    expanded_lines: LineIndex,
    file_lines: std::cell::OnceCell<LineIndex>,
    body_line: usize,
    /// Diagnostics placed so far; past [`MAX_DIAGNOSTICS`] they are not worth placing.
    made: std::cell::Cell<usize>,
}

/// A page reports at most this many problems, then says how many more there are: a
/// thousand copies of one mistake help nobody, and placing each costs time.
pub const MAX_DIAGNOSTICS: usize = 100;

impl<'a> Locator<'a> {
    fn new(source: &'a Source<'a>, expanded: &'a str, map: &'a LineMap) -> Self {
        Self {
            source,
            expanded,
            map,
            expanded_lines: LineIndex::new(expanded),
            file_lines: std::cell::OnceCell::new(),
            body_line: line_col(source.text, source.body_offset).0,
            made: std::cell::Cell::new(0),
        }
    }

    /// A pass's finding as a diagnostic at its place in the file.
    fn place(&self, finding: Finding) -> Diagnostic {
        let Finding {
            at,
            severity,
            message,
            help,
        } = finding;
        let d = match at {
            At::Offset(offset) => {
                let (line, col) = self.expanded_lines.line_col(self.expanded, offset);
                let (line, col) = self.map.original(line - 1, col - 1);
                self.at_body(severity, line, col, message)
            }
            At::Body { line, column } => self.at_body(severity, line, column, message),
            At::File => match severity {
                Severity::Error => Diagnostic::error(self.source.path, message),
                Severity::Warning => Diagnostic::warning(self.source.path, message),
            }
            .at(self.source.text, 1, 1),
        };
        d.with_help(help)
    }

    /// A diagnostic at a (0-based) line and column of the body.
    fn at_body(
        &self,
        severity: Severity,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = match severity {
            Severity::Error => Diagnostic::error(self.source.path, message.into()),
            Severity::Warning => Diagnostic::warning(self.source.path, message.into()),
        };
        self.made.set(self.made.get() + 1);
        if self.made.get() > MAX_DIAGNOSTICS {
            return d.at_line(self.body_line + line);
        }
        let index = self
            .file_lines
            .get_or_init(|| LineIndex::new(self.source.text));
        d.at_indexed(self.source.text, index, self.body_line + line, col + 1)
    }

    /// The file's (line, column), both 1-based, of a byte offset in the expanded text.
    fn file_position(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.expanded_lines.line_col(self.expanded, offset);
        let (line, col) = self.map.original(line - 1, col - 1);
        (self.body_line + line, col + 1)
    }

    /// The file line (1-based) of a byte offset in the expanded text.
    fn file_line(&self, offset: usize) -> usize {
        let (line, _) = self.expanded_lines.line_col(self.expanded, offset);
        let (line, _) = self.map.original(line - 1, 0);
        self.body_line + line
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
    /// Addresses on other sites, for `check --external`.
    pub external_links: Vec<ExternalLink>,
    pub diagnostics: Vec<Diagnostic>,
    /// A problem's self-assessment rubric.
    pub rubric: Option<Rubric>,
    /// The page's text for the search index, section by section ([`search_text`]).
    pub search_sections: std::sync::Arc<[search_text::Section]>,
    /// A diagram fell back to the browser: the page needs mermaid.js.
    pub needs_mermaid_js: bool,
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
/// What renders may share: highlighted code and drawn diagrams ([`memo`]).
#[derive(Default)]
pub struct Caches {
    pub highlights: highlight::Cache,
    pub diagrams: mermaid::Cache,
}

impl Caches {
    /// Caches that keep nothing, for a render that is never repeated.
    pub fn off() -> Self {
        Self {
            highlights: memo::Memo::off(),
            diagrams: memo::Memo::off(),
        }
    }

    /// Caches that keep nothing in memory and everything they make in `folder`'s
    /// `code.pack` and `diagrams.pack` ([`pack`]), for the next build.
    pub fn on_disk(folder: &std::path::Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(folder)?;
        Ok(Self {
            highlights: memo::Memo::off().on_disk(pack::Pack::open(folder.join("code.pack"))?),
            diagrams: memo::Memo::off().on_disk(pack::Pack::open(folder.join("diagrams.pack"))?),
        })
    }

    /// Makes what this render kept on disk the next build's cache.
    pub fn finish(&self) {
        self.highlights.finish();
        self.diagrams.finish();
    }
}

/// Renders one page's markdown; `timings`, when given, is told what highlighting and
/// diagrams cost.
pub fn render(
    source: &Source<'_>,
    links_cx: &LinkContext<'_>,
    caches: &Caches,
    timings: Option<&crate::timings::Timings>,
) -> Rendered {
    let page_id = page_id_slug(source.page_id);
    let expanded = containers::expand(source.body(), &page_id);
    let at = Locator::new(source, &expanded.text, &expanded.map);
    let mut out = Rendered::default();
    // Every pass's problems, in the order the passes run; placed in the file at the end.
    let mut findings = expanded.findings;
    let mut events = merge_text(Parser::new_ext(&expanded.text, options()).into_offset_iter());

    let (toc, bad_ids) = headings::apply(&mut events, &mut out.ids);
    out.toc = toc;
    findings.extend(bad_ids);
    let found = links::apply(&mut events, links_cx);
    let mut refs = found.refs;
    for r in &mut refs {
        (r.line, r.column) = at.file_position(r.offset);
    }
    out.links = refs;
    // The address's own place in the link, for the caret.
    let mut external: Vec<(String, usize)> = found
        .external
        .into_iter()
        .map(|(url, range)| {
            let written = expanded.text.get(range.clone()).and_then(|t| t.find(&url));
            let offset = written.map_or(range.start, |i| range.start + i);
            (url, offset)
        })
        .collect();
    findings.extend(found.broken);
    alerts::apply(&mut events);
    footnotes::apply(&mut events);
    if source.is_problem {
        out.rubric = rubric::apply(&mut events);
        findings.extend(rubric::problems(out.rubric.as_ref(), |offset| {
            at.file_line(offset)
        }));
    }
    findings.extend(scorer::apply(&mut events));
    // Raw HTML is read before diagrams and code become HTML: what the build writes itself
    // needs no policy, and tokenizing it would cost more than the rest of the page.
    let raw = raw_html::check(&events);
    findings.extend(raw.findings);
    external.extend(raw.external);
    out.ids.extend(raw.ids);
    out.external_links = external
        .into_iter()
        .map(|(url, offset)| {
            let (line, column) = at.file_position(offset);
            ExternalLink { url, line, column }
        })
        .collect();
    if source.indexed {
        out.search_sections = search_text::sections(&events).into();
    }
    let drawing = crate::cpu::thread_time();
    let diagrams = mermaid::apply(&mut events, &page_id, &out.ids, &caches.diagrams);
    let drawing = crate::cpu::since(drawing);
    let diagram_count = diagrams.diagrams;
    out.ids.extend(diagrams.ids.iter().cloned());
    out.needs_mermaid_js = !diagrams.failures.is_empty();
    findings.extend(diagrams.failures);
    let report = highlight::apply(&mut events, &caches.highlights);
    findings.extend(report.findings);
    if let Some(t) = timings {
        t.record(|s| {
            s.highlight_cpu += report.time;
            s.code_blocks += report.blocks;
            s.diagrams_cpu += drawing;
            s.diagrams += diagram_count;
        });
    }

    out.diagnostics = findings.into_iter().map(|f| at.place(f)).collect();
    if out.diagnostics.len() > MAX_DIAGNOSTICS {
        let more = out.diagnostics.len() - MAX_DIAGNOSTICS;
        out.diagnostics
            .sort_by_key(|d| (d.column.is_none(), d.line, d.column));
        out.diagnostics.truncate(MAX_DIAGNOSTICS);
        out.diagnostics.push(
            Diagnostic::error(
                source.path,
                format!("… and {more} more problems in this file"),
            )
            .with_help("fix the ones above (often one mistake repeated) and build again"),
        );
    }
    out.html.reserve(expanded.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    out
}

/// An id-safe form of the page's URL path: `problems/url-shortener/` → `problems-url-shortener`.
fn page_id_slug(page_id: &str) -> String {
    let s = ids::slug(&page_id.replace('/', " "), ids::Slug::Anchor);
    if page_id.is_empty() { "home".into() } else { s }
}

/// Replaces code blocks by what `replace` makes of them (their fence, text and the range
/// of their opening event), in one pass over the page; a block it returns `None` for is
/// kept. Passes that turn blocks into HTML (diagrams, highlighting) share it.
fn replace_code_blocks<'a>(
    events: &mut Events<'a>,
    mut replace: impl FnMut(&CodeBlockKind<'a>, &str, &Range<usize>) -> Option<String>,
) {
    let mut input = std::mem::take(events);
    events.reserve(input.len());
    let mut i = 0;
    while i < input.len() {
        let Event::Start(Tag::CodeBlock(kind)) = &input[i].0 else {
            events.push(take_event(&mut input[i]));
            i += 1;
            continue;
        };
        let end = (i..input.len())
            .find(|&j| matches!(input[j].0, Event::End(TagEnd::CodeBlock)))
            .unwrap_or(input.len());
        let mut code = String::new();
        for (e, _) in &input[i + 1..end] {
            if let Event::Text(t) = e {
                code.push_str(t);
            }
        }
        match replace(kind, &code, &input[i].1) {
            Some(html) => events.push((Event::Html(CowStr::from(html)), input[i].1.clone())),
            None => events.extend(input[i..(end + 1).min(input.len())].iter().cloned()),
        }
        i = end + 1;
    }
}

/// Moves an event out of a vector a pass is rewriting into a new one, leaving a cheap
/// placeholder: passing the page's events through costs no copies of their text.
fn take_event<'a>(slot: &mut (Event<'a>, Range<usize>)) -> (Event<'a>, Range<usize>) {
    std::mem::replace(slot, (Event::SoftBreak, 0..0))
}

/// Collects the parser's events, merging runs of text (the parser splits text at
/// punctuation it might have treated specially) so passes see whole phrases.
fn merge_text<'a>(events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> Events<'a> {
    let mut out: Events<'a> = Vec::new();
    // The text of the run being merged, grown in place: joining each piece onto a copy
    // of the run so far would be quadratic in a line of many pieces.
    let mut run: Option<String> = None;
    let finish = |out: &mut Events<'a>, run: &mut Option<String>| {
        if let (Some(text), Some((Event::Text(last), _))) = (run.take(), out.last_mut()) {
            *last = CowStr::from(text);
        }
    };
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            run.get_or_insert_with(|| prev.to_string()).push_str(next);
            prev_range.end = range.end;
            continue;
        }
        finish(&mut out, &mut run);
        out.push((event, range));
    }
    finish(&mut out, &mut run);
    out
}

#[cfg(test)]
mod tests;
