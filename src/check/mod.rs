//! `whiteboard check`: everything a build would complain about, and the lints a reviewer
//! would, without writing anything.
//!
//! The check runs the build in memory (front matter, links and anchors, rubrics, time
//! plans, admonitions, code languages, diagrams, templates) with search indexing off, and
//! adds what only a reviewer needs: garbled text, TODO markers, markdown in folders the
//! site does not know, and, when asked, external links that no longer answer.

pub mod external;
pub mod report;
mod text;

use std::path::Path;

use crate::content::walk;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::site::{BuildOptions, Session, Site, sink};

pub use report::Format;

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub drafts: bool,
    /// Fetch external links too.
    pub external: bool,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Markdown files looked at.
    pub files: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Folders under `content/` that hold pages of their own kind.
const SECTIONS: &[&str] = &["problems", "guides"];

pub fn check(root: &Path, options: &CheckOptions) -> Report {
    let mut report = Report::default();
    let content = root.join("content");
    match walk::discover(&content) {
        Ok((markdown, _)) => {
            report.files = markdown.len();
            for file in &markdown {
                // Files that are not UTF-8 are reported by the load below.
                if let Ok(text) = std::fs::read_to_string(&file.path) {
                    report.diagnostics.extend(text::lint(&file.path, &text));
                }
                if let Some(d) = outside_sections(file) {
                    report.diagnostics.push(d);
                }
            }
        }
        Err(d) => report.diagnostics.push(d),
    }

    // Minified like `build`, so a page the minifier cannot take fails here too.
    let build = BuildOptions {
        drafts: options.drafts,
        minify: true,
        base_url: None,
        live_reload: None,
        cache: None,
    };
    match Site::load(root, build) {
        Ok(mut site) => {
            site.config.search = false;
            match Session::once().render(&site, &sink::Discard, None) {
                Ok(output) => {
                    if options.external {
                        report.diagnostics.extend(external::check(&site, &output));
                    }
                    report.diagnostics.extend(output.warnings);
                }
                Err(failure) => report.diagnostics.extend(failure.diagnostics),
            }
        }
        Err(failure) => report.diagnostics.extend(failure.diagnostics),
    }

    report.diagnostics = std::mem::take(&mut report.diagnostics)
        .into_iter()
        .map(|d| d.relative_to(root))
        .collect();
    report
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    report.diagnostics.dedup();
    report
}

/// A markdown file in a folder that is neither a section nor the site's root: often a
/// misspelt `problems/`, whose pages then miss the problem layout and the rubric.
fn outside_sections(file: &walk::SourceFile) -> Option<Diagnostic> {
    let (folder, _) = file.rel.split_once('/')?;
    if SECTIONS.contains(&folder) {
        return None;
    }
    let help = match did_you_mean(folder, SECTIONS.iter().copied()) {
        Some(s) => format!("did you mean `{s}/`? move the file there"),
        None => "problems go in `content/problems/` and guides in `content/guides/`; \
                 pages at the top of `content/` are fine"
            .to_string(),
    };
    Some(
        Diagnostic::warning(
            &file.path,
            format!("`{folder}/` is not a section of the site, so this page has no place in the navigation"),
        )
        .with_help(help),
    )
}
