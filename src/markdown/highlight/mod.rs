//! Code highlighting at build time with tree-sitter grammars (arborium's, one cargo
//! feature per language in [`languages::LANGUAGES`]).
//!
//! Tokens get short classes named after Pygments' (`k` keyword, `s` string, `c` comment…),
//! not the grammars' capture names: output size matters across a thousand pages. The
//! colours of those classes come from two real themes (one light, one dark) and are written
//! once as CSS custom properties, so code follows the site's theme switch. Fence options
//! follow MkDocs: `title="config.yaml"`, `linenums="1"`, `hl_lines="2 4-6"`.
//!
//! The fence options are parsed in [`fence`], languages and their names are listed in
//! [`languages`], captures map to classes in [`classes`], HTTP messages are read by
//! [`http`], and the classes' colours are written by `render::code_css`.
//!
//! Grammars are compiled once per process and shared by the rendering threads, each with
//! its own parser; highlighted blocks are cached by language, options and content, so
//! `serve` re-highlights only what changed.

pub mod classes;
mod fence;
mod http;
pub mod languages;

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use arborium::advanced::{CompiledGrammar, GrammarConfig};
use arborium::{GrammarStore, Highlighter};
use pulldown_cmark::CodeBlockKind;

use super::Events;
use super::finding::{At, Finding};
use crate::html::escape;
use classes::Token;
pub use fence::{Fence, MAX_LINENUMS};
use languages::{Grammar, Language, PLAIN};

/// The grammars, compiled on first use and shared by every thread.
static GRAMMARS: LazyLock<Arc<GrammarStore>> = LazyLock::new(|| {
    let store = GrammarStore::new();
    if let Some(python) = python_grammar() {
        store.insert("python", Arc::new(python));
    }
    Arc::new(store)
});

/// Patterns after Python's own highlight query (so they win): `self` and `cls`, and
/// parameters where they are declared, as the bank's Python was always coloured.
const PYTHON_PATTERNS: &str = r#"
(parameters (identifier) @variable.parameter)
(parameters (list_splat_pattern (identifier) @variable.parameter))
(parameters (dictionary_splat_pattern (identifier) @variable.parameter))
(default_parameter name: (identifier) @variable.parameter)
(typed_parameter (identifier) @variable.parameter)
(typed_default_parameter name: (identifier) @variable.parameter)
(lambda_parameters (identifier) @variable.parameter)
((identifier) @variable.builtin (#match? @variable.builtin "^(self|cls)$"))
"#;

/// Python's grammar with [`PYTHON_PATTERNS`]; `None` (the plain grammar is used) if the
/// query does not compile, which a test rules out.
fn python_grammar() -> Option<CompiledGrammar> {
    use arborium::lang_python as python;
    let query = format!("{}\n{PYTHON_PATTERNS}", python::HIGHLIGHTS_QUERY);
    CompiledGrammar::new(GrammarConfig {
        language: python::language().into(),
        highlights_query: &query,
        injections_query: python::INJECTIONS_QUERY,
        locals_query: python::LOCALS_QUERY,
    })
    .ok()
}

thread_local! {
    /// This thread's parser over the shared grammars.
    static HIGHLIGHTER: RefCell<Highlighter> =
        RefCell::new(Highlighter::with_store(GRAMMARS.clone()));
}

/// Highlighted blocks, by their fence and code.
pub type Cache = super::memo::Memo<Arc<str>>;

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
        let language = languages::find(&fence.lang);
        if language.is_none() && !PLAIN.contains(&fence.lang.as_str()) {
            report
                .findings
                .push(unknown_language(range.start, &fence.lang));
        }
        let started = crate::cpu::thread_time();
        let html = cached(cache, &fence, code, language);
        report.time += crate::cpu::since(started);
        report.blocks += 1;
        Some(html.to_string())
    });
    report.findings.append(&mut out_of_range);
    report
}

/// A fence naming a language there is no syntax for, with the nearest name if any.
fn unknown_language(offset: usize, lang: &str) -> Finding {
    let help = match languages::suggest(lang) {
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

fn cached(
    cache: &Cache,
    fence: &Fence,
    code: &str,
    language: Option<&'static Language>,
) -> Arc<str> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fence.hash(&mut h);
    code.hash(&mut h);
    cache.get_or(h.finish(), || render_block(fence, code, language).into())
}

fn render_block(fence: &Fence, code: &str, language: Option<&'static Language>) -> String {
    let label = fence.title.clone().unwrap_or_else(|| match language {
        Some(l) => l.label.to_string(),
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
        "<pre class=\"highlight\" tabindex=\"0\"><code{lang_class}>"
    );
    let tokens = language.map(|l| tokens(code, l)).unwrap_or_default();
    let lines = write_lines(code, &tokens);
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

/// A block's tokens in `language`; none (plain text) if its grammar fails.
fn tokens(code: &str, language: &Language) -> Vec<Token> {
    match language.grammar {
        Grammar::TreeSitter(name) => grammar_tokens(name, code, language.keys),
        Grammar::Http => http::tokens(code, |body| grammar_tokens("json", body, true)),
    }
}

/// The most a grammar parses at once. Tree-sitter's error recovery can take time that
/// grows with the square of a broken input's size (Lua reading 100 KB of SQL: seconds), so
/// a larger block is parsed in pieces cut at line ends, which keeps the time linear. The
/// bank's longest block is under 8 KB; a construct that spans a cut (a long docstring) is
/// coloured from the cut as the grammar reads it on its own.
const PIECE: usize = 8 * 1024;

fn grammar_tokens(name: &str, code: &str, keys: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start = 0;
    while start < code.len() {
        let end = piece_end(code, start);
        let piece = &code[start..end];
        tokens.extend(
            parse(name, piece, keys)
                .into_iter()
                .map(|(r, c)| (start + r.start..start + r.end, c)),
        );
        start = end;
    }
    tokens
}

/// Where the piece from `start` ends: after the last line end within [`PIECE`] bytes, or
/// for a line longer than that, at a character boundary.
fn piece_end(code: &str, start: usize) -> usize {
    if start + PIECE >= code.len() {
        return code.len();
    }
    // A character is at most four bytes, so there is a boundary in the last four.
    let limit = (start + PIECE - 3..=start + PIECE)
        .rev()
        .find(|&i| code.is_char_boundary(i))
        .unwrap_or(code.len());
    match code[start..limit].rfind('\n') {
        Some(nl) => start + nl + 1,
        None => limit,
    }
}

fn parse(name: &str, code: &str, keys: bool) -> Vec<Token> {
    let spans = HIGHLIGHTER.with(|h| {
        let mut h = h.try_borrow_mut().ok()?;
        h.highlight_spans(name, code).ok()
    });
    spans.map_or_else(Vec::new, |spans| classes::flatten(code, spans, keys))
}

/// Each line's HTML (without its newline): the text between tokens plain, each token in
/// a span of its class. Lines end at `\n` or `\r\n`, as `str::lines` splits them; one
/// pass over lines and tokens together.
fn write_lines(code: &str, tokens: &[Token]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut next = 0;
    let mut start = 0;
    for line in code.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let text = if line.len() > text.len() {
            text.strip_suffix('\r').unwrap_or(text)
        } else {
            text
        };
        let end = start + text.len();
        let mut w = LineWriter::default();
        let mut at = start;
        while next < tokens.len() && tokens[next].0.end <= start {
            next += 1;
        }
        let mut i = next;
        while let Some((range, class)) = tokens.get(i)
            && range.start < end
        {
            let from = range.start.max(at);
            if from > at {
                w.push(&code[at..from], None);
            }
            let to = range.end.min(end);
            if to > from {
                w.push(&code[from..to], Some(*class));
            }
            at = at.max(to);
            if range.end > end {
                break;
            }
            i += 1;
        }
        next = i;
        if at < end {
            w.push(&code[at..end], None);
        }
        lines.push(w.finish());
        start += line.len();
    }
    lines
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
    fn every_language_loads_its_grammar() {
        for language in languages::LANGUAGES {
            if let Grammar::TreeSitter(name) = language.grammar {
                assert!(GRAMMARS.get(name).is_some(), "{name}: is its feature on?");
            }
        }
        assert!(GRAMMARS.get("json").is_some(), "HTTP bodies are JSON");
        assert!(
            python_grammar().is_some(),
            "the added Python patterns compile"
        );
    }

    #[test]
    fn every_language_the_bank_uses_highlights() {
        for (lang, sample) in [
            ("python", "def f(x):\n    return 1\n"),
            ("sql", "SELECT id FROM t WHERE n > 1;\n"),
            ("yaml", "key: value\n"),
            ("markdown", "# Title\n"),
            ("json", "{\"a\": 1}\n"),
            ("bash", "echo \"hi\"\n"),
            ("go", "func main() {}\n"),
            ("java", "class A {}\n"),
            ("toml", "a = 1\n"),
            ("dockerfile", "FROM alpine\n"),
            ("hcl", "resource \"x\" \"y\" {}\n"),
            ("proto", "message A { int32 id = 1; }\n"),
            ("graphql", "type Query { a: Int }\n"),
            ("kotlin", "fun main() {}\n"),
            ("rust", "fn main() {}\n"),
            ("typescript", "const a: number = 1;\n"),
            ("javascript", "const a = 1;\n"),
            ("lua", "local a = 1\n"),
            ("http", "GET /v1/a HTTP/1.1\n"),
        ] {
            let html = render_block(&Fence::parse(lang), sample, languages::find(lang));
            assert!(html.contains("<span class="), "{lang}: {html}");
        }
    }

    #[test]
    fn aliases_name_their_language() {
        for (alias, name) in [
            ("py", "python"),
            ("js", "javascript"),
            ("ts", "typescript"),
            ("sh", "bash"),
            ("shell", "bash"),
            ("zsh", "bash"),
            ("yml", "yaml"),
            ("golang", "go"),
            ("tf", "hcl"),
            ("terraform", "hcl"),
            ("proto", "protobuf"),
            ("k8s", "yaml"),
            ("rs", "rust"),
            ("md", "markdown"),
        ] {
            let found = languages::find(alias).map(|l| l.names[0]);
            assert_eq!(found, Some(name), "{alias}");
        }
        assert_eq!(languages::suggest("pyhton").as_deref(), Some("python"));
        assert_eq!(languages::suggest("yamll").as_deref(), Some("yaml"));
        assert_eq!(languages::suggest("klingon"), None);
    }

    #[test]
    fn tokens_get_short_classes() {
        let html = render_block(
            &Fence::parse("python"),
            "# hi\nx = \"s\" + 1\n",
            languages::find("python"),
        );
        assert!(html.contains("<span class=\"c\"># hi</span>"), "{html}");
        assert!(html.contains("<span class=\"s\">"), "{html}");
        assert!(html.contains("<span class=\"m\">1</span>"), "{html}");
        assert!(!html.contains("keyword"), "no long capture names: {html}");
        let html = render_block(
            &Fence::parse("python"),
            "def f(self, n=1, *rest):\n    return self.n\n",
            languages::find("python"),
        );
        assert!(
            html.contains("<span class=\"bp\">self</span>, <span class=\"nv\">n</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"nv\">rest</span>"), "{html}");
    }

    #[test]
    fn a_token_over_several_lines_is_split_at_each_line() {
        let html = render_block(
            &Fence::parse("python linenums=\"1\""),
            "x = \"\"\"a\r\nb\"\"\"\r\n",
            languages::find("python"),
        );
        assert!(
            html.contains("<span class=\"s\">&quot;&quot;&quot;a</span></span>\n<span class=\"line\" data-ln=\"2\"><span class=\"s\">b&quot;&quot;&quot;</span></span>"),
            "{html}"
        );
    }

    /// Garbage, huge and deeply nested input in every language: no panic, every line of
    /// the input comes back as one line, and the time stays proportional to the size.
    #[test]
    fn hostile_input_is_highlighted_or_left_plain_without_panicking() {
        let long_line = "a".repeat(200_000);
        let nested = format!("{}{}", "[{(\"'`".repeat(20_000), "\n");
        let unclosed = "\"\"\"'/* <!-- ${ {{ ```\n".repeat(5_000);
        let binaryish: String = (0u32..60_000)
            .map(|i| char::from_u32((i * 7919) % 0x2FFF + 1).unwrap_or('x'))
            .collect();
        let big = "SELECT a, b FROM t WHERE x = 'y' AND n > 1; -- c\n".repeat(9_000);
        assert!(big.len() > 400_000);
        for language in languages::LANGUAGES {
            let lang = language.names[0];
            for input in [&long_line, &nested, &unclosed, &binaryish, &big] {
                let started = std::time::Instant::now();
                let html = render_block(&Fence::parse(lang), input, Some(language));
                let lines = html.matches('\n').count();
                assert_eq!(lines, input.lines().count() + 1, "{lang}");
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "{lang}: {:?} for {} bytes",
                    started.elapsed(),
                    input.len()
                );
            }
        }
    }
}
