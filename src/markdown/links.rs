//! Link rewriting: links between markdown files become links between published pages.
//!
//! `[Cache](distributed-cache.md#replication)` in `problems/url-shortener.md` becomes
//! `../distributed-cache/#replication`. Every link the build writes is relative to the page,
//! so one output works at a domain root, under a GitHub Pages project path and in `serve`.
//! Links to pages that do not exist are errors here; fragments are checked once every
//! page's headings are known (see [`LinkRef`]).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use pulldown_cmark::{CowStr, Event, Tag};

use super::Events;
use super::finding::{At, Finding};

/// What a link may point at: the pages and files of the site.
#[derive(Debug, Default, Clone)]
pub struct Routes {
    /// Markdown source (relative to `content/`) → published path (`problems/x/`).
    pub pages: HashMap<String, String>,
    /// Published paths of all pages, for links written as `/problems/x/`.
    pub page_paths: HashSet<String>,
    /// Site files by the path an author writes (`assets/logo.png`, `problems/fig.png`) →
    /// the path they are published at (perhaps with a content hash in the name).
    pub files: HashMap<String, String>,
}

impl Routes {
    /// A key for everything a page's links may resolve to.
    pub fn key(&self) -> u64 {
        let mut pages: Vec<_> = self.pages.iter().collect();
        pages.sort_unstable();
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_unstable();
        // `page_paths` holds the values of `pages`.
        let mut h = std::hash::DefaultHasher::new();
        (pages, files).hash(&mut h);
        h.finish()
    }
}

/// An internal link, kept so its fragment can be checked against the target's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// Published path of the target page; `None` for a link within the same page.
    pub page: Option<String>,
    pub fragment: String,
    /// What the author wrote, for messages.
    pub written: String,
    /// Byte offset in the text the parser read.
    pub offset: usize,
    /// 1-based line and column in the file, filled in by the pipeline.
    pub line: usize,
    pub column: usize,
}

pub struct LinkContext<'a> {
    pub routes: &'a Routes,
    /// The page's source, relative to `content/`.
    pub source_rel: &'a str,
    /// From the page's URL to the site root: `../../`, or `./` for the home page.
    pub root: &'a str,
}

/// What the pass found: internal links to check once every page is rendered, links that
/// lead nowhere, and `http(s)` addresses (where the address itself is written) for
/// `check --external`.
pub struct Found {
    pub refs: Vec<LinkRef>,
    /// Links that cannot be resolved, as errors.
    pub broken: Vec<Finding>,
    pub external: Vec<(String, std::ops::Range<usize>)>,
}

/// Rewrites link and image destinations in place.
pub fn apply(events: &mut Events<'_>, cx: &LinkContext<'_>) -> Found {
    let mut refs = Vec::new();
    let mut broken = Vec::new();
    let mut external = Vec::new();
    for (event, range) in events.iter_mut() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        match resolve(dest, cx) {
            Ok(Resolved::External) => {
                if dest.starts_with("http://") || dest.starts_with("https://") {
                    external.push((dest.to_string(), range.clone()));
                }
            }
            Ok(Resolved::Internal { href, link }) => {
                *dest = CowStr::from(href);
                if let Some(mut link) = link {
                    link.offset = range.start;
                    refs.push(link);
                }
            }
            Err((message, help)) => {
                broken.push(Finding::error(At::Offset(range.start), message, help))
            }
        }
    }
    Found {
        refs,
        broken,
        external,
    }
}

enum Resolved {
    External,
    Internal { href: String, link: Option<LinkRef> },
}

fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

fn resolve(dest: &str, cx: &LinkContext<'_>) -> Result<Resolved, (String, String)> {
    if dest.is_empty() || is_external(dest) {
        return Ok(Resolved::External);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let suffix = |s: &str| {
        let mut out = s.to_string();
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        out
    };
    if path.is_empty() {
        let link = fragment.map(|f| LinkRef {
            page: None,
            fragment: f.to_string(),
            written: dest.to_string(),
            offset: 0,
            line: 0,
            column: 0,
        });
        return Ok(Resolved::Internal {
            href: suffix(""),
            link,
        });
    }
    let site_path = normalize(cx.source_rel, path).ok_or_else(|| {
        (
            format!("link `{dest}` points outside the site"),
            "link to another page with its file name, e.g. `../guides/rubrics.md`".to_string(),
        )
    })?;
    let decoded = site_path.replace("%20", " ");
    let target = if decoded.ends_with(".md") {
        match cx.routes.pages.get(&decoded) {
            Some(url) => url.clone(),
            None => {
                return Err((
                    format!("link to a missing page `{dest}`"),
                    missing_help(&decoded, cx.routes.pages.keys().map(String::as_str)),
                ));
            }
        }
    } else if let Some(published) = cx.routes.files.get(&decoded) {
        published.clone()
    } else {
        let as_dir = format!("{}/", decoded.trim_end_matches('/'));
        let as_dir = if as_dir == "/" { String::new() } else { as_dir };
        if cx.routes.page_paths.contains(&as_dir) {
            as_dir
        } else {
            return Err((
                format!("link to a missing file `{dest}`"),
                "link to pages by their `.md` file and to files under `assets/` as `/assets/name`"
                    .to_string(),
            ));
        }
    };
    let is_page = cx.routes.page_paths.contains(&target);
    let link = match (is_page, fragment) {
        (true, Some(f)) => Some(LinkRef {
            page: Some(target.clone()),
            fragment: f.to_string(),
            written: dest.to_string(),
            offset: 0,
            line: 0,
            column: 0,
        }),
        _ => None,
    };
    Ok(Resolved::Internal {
        href: suffix(&format!("{}{target}", cx.root)),
        link,
    })
}

fn missing_help<'a>(wanted: &str, pages: impl Iterator<Item = &'a str>) -> String {
    fn file_name(p: &str) -> &str {
        p.rsplit('/').next().unwrap_or(p)
    }
    let pages: Vec<&str> = pages.collect();
    let near =
        crate::diagnostics::did_you_mean(file_name(wanted), pages.iter().map(|p| file_name(p)));
    match near.and_then(|n| pages.iter().find(|p| file_name(p) == n)) {
        Some(s) => format!(
            "did you mean `{s}`? (written here relative to content/; links are relative to this file's folder)"
        ),
        None => {
            "create the page, or fix the path: it is relative to this file's folder".to_string()
        }
    }
}

/// Joins a link path to the folder of `source_rel`; `None` when it climbs above the root.
fn normalize(source_rel: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if !link.starts_with('/') {
        parts.extend(source_rel.split('/'));
        parts.pop();
    }
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if link.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        let mut r = Routes::default();
        for (src, url) in [
            ("_index.md", ""),
            ("problems/url-shortener.md", "problems/url-shortener/"),
            ("guides/rubrics.md", "guides/rubrics/"),
        ] {
            r.pages.insert(src.into(), url.into());
            r.page_paths.insert(url.into());
        }
        r.files
            .insert("assets/logo.png".into(), "assets/logo.0123abcd.png".into());
        r
    }

    fn href(dest: &str) -> Result<String, String> {
        let routes = routes();
        let cx = LinkContext {
            routes: &routes,
            source_rel: "problems/url-shortener.md",
            root: "../../",
        };
        match resolve(dest, &cx) {
            Ok(Resolved::External) => Ok(format!("external {dest}")),
            Ok(Resolved::Internal { href, .. }) => Ok(href),
            Err((m, _)) => Err(m),
        }
    }

    #[test]
    fn markdown_links_become_relative_page_links() {
        assert_eq!(
            href("../guides/rubrics.md#l6").unwrap(),
            "../../guides/rubrics/#l6"
        );
        assert_eq!(
            href("url-shortener.md").unwrap(),
            "../../problems/url-shortener/"
        );
        assert_eq!(href("../_index.md").unwrap(), "../../");
        assert_eq!(href("/guides/rubrics/").unwrap(), "../../guides/rubrics/");
        assert_eq!(
            href("/assets/logo.png").unwrap(),
            "../../assets/logo.0123abcd.png"
        );
        assert_eq!(href("#step-1").unwrap(), "#step-1");
    }

    #[test]
    fn external_links_are_left_alone() {
        for d in ["https://bit.ly", "mailto:a@b.c", "//cdn.example/x"] {
            assert_eq!(href(d).unwrap(), format!("external {d}"));
        }
    }

    #[test]
    fn missing_targets_are_errors() {
        assert_eq!(
            href("mock-interviews.md").unwrap_err(),
            "link to a missing page `mock-interviews.md`"
        );
        assert_eq!(
            href("../../../x.md").unwrap_err(),
            "link `../../../x.md` points outside the site"
        );
    }
}
