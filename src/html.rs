//! HTML: the one escaping helper for everything the build writes into markup, and the
//! policy for raw HTML that contributors write into content.
//!
//! Raw HTML is read by html5ever's tokenizer (the HTML standard's own tokenizing rules, as
//! browsers apply them), so upper case, character references and whitespace hidden in a
//! `javascript:` scheme are seen as a browser sees them, not as a hand-written scan would.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The policy every page carries in a `<meta>` element (GitHub Pages sends no headers)
/// and `serve` sends as a header: scripts and styles from the site only (styles may be
/// inline: diagrams carry theirs), images also as `data:` (the theme's icons), and
/// WebAssembly for the search. An inline handler or a `javascript:` URL never runs.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self' 'unsafe-inline'; script-src 'self'";

/// Escapes text for an element's content or a double-quoted attribute value (every
/// attribute the build writes is double-quoted).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Elements content may not hold: they run code, load other documents, submit data or
/// change where the page's links go.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta",
    "link",
];

/// Attributes holding a URL that a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "lowsrc",
    "dynsrc",
    "srcset",
];

/// Elements that never have content, so they do not nest.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Whether a URL would run script or embed a document in place when followed: its scheme,
/// read the way browsers read it (ASCII whitespace and control characters dropped, any
/// case), is `javascript:`, `vbscript:` or `data:`.
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| cleaned.starts_with(s))
}

/// Something raw HTML may not do, at a line of the fragment (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub message: String,
    pub help: &'static str,
}

/// What a fragment of raw HTML holds: what it may not do, and how its elements nest.
#[derive(Debug, Default)]
pub struct Scan {
    pub findings: Vec<Finding>,
    /// The deepest nesting reached inside the fragment, and the nesting it leaves open
    /// (negative when it closes more than it opens).
    pub max_depth: i64,
    pub net_depth: i64,
    /// `http(s)` addresses in `href` and `src`, with their line, for `check --external`.
    pub external: Vec<(String, usize)>,
    /// Every `id` on an element: targets that a link's `#fragment` may name.
    pub ids: Vec<String>,
}

/// Hands every tag of a fragment to a closure, with the line it ends on (1-based). The
/// text of `<script>` and `<style>` is raw, as in a browser, never read as tags.
struct TagSink<F: FnMut(&Tag, usize)> {
    on_tag: RefCell<F>,
}

impl<F: FnMut(&Tag, usize)> TokenSink for TagSink<F> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        (self.on_tag.borrow_mut())(&tag, usize::try_from(line).unwrap_or(usize::MAX));
        match (tag.kind, &*tag.name) {
            (TagKind::StartTag, "script") => TokenSinkResult::RawData(RawKind::ScriptData),
            (TagKind::StartTag, "style") => TokenSinkResult::RawData(RawKind::Rawtext),
            _ => TokenSinkResult::Continue,
        }
    }
}

fn each_tag(fragment: &str, on_tag: impl FnMut(&Tag, usize)) {
    let tokenizer = Tokenizer::new(
        TagSink {
            on_tag: RefCell::new(on_tag),
        },
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(fragment));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
}

/// The values of attribute `name` on every start tag of `html`, character references
/// decoded.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_tag(html, |tag, _| {
        if tag.kind == TagKind::StartTag {
            out.extend(
                tag.attrs
                    .iter()
                    .filter(|a| &*a.name.local == name)
                    .map(|a| a.value.to_string()),
            );
        }
    });
    out
}

/// Reads a fragment of raw HTML.
pub(crate) fn scan(fragment: &str) -> Scan {
    let mut scan = Scan::default();
    let mut depth: i64 = 0;
    each_tag(fragment, |tag, line| {
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::EndTag => depth -= 1,
            TagKind::StartTag => {
                if !tag.self_closing && !VOID_ELEMENTS.contains(&name) {
                    depth += 1;
                    scan.max_depth = scan.max_depth.max(depth);
                }
                scan.findings.extend(findings(tag, name, line));
                for attr in &tag.attrs {
                    if &*attr.name.local == "id" {
                        scan.ids.push(attr.value.to_string());
                    }
                    let value = attr.value.trim();
                    if matches!(&*attr.name.local, "href" | "src")
                        && (value.starts_with("http://") || value.starts_with("https://"))
                    {
                        scan.external.push((value.to_string(), line));
                    }
                }
            }
        }
    });
    scan.net_depth = depth;
    scan
}

/// What one start tag may not do.
fn findings(tag: &Tag, name: &str, line: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    if FORBIDDEN_ELEMENTS.contains(&name) {
        out.push(Finding {
            line,
            message: format!("a <{name}> element in content"),
            help: "content may not hold <script>, <iframe>, <object>, <embed>, <form>, \
                   <base>, <meta> or <link>; behaviour belongs in the theme's static/js/",
        });
    }
    for attr in &tag.attrs {
        let attr_name: &str = &attr.name.local;
        let full = match attr.name.prefix.as_deref() {
            Some(p) => format!("{p}:{attr_name}"),
            None => attr_name.to_string(),
        };
        if attr_name.starts_with("on") {
            out.push(Finding {
                line,
                message: format!("an event-handler attribute `{full}` on <{name}>"),
                help: "remove it: pages run no inline script (their Content-Security-Policy \
                       blocks it), and behaviour belongs in the theme's static/js/",
            });
        } else if URL_ATTRIBUTES.contains(&full.as_str()) || URL_ATTRIBUTES.contains(&attr_name) {
            let urls: Vec<&str> = if attr_name == "srcset" {
                attr.value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else {
                vec![&attr.value]
            };
            if let Some(scheme) = urls.into_iter().find_map(unsafe_scheme) {
                out.push(Finding {
                    line,
                    message: format!("a `{scheme}` URL in `{full}` on <{name}>"),
                    help: UNSAFE_URL_HELP,
                });
            }
        }
    }
    out
}

pub const UNSAFE_URL_HELP: &str = "link to a page or an http(s) address; put images under \
                                   assets/ or beside the page instead of inlining them as data: URLs";

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(html: &str) -> Vec<String> {
        scan(html).findings.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn harmless_markup_passes() {
        for ok in [
            "<details><summary>Why</summary>Because</details>",
            "<kbd>Ctrl</kbd>+<kbd>C</kbd> H<sub>2</sub>O<br>",
            "<table><tr><td>1</td></tr></table>",
            "<a href=\"https://example.com/?a=1&amp;b=2\">x</a>",
            "<img src=\"/assets/x.png\" alt=\"x\">",
            "<a href=\"../guides/x/\" title=\"onload\">data: javascript:</a>",
        ] {
            assert_eq!(messages(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn the_usual_xss_vectors_are_found() {
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<IMG SRC=x OnErRoR=alert(1)>",
            "<div onmouseover='alert(1)'>x</div>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
            "<a href=vbscript:msgbox(1)>x</a>",
            "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
            "<img srcset=\"ok.png 1x, javascript:alert(1) 2x\">",
            "<iframe src=\"https://example.com\"></iframe>",
            "<object data=x></object>",
            "<embed src=x>",
            "<form action=\"https://example.com\"><button>go</button></form>",
            "<button formaction=\"javascript:alert(1)\">x</button>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        ] {
            assert!(!messages(bad).is_empty(), "not found: {bad}");
        }
    }

    #[test]
    fn findings_carry_their_line_and_nesting_is_measured() {
        let s = scan("<div>\n<p>\n<img src=x\n onerror=alert(1)>\n</p>");
        assert_eq!(s.findings[0].line, 4);
        assert_eq!((s.max_depth, s.net_depth), (2, 1));
        assert_eq!(scan(&"<div>".repeat(100)).max_depth, 100);
    }

    #[test]
    fn escape_closes_no_double_quoted_attribute() {
        assert_eq!(escape("a\"b'c<&>"), "a&quot;b'c&lt;&amp;&gt;");
    }

    #[test]
    fn attributes_are_read_as_a_browser_reads_them() {
        let html = r#"<a class=x href=../a/#b>t</a><img src="i.png" alt='x y'><p>href=nope</p><a id=top></a><div title=x voilà><a href="?a=1&amp;b=2"></a></div>"#;
        assert_eq!(attribute_values(html, "href"), ["../a/#b", "?a=1&b=2"]);
        assert_eq!(attribute_values(html, "src"), ["i.png"]);
        assert_eq!(attribute_values(html, "id"), ["top"]);
    }

    #[test]
    fn non_ascii_never_panics() {
        for s in [
            "<div title=x voilà>",
            "<a href=é>",
            "<é>",
            "<a\u{0}b>",
            "<div title=\"ü",
        ] {
            let _ = scan(s);
        }
    }
}
