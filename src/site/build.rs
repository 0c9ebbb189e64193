//! Rendering a loaded site into the files of the output, in memory.
//!
//! Copied files are collected first (their published names are link targets), then every
//! page, in parallel, renders its markdown, is laid into its template (the navigation
//! comes from front matter alone, so no page waits for another) and goes to the search
//! index at once. Links between pages are checked once all ids are known; a broken one
//! fails the build before anything is written.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Value;

use super::reuse::{self, PageBytes};
use super::{BuildFailure, OutputFile, Site, assets, files, output};
use crate::content::{Document, PageKind};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::{self, LinkContext, Rendered, Routes};
use crate::render::context::{Nav, PageSummary, PageView, Shared, SiteView, root_prefix};
use crate::render::nav::NavCache;
use crate::render::render_page;
use crate::render::theme::ThemeFile;
use crate::search::{Indexer, SearchPage};

/// A built site.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    /// Pages written, the 404 page included.
    pub pages: usize,
    pub timings: Timings,
    /// Pages for `serve`'s live search index, as the theme rendered them (incremental
    /// renders only).
    pub search_pages: Vec<SearchPage>,
    /// The search index being made from this render's pages (`build`); `Site::write`
    /// waits for it.
    pub indexer: Option<Indexer>,
    /// Every `http(s)` address written in the content, with its file (`check --external`).
    pub(crate) external_links: Vec<(std::path::PathBuf, crate::markdown::ExternalLink)>,
}

/// Time each stage of a render took, for benchmarks and `--timings`. Wall-clock time,
/// except `*_cpu`: CPU time summed over the rendering threads.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub copy: Duration,
    /// Rendering every page: markdown, templates and minifying, in parallel.
    pub render: Duration,
    pub markdown_cpu: Duration,
    /// Highlighting's part of `markdown_cpu`.
    pub highlight_cpu: Duration,
    pub code_blocks: usize,
    /// Templates and minifying.
    pub templates_cpu: Duration,
    /// Time the search index's own thread spent working: reading pages as they were
    /// rendered and bundling the index (`Site::write`).
    pub search_work: Duration,
    /// Time the build waited for the search index once its own files were written.
    pub search_wait: Duration,
    pub search_pages: usize,
}

/// One page out of the parallel pass: its markdown, and its finished page unless the
/// markdown had errors.
struct RenderedPage {
    markdown: Arc<Rendered>,
    page: Option<Result<PageBytes, Diagnostic>>,
    markdown_cpu: Duration,
    templates_cpu: Duration,
}

pub fn render(site: &Site) -> Result<Output, BuildFailure> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    let mut timings = Timings::default();
    let started = Instant::now();

    let (static_dir, theme_static) =
        assets::theme_static(&with_highlight_css(&site.theme.static_files));
    files.extend(theme_static);
    let mut routes = Routes::default();
    for copied in assets::site_assets(&site.root.join("assets"))?
        .into_iter()
        .chain(assets::content_files(&site.content_files)?)
    {
        routes
            .files
            .insert(copied.written, copied.file.path.clone());
        files.push(copied.file);
    }
    for doc in &site.documents {
        routes.pages.insert(doc.rel.clone(), doc.url_path.clone());
        routes.page_paths.insert(doc.url_path.clone());
    }

    timings.copy = started.elapsed();
    let started = Instant::now();
    let incremental = site.options.incremental;
    // Keys name what a render may reuse next time; a one-off build needs none.
    let markdown_keys: Vec<u64> = if incremental {
        let routes_key = routes.key();
        site.documents
            .iter()
            .map(|d| reuse::key(&[&routes_key, &d.path, &d.text, &d.url_path, &d.rel, &d.kind]))
            .collect()
    } else {
        vec![0; site.documents.len()]
    };
    let summaries: Vec<PageSummary> = site.documents.iter().map(PageSummary::of).collect();
    let nav = navigation(&summaries);
    let neighbours = neighbours(&nav);
    let shared = Shared {
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
    };
    let roots: Vec<String> = site
        .documents
        .iter()
        .map(|d| root_prefix(&d.url_path))
        .collect();
    let base_path = site.config.base_path();
    let navs = NavCache::build(
        &site.theme,
        &shared,
        roots
            .iter()
            .map(String::as_str)
            .chain(["../", base_path.as_str()]),
        site.options.minify,
    )
    .map_err(|d| BuildFailure::from(relative(site, vec![d])))?;

    let ranks: HashMap<&str, usize> = nav
        .problems
        .iter()
        .chain(&nav.guides)
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    // Everything every page is made from besides its own markdown: templates, settings,
    // the navigation (titles, order, prev/next) and the theme's files.
    let shared_key = incremental.then(|| {
        reuse::key(&[
            &site.theme.sources,
            &site.config,
            &nav,
            &shared.static_dir,
            &site.options.minify,
        ])
    });
    let mut indexer =
        (site.config.search && !incremental).then(|| Indexer::start(&site.config.language));
    let search_sender = indexer.as_ref().and_then(Indexer::sender);
    // A page's HTML from its markdown: reused when nothing it is made from changed (serve).
    let lay_out = |doc: &Document,
                   r: &Rendered,
                   summary: &PageSummary,
                   markdown_key: u64|
     -> Result<PageBytes, Diagnostic> {
        let rank = ranks
            .get(doc.url_path.as_str())
            .copied()
            .unwrap_or(ranks.len());
        let key = shared_key.map_or(0, |shared| reuse::key(&[&shared, &markdown_key, &rank]));
        if let Some(kept) = incremental
            .then(|| site.reuse.page(&doc.url_path, key))
            .flatten()
        {
            return Ok(kept);
        }
        let root = root_prefix(&doc.url_path);
        let mut cx = shared.context(&root);
        let (prev, next) = neighbours
            .get(doc.url_path.as_str())
            .copied()
            .unwrap_or((None, None));
        cx.insert("prev", &prev);
        cx.insert("next", &next);
        cx.insert("page", &page_view(site, doc, r, summary, rank));
        let body = render_page(
            &site.theme,
            template_for(doc.kind),
            &cx,
            site.options.minify,
        )?;
        let page = navs.splice(&body, &root, Some(&doc.url_path));
        let index = site
            .config
            .search
            .then(|| {
                crate::search::for_index(&String::from_utf8_lossy(&body), &site.config.language)
            })
            .flatten()
            .map(Arc::from);
        Ok(PageBytes {
            key,
            index,
            page: page.into(),
        })
    };
    let done: Vec<RenderedPage> = site
        .documents
        .par_iter()
        .zip(&summaries)
        .zip(&markdown_keys)
        .map(|((doc, summary), &markdown_key)| {
            let markdown_started = crate::cpu::thread_time();
            let r = match incremental
                .then(|| site.reuse.markdown(markdown_key))
                .flatten()
            {
                Some(kept) => kept,
                None => {
                    let root = root_prefix(&doc.url_path);
                    let cx = LinkContext {
                        routes: &routes,
                        source_rel: &doc.rel,
                        root: &root,
                    };
                    Arc::new(markdown::render(&source_of(doc), &cx, &site.caches))
                }
            };
            let markdown_cpu = crate::cpu::since(markdown_started);
            let templates_started = crate::cpu::thread_time();
            // A page whose markdown failed fails the build; its template would be wasted.
            let page = (!r.diagnostics.iter().any(Diagnostic::is_error)).then(|| {
                let page = lay_out(doc, &r, summary, markdown_key)?;
                if let (Some(sender), Some(html)) = (&search_sender, &page.index) {
                    // A closed channel means indexing failed; finish() says why.
                    let _ = sender.send(SearchPage {
                        url: format!("/{}", doc.url_path),
                        html: Arc::clone(html),
                    });
                }
                Ok(page)
            });
            RenderedPage {
                markdown: r,
                page,
                markdown_cpu,
                templates_cpu: crate::cpu::since(templates_started),
            }
        })
        .collect();
    drop(search_sender);
    if let Some(indexer) = &mut indexer {
        indexer.close();
    }
    let mut warnings = Vec::new();
    let mut rendered = Vec::with_capacity(done.len());
    let mut pages = Vec::with_capacity(done.len());
    for p in done {
        for d in &p.markdown.diagnostics {
            if d.is_error() {
                errors.push(d.clone())
            } else {
                warnings.push(d.clone())
            }
        }
        timings.markdown_cpu += p.markdown_cpu;
        timings.templates_cpu += p.templates_cpu;
        timings.highlight_cpu += p.markdown.highlight_time;
        timings.code_blocks += p.markdown.code_blocks;
        rendered.push(p.markdown);
        pages.push(p.page);
    }
    errors.extend(check_fragments(&site.documents, &rendered));
    if !errors.is_empty() {
        return Err(relative(site, errors).into());
    }

    let mut page_count = 0;
    let mut kept_pages = HashMap::new();
    let mut search_pages = Vec::new();
    for (p, doc) in pages.into_iter().zip(&site.documents) {
        match p.expect("pages with markdown errors failed the build above") {
            Ok(p) => {
                files.push(OutputFile {
                    path: format!("{}index.html", doc.url_path),
                    bytes: Arc::clone(&p.page),
                });
                if let (true, Some(html)) = (incremental, &p.index) {
                    search_pages.push(SearchPage {
                        url: format!("/{}", doc.url_path),
                        html: Arc::clone(html),
                    });
                }
                if incremental {
                    kept_pages.insert(doc.url_path.clone(), p);
                }
                page_count += 1;
            }
            Err(d) => errors.push(d),
        }
    }
    if incremental {
        let kept_markdown = markdown_keys.iter().copied().zip(rendered.iter().cloned());
        site.reuse.keep(kept_markdown.collect(), kept_pages);
    }

    // Pages the build writes itself, with no markdown behind them: the reader's progress
    // (filled in by the browser), and the 404 page, served at any missing path, so its
    // links start from the site's base path.
    let generated = [
        (
            "progress.html",
            "progress/index.html",
            root_prefix("progress/"),
            Some("progress/"),
        ),
        ("404.html", "404.html", base_path.clone(), None),
    ];
    for (template, path, root, current) in generated {
        let mut cx = shared.context(&root);
        cx.insert("prev", &None::<PageSummary>);
        cx.insert("next", &None::<PageSummary>);
        match render_page(&site.theme, template, &cx, site.options.minify) {
            Ok(bytes) => {
                files.push(OutputFile {
                    path: path.into(),
                    bytes: navs.splice(&bytes, &root, current).into(),
                });
                page_count += 1;
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(relative(site, errors).into());
    }

    timings.render = started.elapsed();
    let mut paths: Vec<&str> = site.documents.iter().map(|d| d.url_path.as_str()).collect();
    paths.sort_unstable();
    files.push(text_file(
        "sitemap.xml",
        files::sitemap(&site.config, &paths),
    ));
    files.push(text_file("robots.txt", files::robots(&site.config)));
    files.push(text_file(output::NOJEKYLL, String::new()));
    let external_links = site
        .documents
        .iter()
        .zip(&rendered)
        .flat_map(|(d, r)| r.external_links.iter().map(|l| (d.path.clone(), l.clone())))
        .collect();
    Ok(Output {
        files,
        warnings: relative(site, warnings),
        pages: page_count,
        timings,
        search_pages,
        indexer,
        external_links,
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

fn source_of(doc: &Document) -> markdown::Source<'_> {
    markdown::Source {
        path: &doc.path,
        text: &doc.text,
        body_offset: doc.body_offset,
        page_id: &doc.url_path,
        is_problem: doc.kind == PageKind::Problem,
    }
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: text.into_bytes().into(),
    }
}

fn relative(site: &Site, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .map(|d| d.relative_to(&site.root))
        .collect()
}

fn template_for(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Problem => "problem.html",
        PageKind::Guide => "guide.html",
        PageKind::Page => "page.html",
    }
}

fn page_view<'a>(
    site: &Site,
    doc: &'a Document,
    r: &'a Rendered,
    summary: &'a PageSummary,
    rank: usize,
) -> PageView<'a> {
    let edit_url = site.config.repo_url.as_ref().map(|repo| {
        format!(
            "{repo}/edit/{}/content/{}",
            site.config.repo_branch, doc.rel
        )
    });
    let (phases, time_plan, overtime) = match &doc.meta {
        crate::content::Meta::Problem(m) => (
            m.phases.as_slice(),
            m.time_plan(),
            crate::bank::overtime_penalties(m.level)
                .iter()
                .map(|(over, points)| format!("{over}:{points}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        crate::content::Meta::Page(_) => (&[][..], Vec::new(), String::new()),
    };
    PageView {
        summary,
        content: &r.html,
        toc: &r.toc,
        source: &doc.rel,
        edit_url,
        phases,
        time_plan,
        permalink: site.config.absolute_url(&doc.url_path),
        rubric: r.rubric.as_ref(),
        search_rank: format!("{rank:05}"),
        overtime,
        fold_from: (doc.kind == PageKind::Problem)
            .then(|| {
                crate::bank::fold_from(r.toc.iter().map(|h| (h.id.as_str(), h.title.as_str())))
            })
            .flatten()
            .map(str::to_string),
    }
}

/// Problems in reading order (by level, `order`, title) and guides by `order`, title.
fn navigation(summaries: &[PageSummary]) -> Nav {
    let mut problems: Vec<PageSummary> = summaries
        .iter()
        .filter(|s| s.kind == PageKind::Problem)
        .cloned()
        .collect();
    problems.sort_by(|a, b| {
        (a.level, a.order.unwrap_or(i64::MAX), &a.title).cmp(&(
            b.level,
            b.order.unwrap_or(i64::MAX),
            &b.title,
        ))
    });
    let mut guides: Vec<PageSummary> = summaries
        .iter()
        .filter(|s| s.kind == PageKind::Guide)
        .cloned()
        .collect();
    guides.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title))
    });
    Nav::new(problems, guides)
}

type Neighbours<'a> = HashMap<&'a str, (Option<&'a PageSummary>, Option<&'a PageSummary>)>;

/// Each problem's previous and next problem in reading order.
/// Previous and next page of each problem among the problems, and of each guide among
/// the guides, in reading order.
fn neighbours(nav: &Nav) -> Neighbours<'_> {
    [&nav.problems, &nav.guides]
        .into_iter()
        .flat_map(|list| {
            list.iter().enumerate().map(move |(i, p)| {
                let prev = i.checked_sub(1).and_then(|j| list.get(j));
                (p.path.as_str(), (prev, list.get(i + 1)))
            })
        })
        .collect()
}

/// Links whose `#fragment` names no id on the target page.
fn check_fragments(documents: &[Document], rendered: &[Arc<Rendered>]) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, &Rendered> = documents
        .iter()
        .zip(rendered)
        .map(|(d, r)| (d.url_path.as_str(), &**r))
        .collect();
    let mut errors = Vec::new();
    for (doc, r) in documents.iter().zip(rendered) {
        for link in &r.links {
            let target = match &link.page {
                Some(p) => by_path.get(p.as_str()).copied(),
                None => Some(&**r),
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
