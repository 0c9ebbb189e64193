//! Mermaid diagrams rendered to inline SVG at build time with merman, so readers download
//! no diagram library and see the diagram without JavaScript.
//!
//! Each diagram gets an id unique on the site (page + index), scrolls inside its figure on a
//! narrow screen, and keeps its source below it in a collapsed "Diagram source". A diagram
//! merman cannot render (an error, a panic, or over the time budget) falls back to
//! `<pre class="mermaid">` for the self-hosted mermaid.js, and is reported.
//!
//! merman's SVG is made smaller before it is kept ([`svg`] says what goes and why the
//! drawing stays the same); the cache holds the smaller one.

mod css;
mod svg;

use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
use pulldown_cmark::CodeBlockKind;

use super::Events;
use super::finding::{At, Finding};
use crate::html::escape;

/// The kinds drawn at build time (the merman features in Cargo.toml), as authors write
/// them.
const STATIC_KINDS: &str = "flowchart, sequenceDiagram, stateDiagram, classDiagram, erDiagram, \
     gantt, pie, xychart, block, C4, mindmap, packet, quadrantChart, sankey, timeline";

/// Longest a single diagram may take before it is left to the browser.
const BUDGET: Duration = Duration::from_secs(3);

static RENDERER: LazyLock<Renderer> = LazyLock::new(Renderer::new);

/// Drawn diagrams (or why one could not be drawn), by id and source.
pub type Cache = super::memo::Memo<Result<Arc<str>, Failure>>;

/// Why a diagram was left to the browser.
#[derive(Debug, Clone)]
pub enum Failure {
    /// A kind merman was built without (`journey`), as the author wrote it.
    Unsupported(String),
    /// Anything else: the renderer's first line of explanation.
    Other(String),
}

/// Only drawings are kept on disk: a diagram that failed (it may have run out of time on
/// a busy machine) is tried again by the next build.
impl super::memo::OnDisk for Result<Arc<str>, Failure> {
    fn text(&self) -> Option<&str> {
        self.as_deref().ok()
    }
    fn from_text(text: String) -> Self {
        Ok(text.into())
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// Diagrams that did not render at build time (left to the browser), as warnings.
    pub failures: Vec<Finding>,
    pub diagrams: usize,
    /// The figures' ids, link targets like any other.
    pub ids: Vec<String>,
}

/// Whether a fence's info string names a diagram (`mermaid`, any case).
pub(crate) fn is_mermaid(info: &str) -> bool {
    info.split_whitespace()
        .next()
        .is_some_and(|l| l.eq_ignore_ascii_case("mermaid"))
}

/// Replaces every ```mermaid block with its SVG figure (or the browser fallback). `taken`
/// holds the page's ids so far, which the SVGs' own ids must not meet.
pub fn apply(
    events: &mut Events<'_>,
    page_id: &str,
    taken: &std::collections::HashSet<String>,
    cache: &Cache,
) -> Report {
    let mut report = Report::default();
    super::replace_code_blocks(events, |kind, source, range| {
        let CodeBlockKind::Fenced(info) = kind else {
            return None;
        };
        if !is_mermaid(info) {
            return None;
        }
        let id = format!("{page_id}-diagram-{}", report.diagrams);
        report.diagrams += 1;
        report.ids.push(id.clone());
        // The SVG's own id scopes merman's stylesheet; the figure's is the link target.
        // Were they one id, the diagram's rules (font, margins, colours) would reach the
        // figure's caption, buttons and source too.
        let svg_id = svg_id(report.diagrams - 1, &id, taken);
        Some(match draw(source, &svg_id, cache) {
            Ok(svg) => figure(&id, &svg, source),
            Err(failure) => {
                report.failures.push(match failure {
                    Failure::Unsupported(kind) => Finding::warning(
                        At::Offset(range.start),
                        format!("`{kind}` diagrams are not drawn at build time"),
                        format!(
                            "readers' browsers will draw it with mermaid.js instead; for a static SVG use one of: {STATIC_KINDS}"
                        ),
                    ),
                    Failure::Other(message) => Finding::warning(
                        At::Offset(range.start),
                        format!("this diagram did not render at build time: {message}"),
                        "readers' browsers will draw it with mermaid.js instead; fix the syntax to get a static SVG",
                    ),
                });
                fallback(&id, source)
            }
        })
    });
    report
}

/// The id of the page's `n`th diagram's SVG. merman writes it into every rule of the
/// diagram's stylesheet and every marker reference, dozens of times a diagram, so it is
/// short (`d0`) unless an id on the page already starts that way.
fn svg_id(n: usize, figure: &str, taken: &std::collections::HashSet<String>) -> String {
    let short = format!("d{n}");
    if taken.iter().any(|t| t.starts_with(&short)) {
        format!("{figure}-svg")
    } else {
        short
    }
}

fn draw(source: &str, id: &str, cache: &Cache) -> Result<Arc<str>, Failure> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (source, id).hash(&mut h);
    cache.get_or(h.finish(), || draw_uncached(source, id))
}

fn draw_uncached(source: &str, id: &str) -> Result<Arc<str>, Failure> {
    let mut request = SvgRequest::default();
    request.options.diagram_id = Some(id.to_string());
    let control = OperationControl::new().with_deadline(BUDGET);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        RENDERER.render(RenderRequest::svg(source, control, request))
    }));
    match outcome {
        Ok(Ok(RenderOutput::Svg(Some(svg)))) => Ok(Arc::from(shrunk(svg.svg()))),
        Ok(Ok(_)) => Err(Failure::Other(
            "no Mermaid diagram found in the block".to_string(),
        )),
        Ok(Err(e)) => {
            let message = first_line(&e.to_string());
            // merman names the kind, then the Cargo feature that would draw it: only the
            // kind means anything to an author.
            Err(match message.strip_prefix("Unsupported diagram type: ") {
                Some(rest) => {
                    Failure::Unsupported(rest.split([';', ' ']).next().unwrap_or(rest).to_string())
                }
                None => Failure::Other(message),
            })
        }
        Err(_) => Err(Failure::Other(
            "the diagram renderer failed on this diagram".to_string(),
        )),
    }
}

/// The SVG made smaller, or as merman wrote it if that fails in any way.
fn shrunk(svg: &str) -> String {
    catch_unwind(|| svg::shrink(svg))
        .ok()
        .flatten()
        .unwrap_or_else(|| svg.to_string())
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}

fn source_details(source: &str) -> String {
    format!(
        "<details class=\"diagram-source\"><summary>Diagram source</summary><pre><code class=\"language-mermaid\">{}</code></pre></details>",
        escape(source)
    )
}

fn figure(id: &str, svg: &str, source: &str) -> String {
    let width = natural_width(svg).map_or(String::new(), |w| {
        format!(" style=\"--diagram-width:{w:.0}px\"")
    });
    format!(
        "<figure class=\"diagram\" id=\"{id}\"><div class=\"diagram-scroll\"{width}>{svg}</div>\
         <div class=\"diagram-tools needs-js\"><span class=\"diagram-hint\">Scroll sideways for the whole diagram.</span>\
         <button type=\"button\" class=\"button diagram-zoom\">Full size</button></div>{}</figure>\n",
        source_details(source)
    )
}

/// The width the diagram was laid out for, from its `viewBox`: the theme lets a diagram
/// shrink only so far on a narrow screen, then scroll inside its figure.
fn natural_width(svg: &str) -> Option<f64> {
    let tag_end = svg.find('>')?;
    let tag = &svg[..tag_end];
    let at = tag.find("viewBox=\"")? + "viewBox=\"".len();
    let values: Vec<f64> = tag[at..]
        .split('"')
        .next()?
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    values.get(2).copied().filter(|w| w.is_finite() && *w > 0.0)
}

/// Left to the self-hosted mermaid.js, which reads `pre.mermaid`.
fn fallback(id: &str, source: &str) -> String {
    format!(
        "<figure class=\"diagram\" id=\"{id}\"><pre class=\"mermaid\">{}</pre></figure>\n",
        escape(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flowchart_renders_to_svg_with_its_id() {
        let svg = draw_uncached("graph TB\n    A[Client] --> B[(Cache)]\n", "p-diagram-0").unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
        assert!(svg.contains("p-diagram-0"));
        assert!(svg.contains("Client"));
    }

    #[test]
    fn svg_ids_are_short_unless_the_page_has_one_like_them() {
        let page: std::collections::HashSet<String> = ["design".into(), "d1-notes".into()].into();
        assert_eq!(svg_id(0, "p-diagram-0", &page), "d0");
        assert_eq!(svg_id(1, "p-diagram-1", &page), "p-diagram-1-svg");
        let mut events: Events<'_> =
            pulldown_cmark::Parser::new("```mermaid\ngraph TB\n  A --> B\n```\n")
                .into_offset_iter()
                .collect();
        apply(&mut events, "p", &page, &Cache::off());
        let html = format!("{:?}", events[0].0);
        assert!(html.contains("id=\\\"d0\\\""), "{html}");
        assert!(
            html.contains("#d0 "),
            "the stylesheet is scoped by the short id"
        );
    }

    #[test]
    fn figures_carry_the_diagram_width() {
        let html = figure(
            "d",
            "<svg viewBox=\"0 0 548.5 481\" width=\"100%\"></svg>",
            "graph TB",
        );
        assert!(html.contains("style=\"--diagram-width:548px\""), "{html}");
    }

    /// One small diagram of every kind [`STATIC_KINDS`] promises.
    #[test]
    fn every_kind_promised_is_drawn_at_build_time() {
        let kinds = [
            ("flowchart", "flowchart LR\n  A --> B\n"),
            ("sequenceDiagram", "sequenceDiagram\n  A->>B: hi\n"),
            ("stateDiagram", "stateDiagram-v2\n  [*] --> A\n"),
            ("classDiagram", "classDiagram\n  class A\n"),
            ("erDiagram", "erDiagram\n  A ||--o{ B : has\n"),
            (
                "gantt",
                "gantt\n  dateFormat YYYY-MM-DD\n  section S\n  Task :a1, 2024-01-01, 3d\n",
            ),
            ("pie", "pie\n  \"A\" : 60\n  \"B\" : 40\n"),
            ("xychart", "xychart-beta\n  x-axis [a, b]\n  bar [1, 2]\n"),
            ("block", "block-beta\n  a b\n"),
            ("C4", "C4Context\n  Person(u, \"User\")\n"),
            ("mindmap", "mindmap\n  root\n    child\n"),
            ("packet", "packet-beta\n  0-15: \"Source Port\"\n"),
            (
                "quadrantChart",
                "quadrantChart\n  x-axis Low --> High\n  y-axis Low --> High\n  A: [0.3, 0.6]\n",
            ),
            ("sankey", "sankey-beta\n  A,B,10\n"),
            ("timeline", "timeline\n  2024 : launch\n"),
        ];
        let listed: Vec<&str> = STATIC_KINDS.split(", ").collect();
        assert_eq!(listed, kinds.map(|(k, _)| k));
        for (kind, source) in kinds {
            let drawn = draw_uncached(source, "k");
            assert!(drawn.is_ok(), "{kind}: {drawn:?}");
        }
    }

    #[test]
    fn a_kind_not_drawn_at_build_time_is_named_without_cargo_talk() {
        let mut events: Events<'_> = pulldown_cmark::Parser::new(
            "```mermaid\njourney\n    title Day\n    section A\n      Read: 5: Me\n```\n",
        )
        .into_offset_iter()
        .collect();
        let report = apply(&mut events, "p", &Default::default(), &Cache::off());
        let [warning] = report.failures.as_slice() else {
            panic!("{:?}", report.failures)
        };
        let text = format!("{warning:?}");
        assert!(
            text.contains("`journey` diagrams are not drawn at build time"),
            "{text}"
        );
        assert!(text.contains("flowchart, sequenceDiagram"), "{text}");
        assert!(!text.contains("Cargo"), "{text}");
    }

    #[test]
    fn a_broken_diagram_is_an_error_not_a_panic() {
        let err = draw_uncached("graph TB\n    A[Client --> \n", "x").unwrap_err();
        let Failure::Other(message) = err else {
            panic!("{err:?}")
        };
        assert!(!message.is_empty());
    }
}
