//! One document to one built page: its markdown rendered, the result laid into the
//! page's template, and its search record made beside it from the same view. With a
//! session that keeps pages (`serve`), a page whose inputs did not change is taken from
//! the last render instead.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::Site;
use super::reuse::{self, PageBytes};
use super::session::Session;
use crate::content::{Document, Meta, PageKind};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkContext, Rendered, Routes};
use crate::render::context::{PageSummary, PageView, Shared, root_prefix};
use crate::render::nav::Neighbours;
use crate::render::render_page;

/// What every page of one render shares.
pub(super) struct Inputs<'a> {
    pub site: &'a Site,
    pub routes: &'a Routes,
    pub shared: &'a Shared,
    pub neighbours: &'a Neighbours<'a>,
    pub ranks: &'a HashMap<&'a str, usize>,
    pub timings: Option<&'a crate::timings::Timings>,
    /// A hash of the routes: a page's links depend on every other page's path.
    pub routes_key: u64,
    /// A hash of what every page is laid out from besides its own markdown: templates,
    /// settings, the navigation (titles, order, prev/next) and the theme's files.
    pub shared_key: u64,
}

/// A page as the render made it: its markdown's result, and the finished page unless
/// the markdown had errors (its template would be wasted).
pub(super) struct Built {
    pub markdown: Arc<Rendered>,
    pub page: Option<Result<PageBytes, Diagnostic>>,
    pub markdown_cpu: Duration,
    pub templates_cpu: Duration,
}

/// Builds one page.
pub(super) fn build(
    doc: &Document,
    summary: &PageSummary,
    inputs: &Inputs<'_>,
    session: &Session,
) -> Built {
    let started = crate::cpu::thread_time();
    let markdown_key = reuse::key(&[
        &inputs.routes_key,
        &doc.path,
        &doc.text_hash,
        &doc.url_path,
        &doc.rel,
        &doc.kind,
        &inputs.site.config.search,
    ]);
    let kept = session
        .reuse
        .as_ref()
        .and_then(|r| r.markdown(markdown_key));
    let markdown = kept.unwrap_or_else(|| {
        let root = root_prefix(&doc.url_path);
        let links = LinkContext {
            routes: inputs.routes,
            source_rel: &doc.rel,
            root: &root,
        };
        Arc::new(markdown::render(
            &source_of(doc, inputs.site.config.search),
            &links,
            &session.caches,
            inputs.timings,
        ))
    });
    let markdown_cpu = crate::cpu::since(started);
    let started = crate::cpu::thread_time();
    let page = (!markdown.diagnostics.iter().any(Diagnostic::is_error)).then(|| {
        let page = lay_out(doc, &markdown, summary, markdown_key, inputs, session)?;
        if let Some(reuse) = &session.reuse {
            reuse.keep(markdown_key, &markdown, &doc.url_path, &page);
        }
        Ok(page)
    });
    Built {
        markdown,
        page,
        markdown_cpu,
        templates_cpu: crate::cpu::since(started),
    }
}

/// The page's HTML and search record from its rendered markdown.
fn lay_out(
    doc: &Document,
    r: &Rendered,
    summary: &PageSummary,
    markdown_key: u64,
    inputs: &Inputs<'_>,
    session: &Session,
) -> Result<PageBytes, Diagnostic> {
    let site = inputs.site;
    let rank = inputs
        .ranks
        .get(doc.url_path.as_str())
        .copied()
        .unwrap_or(inputs.ranks.len());
    let key = reuse::key(&[&inputs.shared_key, &markdown_key, &rank]);
    if let Some(kept) = session
        .reuse
        .as_ref()
        .and_then(|r| r.page(&doc.url_path, key))
    {
        return Ok(kept);
    }
    let root = root_prefix(&doc.url_path);
    let mut cx = inputs.shared.context(&root);
    let (prev, next) = inputs
        .neighbours
        .get(doc.url_path.as_str())
        .copied()
        .unwrap_or((None, None));
    cx.insert("prev", &prev);
    cx.insert("next", &next);
    let view = page_view(site, doc, r, summary);
    cx.insert("page", &view);
    let page = render_page(
        &site.theme,
        template_for(doc.kind),
        &cx,
        site.options.minify,
    )?;
    let search = site
        .config
        .search
        .then(|| Arc::new(search_record(doc, summary, r, rank)));
    Ok(PageBytes {
        key,
        search,
        page: page.into(),
    })
}

/// What the search index knows of a page: made from its markdown and front matter, never
/// from the published HTML.
fn search_record(
    doc: &Document,
    summary: &PageSummary,
    r: &Rendered,
    rank: usize,
) -> crate::search::Record {
    let mut filters = Vec::new();
    let mut meta = Vec::new();
    match (summary.level, summary.difficulty, summary.time_limit) {
        (Some(level), Some(difficulty), Some(minutes)) => {
            filters.push(("level", level.to_string()));
            filters.push(("difficulty", difficulty.to_string()));
            filters.extend(summary.tags.iter().map(|t| ("tag", t.clone())));
            meta.push(("level", level.to_string()));
            meta.push(("difficulty", difficulty.to_string()));
            meta.push(("time", format!("{minutes} min")));
        }
        _ => {
            filters.push(("kind", doc.kind.name().to_string()));
            if doc.kind != PageKind::Home {
                meta.push(("kind", doc.kind.name().to_string()));
            }
        }
    }
    crate::search::Record {
        url: doc.url_path.clone(),
        title: summary.title.clone(),
        summary: if doc.kind == PageKind::Home {
            String::new()
        } else {
            summary.summary.clone()
        },
        filters,
        meta,
        rank,
        sections: Arc::clone(&r.search_sections),
    }
}

fn source_of(doc: &Document, indexed: bool) -> markdown::Source<'_> {
    markdown::Source {
        path: &doc.path,
        text: &doc.text,
        body_offset: doc.body_offset,
        page_id: &doc.url_path,
        is_problem: doc.kind == PageKind::Problem,
        indexed,
    }
}

pub(super) fn template_for(kind: PageKind) -> &'static str {
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
) -> PageView<'a> {
    let edit_url = site.config.repo_url.as_ref().map(|repo| {
        format!(
            "{repo}/edit/{}/content/{}",
            site.config.repo_branch, doc.rel
        )
    });
    let (phases, time_plan, overtime) = match &doc.meta {
        Meta::Problem(m) => (
            m.phases.as_slice(),
            m.time_plan(),
            crate::bank::overtime_penalties(m.level)
                .iter()
                .map(|(over, points)| format!("{over}:{points}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Meta::Page(_) => (&[][..], Vec::new(), String::new()),
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
        overtime,
        fold_from: (doc.kind == PageKind::Problem)
            .then(|| {
                crate::bank::fold_from(r.toc.iter().map(|h| (h.id.as_str(), h.title.as_str())))
            })
            .flatten()
            .map(str::to_string),
    }
}
