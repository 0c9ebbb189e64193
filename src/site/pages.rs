//! Rendering a loaded site, file by file, into a [`Sink`].
//!
//! 1. Copied files first (the theme's static files, `assets/`, files beside the content):
//!    their published names are link targets.
//! 2. The bank's lists from front matter alone (navigation, prev/next, search ranks), so
//!    no page waits for another, and the navigation file, rendered once.
//! 3. Every page in parallel ([`page::build`]): each goes to the sink the moment it is
//!    finished, its search record with it.
//! 4. Links between pages are checked once every page's ids are known; a broken one fails
//!    the render (a build then never publishes what it wrote).
//! 5. Pages with no markdown behind them (progress, 404), the sitemap and robots.txt.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use tera::Value;

use super::page::{self, Inputs};
use super::session::Session;
use super::sink::Sink;
use super::{BuildFailure, Site, assets, output, sitemap};
use crate::content::Document;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::{ExternalLink, Rendered, Routes};
use crate::published::OutputFile;
use crate::render::context::{PageSummary, Shared, SiteView, root_prefix};
use crate::render::nav;
use crate::render::render_page;
use crate::render::theme::ThemeFile;
use crate::timings::Timings;

/// What a render reports besides the files it handed on.
#[derive(Debug)]
pub struct Made {
    pub warnings: Vec<Diagnostic>,
    /// Pages made, the 404 page included.
    pub pages: usize,
    /// Every `http(s)` address written in the content, with its file (`check --external`).
    pub(crate) external_links: Vec<(PathBuf, ExternalLink)>,
}

pub(super) fn make(
    site: &Site,
    session: &Session,
    sink: &dyn Sink,
    timings: Option<&Timings>,
) -> Result<Made, BuildFailure> {
    let started = Instant::now();
    let (static_dir, theme_static) =
        assets::theme_static(&with_highlight_css(&site.theme.static_files));
    for file in theme_static {
        sink.file(file)?;
    }
    let mut routes = Routes::default();
    for copied in assets::site_assets(&site.root.join("assets"))?
        .into_iter()
        .chain(assets::content_files(&site.content_files)?)
    {
        routes
            .files
            .insert(copied.written, copied.file.path.clone());
        sink.file(copied.file)?;
    }
    for doc in &site.documents {
        routes.pages.insert(doc.rel.clone(), doc.url_path.clone());
        routes.page_paths.insert(doc.url_path.clone());
    }
    if let Some(t) = timings {
        t.record(|s| s.copy = started.elapsed());
    }

    let started = Instant::now();
    let summaries: Vec<PageSummary> = site.documents.iter().map(PageSummary::of).collect();
    let nav = nav::navigation(&summaries);
    let mut shared = Shared {
        site: Value::from_serializable(&{
            let mut view = SiteView::new(&site.config);
            view.live_reload = site.options.live_reload;
            view.social_image = routes
                .files
                .get("assets/social-card.png")
                .filter(|_| site.config.base_url.starts_with("http"))
                .map(|published| site.config.absolute_url(published));
            view
        }),
        nav: Value::from_serializable(&nav),
        static_dir,
        nav_file: String::new(),
    };
    // The navigation's links start from the site root; the navigation script prefixes
    // each page's own way back to it.
    let nav_html = render_page(
        &site.theme,
        "partials/nav.html",
        &shared.context(""),
        site.options.minify,
    )?;
    shared.nav_file = format!(
        "{}?v={:08x}",
        nav::FILE,
        assets::content_hash(&nav_html) as u32
    );
    sink.file(OutputFile::new(nav::FILE, nav_html))?;

    let neighbours = nav::neighbours(&nav);
    let ranks = nav::ranks(&nav);
    let inputs = Inputs {
        site,
        routes: &routes,
        shared: &shared,
        neighbours: &neighbours,
        ranks: &ranks,
        timings,
        routes_key: routes.key(),
        shared_key: super::reuse::key(&[
            &site.theme.sources,
            &site.config,
            &nav,
            &shared.static_dir,
            &shared.nav_file,
            &site.options.minify,
            &site.options.live_reload,
        ]),
    };
    // Each page is handed on as soon as it is finished; what is kept of it until the end
    // is what the checks across pages need, not its HTML.
    let outcomes: Vec<Outcome> = site
        .documents
        .par_iter()
        .zip(&summaries)
        .map(|(doc, summary)| {
            let built = page::build(doc, summary, &inputs, session);
            if let Some(t) = timings {
                t.record(|s| {
                    s.markdown_cpu += built.markdown_cpu;
                    s.templates_cpu += built.templates_cpu;
                });
            }
            let handed = match &built.page {
                Some(Ok(p)) => hand_on(sink, doc, p).map(|()| true),
                Some(Err(d)) => Err(d.clone()),
                None => Ok(false),
            };
            Outcome {
                facts: Facts::of(built.markdown),
                handed,
            }
        })
        .collect();

    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut facts = Vec::with_capacity(outcomes.len());
    let mut pages = 0;
    for o in outcomes {
        for d in &o.facts.diagnostics {
            if d.is_error() {
                errors.push(d.clone())
            } else {
                warnings.push(d.clone())
            }
        }
        match o.handed {
            Ok(true) => pages += 1,
            Ok(false) => {}
            Err(d) => errors.push(d),
        }
        facts.push(o.facts);
    }
    errors.extend(check_fragments(&site.documents, &facts));
    if !errors.is_empty() {
        return Err(errors.into());
    }

    // Pages the build writes itself, with no markdown behind them: the reader's progress
    // (filled in by the browser), and the 404 page, served at any missing path, so its
    // links start from the site's base path.
    let generated = [
        (
            "progress.html",
            "progress/index.html",
            root_prefix("progress/"),
        ),
        ("404.html", "404.html", site.config.base_path()),
    ];
    for (template, path, root) in generated {
        let mut cx = shared.context(&root);
        cx.insert("prev", &None::<PageSummary>);
        cx.insert("next", &None::<PageSummary>);
        let bytes = render_page(&site.theme, template, &cx, site.options.minify)?;
        sink.file(OutputFile::new(path, bytes))?;
        pages += 1;
    }
    if let Some(t) = timings {
        t.record(|s| s.render = started.elapsed());
    }

    let mut paths: Vec<&str> = site.documents.iter().map(|d| d.url_path.as_str()).collect();
    paths.sort_unstable();
    sink.file(OutputFile::new(
        "sitemap.xml",
        sitemap::sitemap(&site.config, &paths).into_bytes(),
    ))?;
    sink.file(OutputFile::new(
        "robots.txt",
        sitemap::robots(&site.config).into_bytes(),
    ))?;
    sink.file(OutputFile::new(output::NOJEKYLL, Vec::new()))?;
    let external_links = site
        .documents
        .iter()
        .zip(&facts)
        .flat_map(|(d, f)| f.external_links.iter().map(|l| (d.path.clone(), l.clone())))
        .collect();
    Ok(Made {
        warnings,
        pages,
        external_links,
    })
}

/// What the render keeps of a page once it is handed on.
struct Outcome {
    facts: Facts,
    /// Whether the page was handed on (a page whose markdown has errors is not).
    handed: Result<bool, Diagnostic>,
}

/// What the checks across pages need of a page's markdown: all of it but its HTML, which
/// is freed here unless a session keeps the page for its next render.
struct Facts(Arc<Rendered>);

impl Facts {
    fn of(markdown: Arc<Rendered>) -> Self {
        Self(match Arc::try_unwrap(markdown) {
            Ok(r) => Arc::new(Rendered {
                html: String::new(),
                search_sections: Default::default(),
                ..r
            }),
            Err(kept) => kept,
        })
    }
}

impl std::ops::Deref for Facts {
    type Target = Rendered;

    fn deref(&self) -> &Rendered {
        &self.0
    }
}

/// A finished page to the sink, with its search record.
fn hand_on(
    sink: &dyn Sink,
    doc: &Document,
    page: &super::reuse::PageBytes,
) -> Result<(), Diagnostic> {
    if let Some(record) = &page.search {
        sink.search(Arc::clone(record));
    }
    sink.file(OutputFile {
        path: format!("{}index.html", doc.url_path),
        bytes: Arc::clone(&page.page),
    })
}

/// The theme's static files with the highlighting stylesheet appended to `css/site.css`
/// (a page loads one stylesheet), or added as `css/highlight.css` if there is none.
fn with_highlight_css(files: &[ThemeFile]) -> Vec<ThemeFile> {
    let css = crate::render::code_css::stylesheet();
    let mut files = files.to_vec();
    match files.iter_mut().find(|f| f.rel == "css/site.css") {
        Some(site_css) => {
            site_css.bytes.extend_from_slice(b"\n");
            site_css.bytes.extend_from_slice(css.as_bytes());
        }
        None => files.push(ThemeFile {
            rel: "css/highlight.css".into(),
            origin: "css/highlight.css".into(),
            bytes: css.as_bytes().to_vec(),
        }),
    }
    files
}

/// Links whose `#fragment` names no id on the target page.
fn check_fragments(documents: &[Document], facts: &[Facts]) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, &Facts> = documents
        .iter()
        .zip(facts)
        .map(|(d, f)| (d.url_path.as_str(), f))
        .collect();
    let mut errors = Vec::new();
    for (doc, r) in documents.iter().zip(facts) {
        for link in &r.links {
            let target = match &link.page {
                Some(p) => by_path.get(p.as_str()).copied(),
                None => Some(r),
            };
            let Some(target) = target else { continue };
            if link.fragment.is_empty() || target.ids.contains(&link.fragment) {
                continue;
            }
            let help = match did_you_mean(&link.fragment, target.ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `#{s}`?"),
                None => "link to a heading's id; each heading's id is shown by its `#` anchor"
                    .to_string(),
            };
            errors.push(
                Diagnostic::error(
                    &doc.path,
                    format!(
                        "link `{}` names a section that does not exist",
                        link.written
                    ),
                )
                .at(&doc.text, link.line, link.column)
                .with_help(help),
            );
        }
    }
    errors
}
