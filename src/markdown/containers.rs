//! Indented containers: MkDocs admonitions (`!!! note "Title"`) and content tabs
//! (`=== "Python"`), whose bodies are the lines indented under the marker.
//!
//! CommonMark has no such blocks, so this pass runs on the text before parsing: each
//! container becomes an HTML wrapper around its dedented body, separated by blank lines so
//! the body is still parsed as markdown (lists, code, tables, nested containers). Fenced
//! code is never looked into. Every output line remembers the file line it came from, so
//! later passes still report positions in the author's file.

use super::finding::{At, Finding};
use super::{admonitions, tabs};

/// Where each line of the expanded text came from.
#[derive(Debug, Clone, Default)]
pub struct LineMap {
    /// For output line `i`: the body line (0-based) and how many columns were removed.
    lines: Vec<(usize, usize)>,
}

impl LineMap {
    /// Output (line, column), both 0-based, to body (line, column).
    pub fn original(&self, line: usize, column: usize) -> (usize, usize) {
        match self.lines.get(line) {
            Some(&(l, shift)) => (l, column + shift),
            None => (line, column),
        }
    }
}

pub struct Expanded {
    pub text: String,
    pub map: LineMap,
    /// What is wrong with the containers, at body lines: errors where the page would not
    /// read as its author meant.
    pub findings: Vec<Finding>,
}

/// Expands every container in `body`; `page_id` makes tab ids unique across pages.
pub fn expand(body: &str, page_id: &str) -> Expanded {
    let ends_with_newline = body.ends_with('\n');
    let body = body.strip_suffix('\n').unwrap_or(body);
    let lines: Vec<OwnedLine> = body
        .split('\n')
        .enumerate()
        .map(|(i, t)| OwnedLine {
            text: t.strip_suffix('\r').unwrap_or(t).to_string(),
            shift: 0,
            origin: i,
        })
        .collect();
    let mut out = Out {
        text: String::with_capacity(body.len() + 256),
        map: LineMap::default(),
        findings: Vec::new(),
        page_id,
        tab_sets: 0,
        depth: 0,
        too_deep: false,
    };
    out.lines(&lines);
    if !ends_with_newline {
        out.text.pop();
    }
    Expanded {
        text: out.text,
        map: out.map,
        findings: out.findings,
    }
}

/// A line of the text being expanded.
#[derive(Debug, Clone)]
struct OwnedLine {
    text: String,
    /// Columns already removed from the start of `text` by enclosing containers.
    shift: usize,
    /// Its line in the body, 0-based.
    origin: usize,
}

struct Out<'p> {
    text: String,
    map: LineMap,
    findings: Vec<Finding>,
    page_id: &'p str,
    tab_sets: usize,
    /// Containers open around the lines being expanded.
    depth: usize,
    too_deep: bool,
}

/// How deeply admonitions and tabs may nest. Each level copies its body once, so the
/// limit also bounds the memory a page of hostile nesting can take.
pub const MAX_NESTING: usize = 24;

/// Width of the leading whitespace, tabs counting to the next multiple of 4.
pub fn indent_width(line: &str) -> usize {
    let mut w = 0;
    for c in line.chars() {
        match c {
            ' ' => w += 1,
            '\t' => w += 4 - w % 4,
            _ => break,
        }
    }
    w
}

/// Removes `n` columns of leading whitespace; what indentation is left is written as
/// spaces, since removing columns moves the tab stops.
fn dedent(line: &str, n: usize) -> String {
    let width = indent_width(line);
    let rest = line.trim_start_matches([' ', '\t']);
    format!("{}{rest}", " ".repeat(width.saturating_sub(n)))
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The fence a line opens: its character, length and indent. The one fence scanner for
/// passes that read markdown as lines (this expansion, `check`'s text lints).
pub(crate) fn fence_open(line: &str) -> Option<(char, usize, usize)> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    if n < 3 || (c == '`' && trimmed[n..].contains('`')) {
        return None;
    }
    Some((c, n, indent_width(line)))
}

/// Whether `line` closes the fence `fence_open` found.
pub(crate) fn fence_closes(line: &str, (c, n, _): (char, usize, usize)) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= n && trimmed.chars().all(|x| x == c)
}

impl Out<'_> {
    fn emit(&mut self, text: &str, origin: usize, shift: usize) {
        self.text.push_str(text);
        self.text.push('\n');
        self.map.lines.push((origin, shift));
    }

    fn lines(&mut self, lines: &[OwnedLine]) {
        let mut i = 0;
        while i < lines.len() {
            let line = &lines[i];
            if let Some(fence) = fence_open(&line.text) {
                self.emit(&line.text, line.origin, line.shift);
                i += 1;
                let mut closed = false;
                while i < lines.len() {
                    let l = &lines[i];
                    self.emit(&l.text, l.origin, l.shift);
                    i += 1;
                    if fence_closes(&l.text, fence) {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    let marker: String = std::iter::repeat_n(fence.0, fence.1).collect();
                    self.findings.push(Finding::error(
                        At::Body {
                            line: line.origin,
                            column: fence.2 + line.shift,
                        },
                        "this code block is never closed, so the rest of the page shows as code",
                        format!("end the block with a line holding only {marker}"),
                    ));
                }
                continue;
            }
            let container = admonitions::Marker::parse(&line.text).is_some()
                || tabs::Marker::parse(&line.text).is_some();
            if container && self.depth >= MAX_NESTING {
                if !self.too_deep {
                    self.too_deep = true;
                    self.findings.push(Finding::error(
                        At::Body {
                            line: line.origin,
                            column: indent_width(&line.text) + line.shift,
                        },
                        format!(
                            "admonitions and tabs are nested more than {MAX_NESTING} levels deep here"
                        ),
                        "flatten the nesting; the content below is shown as it is written",
                    ));
                }
                self.emit(&line.text, line.origin, line.shift);
                i += 1;
                continue;
            }
            if let Some(marker) = admonitions::Marker::parse(&line.text) {
                let (body, next) = body_of(lines, i);
                if body.is_empty() {
                    self.empty_admonition(lines, i);
                }
                self.admonition(line, &marker, &body);
                i = next;
                continue;
            }
            if tabs::Marker::parse(&line.text).is_some() {
                i = self.tab_set(lines, i);
                continue;
            }
            self.emit(&line.text, line.origin, line.shift);
            i += 1;
        }
    }

    /// An admonition with nothing indented under it: usually a body written flush left,
    /// which then shows as a paragraph after an empty box.
    fn empty_admonition(&mut self, lines: &[OwnedLine], at: usize) {
        let line = &lines[at];
        let indent = indent_width(&line.text);
        let follows = lines.get(at + 1).filter(|l| !is_blank(&l.text));
        let at = At::Body {
            line: line.origin,
            column: indent + line.shift,
        };
        let help = format!(
            "indent the admonition's body by {} spaces under the marker line",
            indent + 4
        );
        self.findings.push(match follows {
            Some(_) => Finding::error(
                at,
                "the line under this admonition is not indented, so it shows outside the box",
                help,
            ),
            None => Finding::warning(at, "this admonition has no body", help),
        });
    }

    fn admonition(&mut self, line: &OwnedLine, marker: &admonitions::Marker, body: &[OwnedLine]) {
        let pad = " ".repeat(indent_width(&line.text));
        if let Some(w) = &marker.warning {
            self.findings.push(Finding::warning(
                At::Body {
                    line: line.origin,
                    column: indent_width(&line.text) + line.shift,
                },
                w.clone(),
                admonitions::UNKNOWN_TYPE_HELP,
            ));
        }
        for open in marker.open_html() {
            self.emit(&format!("{pad}{open}"), line.origin, line.shift);
        }
        self.emit("", line.origin, line.shift);
        self.depth += 1;
        self.lines(body);
        self.depth -= 1;
        self.emit("", line.origin, line.shift);
        self.emit(
            &format!("{pad}{}", marker.close_html()),
            line.origin,
            line.shift,
        );
        self.emit("", line.origin, line.shift);
    }

    /// One set of consecutive `===` blocks at the same indent; returns the next line.
    fn tab_set(&mut self, lines: &[OwnedLine], start: usize) -> usize {
        let indent = indent_width(&lines[start].text);
        let pad = " ".repeat(indent);
        let first = &lines[start];
        let set = self.tab_sets;
        self.tab_sets += 1;
        let mut blocks: Vec<(tabs::Marker, usize, Vec<OwnedLine>)> = Vec::new();
        let mut i = start;
        while let Some(marker) = tabs::Marker::parse(&lines[i].text) {
            if !blocks.is_empty() && marker.new_set {
                break;
            }
            let (body, next) = body_of(lines, i);
            blocks.push((marker, lines[i].origin, body));
            i = next;
            let mut j = i;
            while j < lines.len() && is_blank(&lines[j].text) {
                j += 1;
            }
            let continues = j < lines.len()
                && indent_width(&lines[j].text) == indent
                && tabs::Marker::parse(&lines[j].text).is_some_and(|m| !m.new_set);
            if !continues {
                break;
            }
            i = j;
        }
        let selected = blocks.iter().position(|(m, _, _)| m.selected).unwrap_or(0);
        self.emit(
            &format!("{pad}{}", tabs::open_set(self.page_id, set)),
            first.origin,
            first.shift,
        );
        self.emit("", first.origin, first.shift);
        for (n, (marker, origin, body)) in blocks.iter().enumerate() {
            for open in tabs::open_panel(self.page_id, set, n, &marker.label, n == selected) {
                self.emit(&format!("{pad}{open}"), *origin, first.shift);
            }
            self.emit("", *origin, first.shift);
            self.depth += 1;
            self.lines(body);
            self.depth -= 1;
            self.emit("", *origin, first.shift);
            self.emit(&format!("{pad}</div>"), *origin, first.shift);
            self.emit("", *origin, first.shift);
        }
        self.emit(&format!("{pad}</div>"), first.origin, first.shift);
        self.emit("", first.origin, first.shift);
        i
    }
}

/// The body under the marker at `at`: following lines that are blank or indented at
/// least 4 columns more than the marker, dedented by that much. Trailing blank lines are
/// left outside. Returns the body and the index after it.
fn body_of(lines: &[OwnedLine], at: usize) -> (Vec<OwnedLine>, usize) {
    let indent = indent_width(&lines[at].text);
    let mut end = at + 1;
    let mut last_content = at;
    while end < lines.len() {
        let l = &lines[end].text;
        if is_blank(l) {
            end += 1;
            continue;
        }
        if indent_width(l) < indent + 4 {
            break;
        }
        last_content = end;
        end += 1;
    }
    let content: &[OwnedLine] = if last_content > at {
        &lines[at + 1..=last_content]
    } else {
        &[]
    };
    let body = content
        .iter()
        .map(|l| {
            let keep = indent.min(indent_width(&l.text));
            let dedented = dedent(&l.text, indent + 4);
            OwnedLine {
                text: format!("{}{}", " ".repeat(keep), dedented),
                shift: l.shift + 4,
                origin: l.origin,
            }
        })
        .collect();
    (body, last_content + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_expands_tabs() {
        assert_eq!(dedent("\tx", 4), "x");
        assert_eq!(dedent("  \tx", 2), "  x");
        assert_eq!(dedent("      x", 4), "  x");
        assert_eq!(indent_width("\t  x"), 6);
    }

    #[test]
    fn body_stops_at_the_first_line_back_at_the_marker_indent() {
        let e = expand("!!! note\n    a\n\n    b\n\nafter\n", "p");
        assert!(e.text.contains("a\n\nb\n"), "{}", e.text);
        assert!(
            e.text.find("</div>").unwrap() < e.text.find("after").unwrap(),
            "{}",
            e.text
        );
    }

    #[test]
    fn every_output_line_maps_back_to_its_source_line() {
        let e = expand("intro\n!!! note\n    body\nlast", "p");
        let lines: Vec<&str> = e.text.split('\n').collect();
        let body = lines.iter().position(|l| *l == "body").unwrap();
        assert_eq!(e.map.original(body, 0), (2, 4));
        let last = lines.iter().position(|l| *l == "last").unwrap();
        assert_eq!(e.map.original(last, 0), (3, 0));
    }

    #[test]
    fn markers_inside_fences_are_code() {
        let e = expand("```\n!!! note\n    x\n```\n", "p");
        assert_eq!(e.text, "```\n!!! note\n    x\n```\n");
    }
}
