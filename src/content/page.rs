//! A content file read and classified: what kind of page it is, where it is published, and
//! its front matter. Rendering happens later, in the markdown pipeline.

use std::path::PathBuf;

use serde::Serialize;

use super::front_matter::{self, PageMeta, ProblemMeta};
use super::walk::SourceFile;
use super::yaml;
use crate::diagnostics::Diagnostic;
use crate::markdown::ids::{Slug, slug};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `content/_index.md`.
    Home,
    /// `content/problems/*.md`.
    Problem,
    /// `content/guides/*.md`.
    Guide,
    /// Any other markdown file.
    Page,
}

impl Serialize for PageKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl PageKind {
    fn of(rel: &str) -> Self {
        match rel.split_once('/') {
            None if rel == "_index.md" => PageKind::Home,
            Some(("problems", rest)) if !rest.contains('/') && rest != "_index.md" => {
                PageKind::Problem
            }
            Some(("guides", rest)) if !rest.contains('/') && rest != "_index.md" => PageKind::Guide,
            _ => PageKind::Page,
        }
    }

    /// The kind as templates (`page.kind`) and the search index name it.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Problem => "problem",
            PageKind::Guide => "guide",
            PageKind::Page => "page",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            PageKind::Home => "the home page",
            PageKind::Problem => "this problem",
            PageKind::Guide => "this guide",
            PageKind::Page => "this page",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Meta {
    Problem(ProblemMeta),
    Page(PageMeta),
}

impl Meta {
    pub fn title(&self) -> &str {
        match self {
            Meta::Problem(m) => &m.title,
            Meta::Page(m) => &m.title,
        }
    }

    pub fn summary(&self) -> &str {
        match self {
            Meta::Problem(m) => &m.summary,
            Meta::Page(m) => &m.summary,
        }
    }

    pub fn order(&self) -> Option<i64> {
        match self {
            Meta::Problem(m) => m.order,
            Meta::Page(m) => m.order,
        }
    }

    pub fn draft(&self) -> bool {
        match self {
            Meta::Problem(m) => m.draft,
            Meta::Page(m) => m.draft,
        }
    }
}

/// A content file with its front matter read.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    /// Relative to `content/`, `/`-separated: `problems/url-shortener.md`.
    pub rel: String,
    pub kind: PageKind,
    pub slug: String,
    /// Where the page is published, relative to the site root: `problems/url-shortener/`,
    /// or the empty string for the home page.
    pub url_path: String,
    pub meta: Meta,
    /// The whole file, for diagnostics.
    pub text: String,
    /// Byte offset of the markdown body in `text`.
    pub body_offset: usize,
    /// A hash of `text`, made once when the file is read: `serve` keys what it keeps of
    /// a page by it, and hashing every page's text on every save would cost more than
    /// re-rendering the page that changed.
    pub text_hash: u64,
}

impl Document {
    /// Reads and classifies one content file.
    pub fn load(file: &SourceFile) -> Result<Self, Diagnostic> {
        let bytes = std::fs::read(&file.path)
            .map_err(|e| Diagnostic::error(&file.path, format!("cannot read file: {e}")))?;
        let text = yaml::utf8(&file.path, bytes)?;
        let kind = PageKind::of(&file.rel);
        let split = front_matter::split(&file.path, &text, kind.describe())?;
        let meta = match kind {
            PageKind::Problem => {
                Meta::Problem(front_matter::parse_problem(&file.path, &text, &split)?)
            }
            _ => Meta::Page(front_matter::parse_page(&file.path, &text, &split)?),
        };
        let body_offset = split.body_offset;
        let (slug, url_path) = url_of(&file.rel).map_err(|name| {
            Diagnostic::error(
                &file.path,
                format!("`{name}` has no letters or digits, so this page would have no URL"),
            )
            .at(&text, 1, 1)
            .with_help("rename it with at least one letter or digit; a page's URL comes from its file and folder names")
        })?;
        Ok(Self {
            path: file.path.clone(),
            rel: file.rel.clone(),
            kind,
            slug,
            url_path,
            meta,
            text_hash: {
                use std::hash::{Hash, Hasher};
                let mut h = std::hash::DefaultHasher::new();
                text.hash(&mut h);
                h.finish()
            },
            text,
            body_offset,
        })
    }
}

/// The slug and published path of a content file: `problems/URL Shortener.md` is
/// published at `problems/url-shortener/`; `x/_index.md` at `x/`. A file or folder name
/// with no letter or digit (`___.md`) has no slug: it is returned as the error, since an
/// empty segment would make the path absolute or merge it with another page.
pub fn url_of(rel: &str) -> Result<(String, String), String> {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let (dir, name) = stem.rsplit_once('/').map_or(("", stem), |(d, n)| (d, n));
    let mut dir_path = String::new();
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        let slug = slug(segment, Slug::Path);
        if slug.is_empty() {
            return Err(format!("{segment}/"));
        }
        dir_path.push_str(&slug);
        dir_path.push('/');
    }
    if name == "_index" {
        let slug = dir
            .rsplit('/')
            .next()
            .map(|d| slug(d, Slug::Path))
            .unwrap_or_default();
        return Ok((slug, dir_path));
    }
    let slug = slug(name, Slug::Path);
    if slug.is_empty() {
        return Err(format!("{name}.md"));
    }
    let url = format!("{dir_path}{slug}/");
    Ok((slug, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_published_at_clean_urls() {
        let url = |rel: &str| url_of(rel).unwrap().1;
        assert_eq!(url_of("_index.md"), Ok((String::new(), String::new())));
        assert_eq!(url("problems/url-shortener.md"), "problems/url-shortener/");
        assert_eq!(url("problems/URL Shortener.md"), "problems/url-shortener/");
        assert_eq!(url("guides/_index.md"), "guides/");
        assert_eq!(url("about.md"), "about/");
    }

    #[test]
    fn names_without_letters_or_digits_have_no_url() {
        assert_eq!(url_of("___.md"), Err("___.md".into()));
        assert_eq!(url_of("___/tmp/x/_index.md"), Err("___/".into()));
        assert_eq!(url_of("guides/---.md"), Err("---.md".into()));
    }

    #[test]
    fn kinds_follow_the_folder() {
        assert_eq!(PageKind::of("_index.md"), PageKind::Home);
        assert_eq!(PageKind::of("problems/a.md"), PageKind::Problem);
        assert_eq!(PageKind::of("guides/a.md"), PageKind::Guide);
        assert_eq!(PageKind::of("problems/_index.md"), PageKind::Page);
        assert_eq!(PageKind::of("notes/a.md"), PageKind::Page);
    }
}
