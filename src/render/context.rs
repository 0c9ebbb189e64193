//! What templates see. Each struct here is one variable of the template context, and the
//! README's "Template context" section documents them field by field.

use serde::Serialize;
use tera::{Context, Value};

use crate::config::SiteConfig;
use crate::content::front_matter::{Difficulty, Level, Phase};
use crate::content::{Document, Meta, PageKind};
use crate::markdown::{Rubric, TocEntry};

/// A page as it appears in lists: navigation, the problem table, prev/next.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PageSummary {
    pub title: String,
    /// Published path relative to the site root (`problems/url-shortener/`); prefix it with
    /// `root` in templates.
    pub path: String,
    pub kind: PageKind,
    pub slug: String,
    pub summary: String,
    pub level: Option<Level>,
    pub difficulty: Option<Difficulty>,
    pub time_limit: Option<u32>,
    pub tags: Vec<String>,
    pub order: Option<i64>,
}

impl PageSummary {
    pub fn of(doc: &Document) -> Self {
        let (level, difficulty, time_limit, tags) = match &doc.meta {
            Meta::Problem(m) => (
                Some(m.level),
                Some(m.difficulty),
                Some(m.time_limit),
                m.tags.clone(),
            ),
            Meta::Page(_) => (None, None, None, Vec::new()),
        };
        Self {
            title: doc.meta.title().to_string(),
            path: doc.url_path.clone(),
            kind: doc.kind,
            slug: doc.slug.clone(),
            summary: doc.meta.summary().to_string(),
            level,
            difficulty,
            time_limit,
            tags,
            order: doc.meta.order(),
        }
    }
}

/// Problems of one level, grouped by difficulty, for the navigation.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct LevelGroup {
    pub level: Level,
    pub label: &'static str,
    pub difficulties: Vec<DifficultyGroup>,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct DifficultyGroup {
    pub difficulty: Difficulty,
    pub problems: Vec<PageSummary>,
}

/// The bank's lists, shared by every page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Nav {
    /// Every problem in reading order: by level, then `order`, then title.
    pub problems: Vec<PageSummary>,
    pub levels: Vec<LevelGroup>,
    /// Guides by `order`, then title.
    pub guides: Vec<PageSummary>,
}

impl Nav {
    pub fn new(problems: Vec<PageSummary>, guides: Vec<PageSummary>) -> Self {
        let levels = Level::ALL
            .iter()
            .map(|&level| LevelGroup {
                level,
                label: level.label(),
                difficulties: Difficulty::ALL
                    .iter()
                    .map(|&difficulty| DifficultyGroup {
                        difficulty,
                        problems: problems
                            .iter()
                            .filter(|p| p.level == Some(level) && p.difficulty == Some(difficulty))
                            .cloned()
                            .collect(),
                    })
                    .filter(|g| !g.problems.is_empty())
                    .collect(),
            })
            .filter(|g: &LevelGroup| !g.difficulties.is_empty())
            .collect();
        Self {
            problems,
            levels,
            guides,
        }
    }
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: &'a PageSummary,
    /// The page's HTML, to be written with `| safe`.
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    /// The source file, relative to `content/`.
    pub source: &'a str,
    /// "Edit this page" link, when `repo_url` is set.
    pub edit_url: Option<String>,
    /// The problem's time plan, when its front matter gives one.
    pub phases: &'a [Phase],
    /// The phases to practise by: `phases`, or the evaluation guide's split for the level.
    pub time_plan: Vec<Phase>,
    /// Absolute URL, for the canonical link and Open Graph.
    pub permalink: String,
    /// A problem's rubric: `items` (`id`, `text`, `points`), `total`, `declared`.
    pub rubric: Option<&'a Rubric>,
    /// A problem's overtime penalties, `percent:points` pairs (`10:5 20:10`), for the timer.
    pub overtime: String,
    /// The id of the section practice mode starts folding at (problems only).
    pub fold_from: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub repo_url: Option<&'a str>,
    pub language: &'a str,
    pub generator: &'static str,
    pub search: bool,
    pub content_security_policy: &'static str,
    /// Absolute URL of `assets/social-card.png` (the link preview image), when the bank
    /// has one and `base_url` is absolute.
    pub social_image: Option<String>,
    /// The live-reload script's address, when `serve` renders the page.
    pub live_reload: Option<&'static str>,
    /// The bank's levels and difficulties, for the search filters.
    pub levels: Vec<String>,
    pub difficulties: Vec<String>,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a SiteConfig) -> Self {
        Self {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            repo_url: config.repo_url.as_deref(),
            language: &config.language,
            generator: concat!("whiteboard ", env!("CARGO_PKG_VERSION")),
            search: config.search,
            content_security_policy: crate::html::CONTENT_SECURITY_POLICY,
            social_image: None,
            live_reload: None,
            levels: crate::bank::Level::ALL
                .iter()
                .map(ToString::to_string)
                .collect(),
            difficulties: crate::bank::Difficulty::ALL
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }
}

/// From a page's published path to the site root: `""` → `./`, `problems/x/` → `../../`.
pub fn root_prefix(url_path: &str) -> String {
    let depth = url_path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// The variables every page shares, converted to tera values once per build.
pub struct Shared {
    pub site: Value,
    pub nav: Value,
    /// Path of the theme's static files relative to the site root, ending in `/`.
    pub static_dir: String,
    /// The navigation file relative to the site root, with a version that changes with
    /// its contents (`nav.html?v=…`), so browsers may cache it.
    pub nav_file: String,
}

impl Shared {
    /// The context for one page. `root` is the page's way back to the site root.
    pub fn context(&self, root: &str) -> Context {
        let mut cx = Context::new();
        cx.insert_value("site", self.site.clone());
        cx.insert_value("nav", self.nav.clone());
        cx.insert("root", root);
        cx.insert("static", &format!("{root}{}", self.static_dir));
        cx.insert("nav_src", &format!("{root}{}", self.nav_file));
        cx
    }
}
