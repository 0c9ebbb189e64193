//! Code highlighting at build time with syntect and two-face's syntax set (bat's, which has
//! TOML, Dockerfile, HCL, protobuf, GraphQL, Kotlin… that syntect's defaults lack).
//!
//! Tokens get short classes named after Pygments' (`k` keyword, `s` string, `c` comment…),
//! not syntect's long scope names: output size matters across a thousand pages. The colours
//! of those classes come from two real themes (one light, one dark) and are written once as
//! CSS custom properties, so code follows the site's theme switch. Fence options follow
//! MkDocs: `title="config.yaml"`, `linenums="1"`, `hl_lines="2 4-6"`.
//!
//! The fence options are parsed in [`fence`], scopes map to classes in [`classes`], and
//! the classes' colours are written by `render::code_css`.
//!
//! The syntax set loads once per process; highlighted blocks are cached by language,
//! options and content, so `serve` re-highlights only what changed.

pub mod classes;
mod fence;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, RwLock};
use std::time::Duration;

use pulldown_cmark::CodeBlockKind;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::Events;
use super::finding::{At, Finding};
use crate::html::escape;
use classes::class_of;
pub use fence::{Fence, MAX_LINENUMS};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Languages written as plain text on purpose: no highlighting, no warning.
const PLAIN: &[&str] = &[
    "",
    "text",
    "txt",
    "plain",
    "plaintext",
    "console",
    "output",
    "none",
];

/// Highlighted blocks shared by every build of one process.
#[derive(Default)]
pub struct Cache {
    blocks: RwLock<HashMap<u64, Arc<str>>>,
}

#[derive(Debug, Default)]
pub struct Report {
    /// What an author should hear about: fence options out of range (errors), languages
    /// shown as plain text (warnings).
    pub findings: Vec<Finding>,
    /// CPU time spent highlighting on this page (cache hits cost nothing).
    pub time: Duration,
    pub blocks: usize,
}

/// Replaces every code block (but diagrams) with highlighted HTML.
pub fn apply(events: &mut Events<'_>, cache: &Cache) -> Report {
    let mut report = Report::default();
    // Reported after the unknown languages, as they always have been.
    let mut out_of_range = Vec::new();
    super::replace_code_blocks(events, |kind, code, range| {
        let mut fence = match kind {
            // Diagrams are the mermaid pass's, whichever runs first.
            CodeBlockKind::Fenced(info) if super::mermaid::is_mermaid(info) => return None,
            CodeBlockKind::Fenced(info) => Fence::parse(info),
            CodeBlockKind::Indented => Fence::default(),
        };
        if let Some(n) = fence.linenums
            && !(1..=MAX_LINENUMS).contains(&n)
        {
            out_of_range.push(Finding::error(
                At::Offset(range.start),
                format!("`linenums=\"{n}\"` is out of range; lines are numbered from 1 to {MAX_LINENUMS}"),
                format!("write `linenums=\"1\"`, or a start from 1 to {MAX_LINENUMS}"),
            ));
            fence.linenums = Some(1);
        }
        let syntax = find_syntax(&fence.lang);
        if syntax.is_none() && !PLAIN.contains(&fence.lang.as_str()) {
            report
                .findings
                .push(unknown_language(range.start, &fence.lang));
        }
        let started = crate::cpu::thread_time();
        let html = cached(cache, &fence, code, syntax);
        report.time += crate::cpu::since(started);
        report.blocks += 1;
        Some(html.to_string())
    });
    report.findings.append(&mut out_of_range);
    report
}

/// A fence naming a language there is no syntax for, with the nearest name if any.
fn unknown_language(offset: usize, lang: &str) -> Finding {
    let help = match suggest_language(lang) {
        Some(s) => format!("did you mean `{s}`? (`text` gives plain text)"),
        None => "use a language name or file extension such as python, sql, yaml, go, bash; \
                 or `text` for plain text"
            .to_string(),
    };
    Finding::warning(
        At::Offset(offset),
        format!("unknown code language `{lang}`, shown as plain text"),
        help,
    )
}

pub fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    if PLAIN.contains(&lang) {
        return None;
    }
    let alias = match lang {
        "sh" | "shell" | "zsh" | "console-bash" => "bash",
        "py" | "python3" => "python",
        "golang" => "go",
        "tf" | "terraform" => "hcl",
        "proto" | "protobuf" => "proto",
        "k8s" => "yaml",
        l => l,
    };
    SYNTAXES.find_syntax_by_token(alias)
}

/// A known language name close to a misspelt one (`pyhton` → `python`).
pub fn suggest_language(lang: &str) -> Option<String> {
    let names: Vec<String> = SYNTAXES
        .syntaxes()
        .iter()
        .flat_map(|s| {
            std::iter::once(s.name.to_lowercase()).chain(s.file_extensions.iter().cloned())
        })
        .filter(|n| !n.contains(' '))
        .collect();
    crate::diagnostics::did_you_mean(&lang.to_lowercase(), names.iter().map(String::as_str))
        .map(str::to_string)
}

fn cached(cache: &Cache, fence: &Fence, code: &str, syntax: Option<&SyntaxReference>) -> Arc<str> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fence.hash(&mut h);
    code.hash(&mut h);
    let key = h.finish();
    if let Some(hit) = cache.blocks.read().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let html: Arc<str> = render_block(fence, code, syntax).into();
    if let Ok(mut m) = cache.blocks.write() {
        m.insert(key, html.clone());
    }
    html
}

fn render_block(fence: &Fence, code: &str, syntax: Option<&SyntaxReference>) -> String {
    let label = fence.title.clone().unwrap_or_else(|| match syntax {
        Some(s) => s.name.clone(),
        None if PLAIN.contains(&fence.lang.as_str()) => String::new(),
        None => fence.lang.clone(),
    });
    let mut out = String::with_capacity(code.len() * 3);
    out.push_str("<div class=\"code-block\">");
    if !label.is_empty() {
        let _ = write!(
            out,
            "<div class=\"code-header\"><span class=\"code-label\">{}</span></div>",
            escape(&label)
        );
    }
    let lang_class = if fence.lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(&fence.lang))
    };
    // Focusable, so keyboard users can scroll a long line into view. Code weighs less
    // than prose in the search index, so results and their excerpts lead with the
    // explanation rather than a line of code that happens to hold the words.
    let _ = write!(
        out,
        "<pre class=\"highlight\" tabindex=\"0\" data-pagefind-weight=\"0.5\"><code{lang_class}>"
    );
    let lines = match syntax {
        Some(s) => highlight_lines(code, s).unwrap_or_else(|| plain_lines(code)),
        None => plain_lines(code),
    };
    let wrap = fence.linenums.is_some() || !fence.hl_lines.is_empty();
    for (n, line) in lines.iter().enumerate() {
        if wrap {
            let number = n + 1;
            let hll = if fence.highlighted(number) {
                " hll"
            } else {
                ""
            };
            match fence.linenums {
                Some(start) => {
                    let _ = writeln!(
                        out,
                        "<span class=\"line{hll}\" data-ln=\"{}\">{line}</span>",
                        start + n
                    );
                }
                None => {
                    let _ = writeln!(out, "<span class=\"line{hll}\">{line}</span>");
                }
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("</code></pre></div>\n");
    out
}

fn plain_lines(code: &str) -> Vec<String> {
    code.lines().map(escape).collect()
}

/// Each line's HTML (without its newline), or `None` if the grammar fails on this input.
fn highlight_lines(code: &str, syntax: &SyntaxReference) -> Option<Vec<String>> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut classes: HashMap<Scope, Option<&'static str>> = HashMap::new();
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let text = line.trim_end_matches(['\n', '\r']);
        let mut w = LineWriter::default();
        let mut pos = 0;
        for (at, op) in ops {
            let at = at.min(text.len());
            if at > pos {
                w.push(&text[pos..at], class_of(&stack, &mut classes));
                pos = at;
            }
            stack.apply(&op).ok()?;
        }
        if pos < text.len() {
            w.push(&text[pos..], class_of(&stack, &mut classes));
        }
        lines.push(w.finish());
    }
    Some(lines)
}

/// Writes one line, merging neighbouring tokens of the same class into one span.
#[derive(Default)]
struct LineWriter {
    html: String,
    run: String,
    class: Option<&'static str>,
}

impl LineWriter {
    fn push(&mut self, piece: &str, class: Option<&'static str>) {
        if class != self.class {
            self.flush();
            self.class = class;
        }
        self.run.push_str(piece);
    }

    fn flush(&mut self) {
        if self.run.is_empty() {
            return;
        }
        match self.class {
            Some(c) => {
                let _ = write!(
                    self.html,
                    "<span class=\"{c}\">{}</span>",
                    escape(&self.run)
                );
            }
            None => self.html.push_str(&escape(&self.run)),
        }
        self.run.clear();
    }

    fn finish(mut self) -> String {
        self.flush();
        self.html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagrams_are_left_to_the_mermaid_pass() {
        let text = "```mermaid\ngraph LR\n  A --> B\n```\n\n```python\nx = 1\n```\n";
        let mut events: Events<'_> =
            pulldown_cmark::Parser::new_ext(text, crate::markdown::options())
                .into_offset_iter()
                .collect();
        let report = apply(&mut events, &Cache::default());
        assert_eq!(report.blocks, 1, "only the python block is highlighted");
        assert!(events.iter().any(|(e, _)| matches!(
            e,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(CodeBlockKind::Fenced(i))) if &**i == "mermaid"
        )));
    }

    #[test]
    fn reads_mkdocs_fence_options() {
        let f = Fence::parse("yaml title=\"config.yaml\" linenums=\"3\" hl_lines=\"2 4-6\"");
        assert_eq!(f.lang, "yaml");
        assert_eq!(f.title.as_deref(), Some("config.yaml"));
        assert_eq!(f.linenums, Some(3));
        assert_eq!(f.hl_lines, [(2, 2), (4, 6)]);
    }

    #[test]
    fn every_language_the_bank_uses_highlights() {
        for lang in [
            "python",
            "sql",
            "yaml",
            "markdown",
            "json",
            "bash",
            "go",
            "java",
            "toml",
            "dockerfile",
            "hcl",
            "proto",
            "graphql",
            "kotlin",
            "rust",
            "typescript",
        ] {
            assert!(find_syntax(lang).is_some(), "{lang}");
        }
    }

    #[test]
    fn tokens_get_short_classes() {
        let html = render_block(
            &Fence::parse("python"),
            "# hi\nx = \"s\" + 1\n",
            find_syntax("python"),
        );
        assert!(html.contains("<span class=\"c\"># hi</span>"), "{html}");
        assert!(html.contains("<span class=\"s\">"), "{html}");
        assert!(html.contains("<span class=\"m\">1</span>"), "{html}");
        assert!(!html.contains("source"), "no long scope names: {html}");
    }
}
