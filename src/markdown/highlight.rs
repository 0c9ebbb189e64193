//! Code highlighting at build time with syntect and two-face's syntax set (bat's, which has
//! TOML, Dockerfile, HCL, protobuf, GraphQL, Kotlin… that syntect's defaults lack).
//!
//! Tokens get short classes named after Pygments' (`k` keyword, `s` string, `c` comment…),
//! not syntect's long scope names: output size matters across a thousand pages. The colours
//! of those classes come from two real themes (one light, one dark) and are written once as
//! CSS custom properties, so code follows the site's theme switch. Fence options follow
//! MkDocs: `title="config.yaml"`, `linenums="1"`, `hl_lines="2 4-6"`.
//!
//! The syntax set loads once per process; highlighted blocks are cached by language,
//! options and content, so `serve` re-highlights only what changed.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::str::FromStr as _;
use std::sync::{Arc, LazyLock, RwLock};
use std::time::Duration;

use pulldown_cmark::CodeBlockKind;
use syntect::highlighting::{FontStyle, Highlighter, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::Events;
use super::admonitions::escape;

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

/// A code block's fence options.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Fence {
    pub lang: String,
    pub title: Option<String>,
    pub linenums: Option<usize>,
    pub hl_lines: Vec<(usize, usize)>,
}

impl Fence {
    pub fn parse(info: &str) -> Self {
        let mut fence = Fence::default();
        let info = info.trim();
        let (lang, mut rest) = match info.find(char::is_whitespace) {
            Some(i) => (&info[..i], info[i..].trim_start()),
            None => (info, ""),
        };
        if !lang.contains('=') {
            fence.lang = lang.trim_start_matches('.').to_ascii_lowercase();
        } else {
            rest = info;
        }
        while let Some(eq) = rest.find('=') {
            let key = rest[..eq].trim();
            let after = &rest[eq + 1..];
            let (value, next) = match after.strip_prefix('"') {
                Some(q) => match q.find('"') {
                    Some(end) => (&q[..end], &q[end + 1..]),
                    None => (q, ""),
                },
                None => match after.find(char::is_whitespace) {
                    Some(end) => (&after[..end], &after[end..]),
                    None => (after, ""),
                },
            };
            match key {
                "title" => fence.title = Some(value.to_string()),
                "linenums" => {
                    // A number too large for usize is out of range too, not absent.
                    fence.linenums = value.trim().parse().ok().or_else(|| {
                        value
                            .trim()
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                            .then_some(usize::MAX)
                    })
                }
                "hl_lines" => fence.hl_lines = parse_ranges(value),
                _ => {}
            }
            rest = next.trim_start();
        }
        fence
    }

    fn highlighted(&self, line: usize) -> bool {
        self.hl_lines.iter().any(|&(a, b)| (a..=b).contains(&line))
    }
}

fn parse_ranges(value: &str) -> Vec<(usize, usize)> {
    value
        .split_whitespace()
        .filter_map(|part| match part.split_once('-') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => part.parse().ok().map(|n| (n, n)),
        })
        .collect()
}

/// What the pass found that an author should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage {
    pub offset: usize,
    pub lang: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub unknown: Vec<UnknownLanguage>,
    /// Fence options out of range: where, and what is wrong.
    pub invalid: Vec<(usize, String)>,
    /// CPU time spent highlighting on this page (cache hits cost nothing).
    pub time: Duration,
    pub blocks: usize,
}

/// Replaces every code block (but diagrams) with highlighted HTML.
pub fn apply(events: &mut Events<'_>, cache: &Cache) -> Report {
    let mut report = Report::default();
    super::replace_code_blocks(events, |kind, code, range| {
        let mut fence = match kind {
            CodeBlockKind::Fenced(info) => Fence::parse(info),
            CodeBlockKind::Indented => Fence::default(),
        };
        if let Some(n) = fence.linenums
            && !(1..=MAX_LINENUMS).contains(&n)
        {
            report.invalid.push((
                range.start,
                format!("`linenums=\"{n}\"` is out of range; lines are numbered from 1 to {MAX_LINENUMS}"),
            ));
            fence.linenums = Some(1);
        }
        let syntax = find_syntax(&fence.lang);
        if syntax.is_none() && !PLAIN.contains(&fence.lang.as_str()) {
            report.unknown.push(UnknownLanguage {
                offset: range.start,
                lang: fence.lang.clone(),
            });
        }
        let started = crate::cpu::thread_time();
        let html = cached(cache, &fence, code, syntax);
        report.time += crate::cpu::since(started);
        report.blocks += 1;
        Some(html.to_string())
    });
    report
}

/// The largest first line number a block may ask for.
pub const MAX_LINENUMS: usize = 100_000;

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

fn class_of(
    stack: &ScopeStack,
    cache: &mut HashMap<Scope, Option<&'static str>>,
) -> Option<&'static str> {
    for scope in stack.as_slice().iter().rev() {
        let class = *cache
            .entry(*scope)
            .or_insert_with(|| class_for_scope(&scope.build_string()));
        if class.is_some() {
            return class;
        }
    }
    None
}

/// Scope prefixes and their classes, most specific first.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("punctuation.definition.comment", "c"),
    ("string.regexp", "sr"),
    ("constant.character.escape", "se"),
    ("string", "s"),
    ("constant.numeric", "m"),
    ("constant.language", "kc"),
    ("keyword.operator", "o"),
    ("keyword", "k"),
    ("storage.type", "kt"),
    ("storage.modifier", "kd"),
    ("storage", "k"),
    ("entity.name.function", "nf"),
    ("support.function", "nf"),
    ("variable.function", "nf"),
    ("entity.name.tag", "nt"),
    ("entity.other.attribute-name", "na"),
    ("entity.name.type", "nc"),
    ("entity.name.class", "nc"),
    ("entity.other.inherited-class", "nc"),
    ("support.type", "nc"),
    ("support.class", "nc"),
    ("entity.name.section", "gh"),
    ("markup.heading", "gh"),
    ("variable.parameter", "nv"),
    ("variable.language", "bp"),
    ("support.constant", "no"),
    ("variable.other.constant", "no"),
    ("constant", "no"),
    ("entity.name", "nn"),
    ("meta.annotation", "nd"),
    ("entity.name.decorator", "nd"),
    ("markup.bold", "gs"),
    ("markup.italic", "ge"),
    ("markup.inserted", "gi"),
    ("markup.deleted", "gd"),
    ("markup.raw", "sb"),
    ("markup.list", "o"),
    ("invalid", "err"),
];

fn class_for_scope(scope: &str) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(prefix, _)| {
            scope == *prefix
                || scope
                    .strip_prefix(prefix)
                    .is_some_and(|r| r.starts_with('.'))
        })
        .map(|(_, class)| *class)
}

/// The stylesheet for highlighted code: class rules once, colours as custom properties
/// for the light theme, the dark theme, and `prefers-color-scheme`.
pub fn stylesheet() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(|| {
        let themes = two_face::theme::extra();
        let light = themes.get(two_face::theme::EmbeddedThemeName::Github);
        let dark = themes.get(two_face::theme::EmbeddedThemeName::OneHalfDark);
        let mut css = String::from(
            "/* Highlighted code, generated by whiteboard from the GitHub and One Half Dark themes. */\n",
        );
        let mut classes: Vec<&str> = CLASSES.iter().map(|(_, c)| *c).collect();
        classes.sort_unstable();
        classes.dedup();
        for c in &classes {
            let _ = writeln!(
                css,
                ".highlight .{c}{{color:var(--hl-{c});font-style:var(--hl-{c}-style,normal);font-weight:var(--hl-{c}-weight,inherit)}}"
            );
        }
        let light_vars = variables(light, &classes);
        let dark_vars = variables(dark, &classes);
        let _ = writeln!(css, ":root{{{light_vars}}}");
        let _ = writeln!(
            css,
            "@media (prefers-color-scheme: dark){{:root:not([data-theme=light]){{{dark_vars}}}}}"
        );
        let _ = writeln!(css, ":root[data-theme=dark]{{{dark_vars}}}");
        css
    });
    &CSS
}

fn variables(theme: &Theme, classes: &[&str]) -> String {
    let highlighter = Highlighter::new(theme);
    let background = theme
        .settings
        .background
        .unwrap_or(syntect::highlighting::Color::WHITE);
    let readable = |c: syntect::highlighting::Color| hex(with_contrast(c, background));
    let fg = theme
        .settings
        .foreground
        .map(readable)
        .unwrap_or_else(|| "inherit".into());
    let bg = hex(background);
    let hl = theme
        .settings
        .line_highlight
        .map(hex)
        .unwrap_or_else(|| "rgba(255,200,0,.2)".into());
    let mut vars = format!("--hl-fg:{fg};--hl-bg:{bg};--hl-line:{hl};");
    for c in classes {
        let scope = CLASSES
            .iter()
            .find(|(_, k)| k == c)
            .map(|(s, _)| *s)
            .expect("class from CLASSES");
        let Ok(scopes) = ScopeStack::from_str(scope) else {
            continue;
        };
        let style = highlighter.style_for_stack(scopes.as_slice());
        let _ = write!(vars, "--hl-{c}:{};", readable(style.foreground));
        if style.font_style.contains(FontStyle::ITALIC) {
            let _ = write!(vars, "--hl-{c}-style:italic;");
        }
        if style.font_style.contains(FontStyle::BOLD) {
            let _ = write!(vars, "--hl-{c}-weight:bold;");
        }
    }
    vars
}

/// WCAG relative luminance.
fn luminance(c: syntect::highlighting::Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: syntect::highlighting::Color, b: syntect::highlighting::Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg`, darkened or lightened (away from `bg`) just enough for WCAG AA text contrast:
/// theme palettes often give comments a faint grey that fails it.
fn with_contrast(
    fg: syntect::highlighting::Color,
    bg: syntect::highlighting::Color,
) -> syntect::highlighting::Color {
    let target = if luminance(bg) > 0.5 { 0u8 } else { 255u8 };
    let mut c = fg;
    let mut step = 0.0;
    while contrast(c, bg) < 4.6 && step < 1.0 {
        step += 0.05;
        let mix = |v: u8| (f64::from(v) + (f64::from(target) - f64::from(v)) * step).round() as u8;
        c = syntect::highlighting::Color {
            r: mix(fg.r),
            g: mix(fg.g),
            b: mix(fg.b),
            a: 255,
        };
    }
    c
}

fn hex(c: syntect::highlighting::Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn faint_colours_are_made_readable() {
        use syntect::highlighting::Color;
        let white = Color::WHITE;
        let grey = Color {
            r: 0x96,
            g: 0x98,
            b: 0x96,
            a: 255,
        };
        assert!(contrast(grey, white) < 4.5);
        assert!(contrast(with_contrast(grey, white), white) >= 4.5);
        let black = Color {
            r: 0x11,
            g: 0x11,
            b: 0x11,
            a: 255,
        };
        assert_eq!(
            with_contrast(black, white),
            black,
            "readable colours are kept"
        );
    }

    #[test]
    fn the_stylesheet_has_both_themes() {
        let css = stylesheet();
        assert!(css.contains(":root{--hl-fg:"));
        assert!(css.contains(":root[data-theme=dark]{--hl-fg:"));
        assert!(css.contains(".highlight .k{color:var(--hl-k)"));
    }
}
