//! One bank, loaded: its settings, theme and content files ([`Site`], plain data), and
//! the render that turns it into files ([`Session`], which owns what renders share).
//! Commands are thin over them: `build` renders into the output's staging folder and
//! publishes it, `serve` keeps a session and renders into memory, `check` renders into
//! nothing and keeps the diagnostics.

pub mod assets;
pub mod cache;
pub mod output;
mod page;
mod pages;
mod reuse;
mod session;
pub mod sink;
mod sitemap;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use crate::timings::{Stages, Timings};
pub use pages::Made;
pub use session::Session;

use crate::config::SiteConfig;

use crate::content::Document;
use crate::content::walk::{self, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::render::Theme;

/// How to build, from the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include pages whose front matter says `draft: true`.
    pub drafts: bool,
    pub minify: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// The live-reload script pages load (`serve` only; never in a build's output).
    pub live_reload: Option<&'static str>,
    /// Where highlighted code and drawn diagrams are kept for the next build (`build
    /// --cache`; [`cache`]).
    pub cache: Option<PathBuf>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            drafts: false,
            minify: true,
            base_url: None,
            live_reload: None,
            cache: None,
        }
    }
}

/// Errors that stop a build; warnings travel with the output instead.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    /// Names files relative to the site root.
    pub fn relative_to(self, root: &Path) -> Self {
        Self {
            diagnostics: self
                .diagnostics
                .into_iter()
                .map(|d| d.relative_to(root))
                .collect(),
        }
    }
}

impl From<Vec<Diagnostic>> for BuildFailure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Self { diagnostics }
    }
}

impl From<Diagnostic> for BuildFailure {
    fn from(d: Diagnostic) -> Self {
        Self {
            diagnostics: vec![d],
        }
    }
}

pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub options: BuildOptions,
    pub(crate) theme: Arc<Theme>,
    pub(crate) documents: Vec<Document>,
    /// Non-markdown files under `content/`.
    pub(crate) content_files: Vec<SourceFile>,
}

impl Site {
    /// Reads settings, theme and every content file; reports every problem found, not
    /// just the first.
    pub fn load(root: &Path, options: BuildOptions) -> Result<Self, BuildFailure> {
        Self::load_inner(root, options).map_err(|f| f.relative_to(root))
    }

    /// Loads the bank again after `changed` files (relative to the root) changed, keeping
    /// from `earlier` what they cannot have touched: when only content changed, the
    /// settings, the theme and every page whose file did not change are reused, so a save
    /// does not re-read and re-parse the whole bank (`serve`). Anything else reloads all.
    pub fn reload(&self, changed: &[PathBuf], options: BuildOptions) -> Result<Self, BuildFailure> {
        let earlier = self;
        let root = earlier.root.as_path();
        let content_only = !changed.is_empty() && changed.iter().all(|c| c.starts_with("content"));
        if !content_only {
            return Self::load(root, options);
        }
        let changed: Vec<String> = changed
            .iter()
            .map(|c| walk::slash_path(Path::new("content"), c))
            .collect();
        let unchanged = |rel: &str| {
            !changed
                .iter()
                .any(|c| c.is_empty() || rel == c || rel.starts_with(&format!("{c}/")))
        };
        let kept: HashMap<&str, &Document> = earlier
            .documents
            .iter()
            .filter(|d| unchanged(&d.rel))
            .map(|d| (d.rel.as_str(), d))
            .collect();
        Self::assemble(
            root,
            options,
            earlier.config.clone(),
            Arc::clone(&earlier.theme),
            &kept,
        )
        .map_err(|f| f.relative_to(root))
    }

    fn load_inner(root: &Path, options: BuildOptions) -> Result<Self, BuildFailure> {
        let mut config = SiteConfig::load(root)?;
        if let Some(base) = &options.base_url {
            config.override_base_url(base)?;
        }
        let theme = Arc::new(Theme::load(root, &config.theme)?);
        Self::assemble(root, options, config, theme, &HashMap::new())
    }

    /// Reads the content (pages in `kept` are taken as they are) and checks it as a whole.
    fn assemble(
        root: &Path,
        options: BuildOptions,
        config: SiteConfig,
        theme: Arc<Theme>,
        kept: &HashMap<&str, &Document>,
    ) -> Result<Self, BuildFailure> {
        let content_dir = root.join("content");
        if !content_dir.is_dir() {
            return Err(
                Diagnostic::error(&content_dir, "there is no content folder")
                    .with_help(
                        "run whiteboard in the bank's folder, or point at it with --root DIR",
                    )
                    .into(),
            );
        }
        let (markdown, content_files) = walk::discover(&content_dir)?;
        let results: Vec<Result<Document, Diagnostic>> = markdown
            .par_iter()
            .map(|file| match kept.get(file.rel.as_str()) {
                Some(doc) => Ok((*doc).clone()),
                None => Document::load(file),
            })
            .collect();
        let mut documents = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(doc) if doc.meta.draft() && !options.drafts => {}
                Ok(doc) => documents.push(doc),
                Err(d) => errors.push(d),
            }
        }
        errors.extend(duplicate_urls(&documents));
        errors.extend(duplicate_titles(&documents));
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(Self {
            root: root.to_path_buf(),
            config,
            options,
            theme,
            documents,
            content_files,
        })
    }

    /// Renders the site and writes it to `out_dir`: pages go into a staging folder as
    /// they are finished, and the folder replaces the output only once every step has
    /// succeeded, the search index included.
    pub fn write(&self, out_dir: &Path, timings: Option<&Timings>) -> Result<Made, BuildFailure> {
        let relative = |d: Diagnostic| BuildFailure::from(d.relative_to(&self.root));
        let staging = output::Staging::start(&self.root, out_dir).map_err(relative)?;
        let indexer = self.config.search.then(crate::search::Indexer::start);
        let sink = sink::Staged {
            staging: &staging,
            index: indexer.as_ref().and_then(crate::search::Indexer::sender),
        };
        let mut session = match &self.options.cache {
            Some(folder) => {
                Session::once_with(cache::open(&self.root, out_dir, folder).map_err(relative)?)
            }
            None => Session::once(),
        };
        let made = session.render(self, &sink, timings);
        drop(sink);
        let made = made?;
        session.caches.finish();
        if let Some(indexer) = indexer {
            let waiting = std::time::Instant::now();
            let found = indexer.finish().map_err(relative)?;
            let wait = waiting.elapsed();
            staging.write_all(&found.files).map_err(relative)?;
            if let Some(t) = timings {
                t.record(|s| {
                    s.search_work = found.work;
                    s.search_wait = wait;
                    s.search_pages = found.pages;
                });
            }
        }
        staging.publish().map_err(relative)?;
        Ok(made)
    }
}

/// Two files that would be published at the same URL.
fn duplicate_urls(documents: &[Document]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Document> = HashMap::new();
    let mut errors = Vec::new();
    for doc in documents {
        if doc.url_path == "progress/" {
            errors.push(
                Diagnostic::error(
                    &doc.path,
                    "`progress/` is the reader's progress page, which the build writes itself",
                )
                .at(&doc.text, 1, 1)
                .with_help("rename this file"),
            );
        }
        if let Some(first) = seen.insert(&doc.url_path, doc) {
            errors.push(
                Diagnostic::error(
                    &doc.path,
                    format!(
                        "`{}` and `{}` would both be published at /{}",
                        first.rel, doc.rel, doc.url_path
                    ),
                )
                .at(&doc.text, 1, 1)
                .with_help("rename one of the files; a page's URL comes from its file name"),
            );
        }
    }
    errors
}

/// Two problems (or two guides) with one title: the navigation could not tell them apart.
fn duplicate_titles(documents: &[Document]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(crate::content::PageKind, String), &Document> = HashMap::new();
    let mut errors = Vec::new();
    for doc in documents {
        let title = doc.meta.title().trim().to_lowercase();
        if let Some(first) = seen.insert((doc.kind, title), doc) {
            let line = doc
                .text
                .lines()
                .position(|l| l.starts_with("title:"))
                .map_or(1, |i| i + 1);
            errors.push(
                Diagnostic::error(
                    &doc.path,
                    format!(
                        "`{}` already has the title “{}”",
                        first.rel,
                        first.meta.title()
                    ),
                )
                .at(&doc.text, line, 1)
                .with_help("give each page a title of its own"),
            );
        }
    }
    errors
}
