//! The site navigation lists every problem, which makes it the largest part of every page
//! in a big bank: rendering and minifying it once per page would make a build quadratic.
//! So `partials/nav.html` is rendered and minified once per folder depth (links are
//! relative, so pages at the same depth share it) and spliced into each finished page at
//! the slot `base.html` marks with `{{ nav_html | safe }}`, with the page's own link marked
//! `aria-current="page"`.

use std::collections::HashMap;

use super::context::Shared;
use super::{Theme, render_page};
use crate::diagnostics::Diagnostic;

/// What `nav_html` holds while a page renders; replaced by the navigation afterwards.
pub const SLOT: &str = "<wb-nav-slot></wb-nav-slot>";

pub struct NavCache {
    by_root: HashMap<String, String>,
}

impl NavCache {
    pub fn build<'a>(
        theme: &Theme,
        shared: &Shared,
        roots: impl IntoIterator<Item = &'a str>,
        minify: bool,
    ) -> Result<Self, Diagnostic> {
        let mut by_root = HashMap::new();
        for root in roots {
            if by_root.contains_key(root) {
                continue;
            }
            let cx = shared.context(root);
            let html = render_page(theme, "partials/nav.html", &cx, minify)?;
            let html = String::from_utf8(html).expect("templates render UTF-8");
            by_root.insert(root.to_string(), html);
        }
        Ok(Self { by_root })
    }

    /// Puts the navigation for `root` into `page`, marking the link to `current`.
    pub fn splice(&self, page: &[u8], root: &str, current: Option<&str>) -> Vec<u8> {
        let Some(nav) = self.by_root.get(root) else {
            return page.to_vec();
        };
        let slot = SLOT.as_bytes();
        let Some(at) = page.windows(slot.len()).position(|w| w == slot) else {
            return page.to_vec();
        };
        let nav = match current {
            Some(path) => mark_current(nav, &format!("{root}{path}")),
            None => nav.clone(),
        };
        let mut out = Vec::with_capacity(page.len() + nav.len());
        out.extend_from_slice(&page[..at]);
        out.extend_from_slice(nav.as_bytes());
        out.extend_from_slice(&page[at + slot.len()..]);
        out
    }
}

/// Adds `aria-current` to the first link to `href`, written quoted or (minified) not.
fn mark_current(nav: &str, href: &str) -> String {
    let quoted = format!("href=\"{href}\"");
    let bare = format!("href={href}");
    let end = nav.find(&quoted).map(|i| i + quoted.len()).or_else(|| {
        nav.match_indices(&bare)
            .map(|(i, _)| i + bare.len())
            .find(|&e| matches!(nav.as_bytes().get(e), Some(b'>' | b' ')))
    });
    match end {
        Some(e) => format!("{} aria-current=\"page\"{}", &nav[..e], &nav[e..]),
        None => nav.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::mark_current;

    #[test]
    fn marks_quoted_and_bare_links_but_not_prefixes() {
        assert_eq!(
            mark_current(r#"<a href="../a/">A</a>"#, "../a/"),
            r#"<a href="../a/" aria-current="page">A</a>"#
        );
        assert_eq!(
            mark_current("<a href=../a/b/>B</a><a href=../a/>A</a>", "../a/"),
            r#"<a href=../a/b/>B</a><a href=../a/ aria-current="page">A</a>"#
        );
    }
}
