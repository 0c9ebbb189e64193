//! Output size: HTML minified with minify-html.
//!
//! Neither CSS nor JavaScript is minified here: the theme's stylesheets and modules are
//! small files served as they are, and a diagram's stylesheet is compacted when it is
//! drawn. Cargo.toml builds minify-html's CSS and JavaScript minifiers without
//! optimisation on that account: turning them on here would make them slow.

use std::sync::LazyLock;

static CFG: LazyLock<minify_html::Cfg> = LazyLock::new(|| minify_html::Cfg {
    minify_css: false,
    minify_js: false,
    keep_closing_tags: true,
    keep_html_and_head_opening_tags: true,
    ..minify_html::Cfg::new()
});

pub fn html(input: &[u8]) -> Vec<u8> {
    minify_html::minify(input, &CFG)
}

#[cfg(test)]
mod tests {
    #[test]
    fn collapses_whitespace_but_keeps_pre() {
        let out = super::html(b"<p>a    b</p>\n\n<pre>x\n  y</pre>");
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<p>a b</p>"), "{out}");
        assert!(out.contains("<pre>x\n  y</pre>"), "{out}");
    }

    /// The CSS and JavaScript minifiers stay off: Cargo.toml compiles them unoptimised.
    #[test]
    fn leaves_inline_css_and_scripts_as_written() {
        let page = "<svg><style>#d0 .node { fill : red }</style></svg>\
                    <p style=\"color : red\">x</p><script>let  a = 1;</script>";
        let out = String::from_utf8(super::html(page.as_bytes())).unwrap();
        for kept in ["#d0 .node { fill : red }", "color : red", "let  a = 1;"] {
            assert!(out.contains(kept), "{kept:?} changed: {out}");
        }
    }
}
