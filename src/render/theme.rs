//! The theme a site is rendered with: its templates, parsed once into one `Tera`, and its
//! static files.
//!
//! Files come from `themes/<name>/` under the site root when that folder exists, else, for
//! `default`, from the copy built into the binary. A file in the site's own `templates/`
//! replaces the theme's template of the same name.

use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A theme file, with where it came from for messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Path under the theme folder: `templates/base.html`, `static/css/site.css`.
    pub rel: String,
    /// Shown in diagnostics: the file on disk, or `themes/default/…` for the built-in copy.
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    pub tera: Tera,
    /// Each template's name, text and origin, to place rendering errors.
    pub sources: Vec<(String, String, PathBuf)>,
    /// Files under `static/`, with `rel` relative to `static/`.
    pub static_files: Vec<ThemeFile>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Self, Vec<Diagnostic>> {
        let mut files = theme_files(root, name)?;
        let overrides = root.join("templates");
        if overrides.is_dir() {
            for file in read_tree(&overrides).map_err(|d| vec![d])? {
                let rel = format!("templates/{}", file.rel);
                files.retain(|f| f.rel != rel);
                files.push(ThemeFile { rel, ..file });
            }
        }
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for file in files {
            if let Some(name) = file.rel.strip_prefix("templates/") {
                let text = crate::content::yaml::utf8(&file.origin, file.bytes.clone())
                    .map_err(|d| vec![d])?;
                templates.push((name.to_string(), text, file.origin));
            } else if let Some(rel) = file.rel.strip_prefix("static/") {
                static_files.push(ThemeFile {
                    rel: rel.to_string(),
                    ..file
                });
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![template_error(&e, &templates)])?;
        Ok(Self {
            tera,
            sources: templates,
            static_files,
        })
    }
}

fn theme_files(root: &Path, name: &str) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        return read_tree(&dir).map_err(|d| vec![d]);
    }
    if name == "default" {
        return Ok(DEFAULT_THEME
            .iter()
            .map(|(rel, bytes)| ThemeFile {
                rel: rel.to_string(),
                origin: Path::new("themes/default").join(rel),
                bytes: bytes.to_vec(),
            })
            .collect());
    }
    Err(vec![
        Diagnostic::error(
            root.join(crate::config::FILE_NAME),
            format!("theme `{name}` does not exist"),
        )
        .with_help(format!(
            "create `themes/{name}/`, or use the built-in theme: `theme: default`"
        )),
    ])
}

fn read_tree(dir: &Path) -> Result<Vec<ThemeFile>, Diagnostic> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error(dir, format!("cannot read theme folder: {e}")))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::content::walk::is_ignored_name(&name) {
            continue;
        }
        let rel = crate::content::walk::slash_path(dir, entry.path());
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::error(entry.path(), format!("cannot read file: {e}")))?;
        out.push(ThemeFile {
            rel,
            origin: entry.path().to_path_buf(),
            bytes,
        });
    }
    Ok(out)
}

/// A tera error as a diagnostic pointing into the template file.
pub fn template_error(err: &tera::Error, templates: &[(String, String, PathBuf)]) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let found = templates.iter().find(|(n, _, _)| n == report.filename());
            let span = report.span();
            match found {
                Some((_, text, origin)) => Diagnostic::error(
                    origin,
                    format!("template: {}", report.message()),
                )
                .at(text, span.start_line, span.start_col + 1),
                None => {
                    Diagnostic::error(report.filename(), format!("template: {}", report.message()))
                        .at_line(span.start_line)
                }
            }
        }
        _ => Diagnostic::error("templates", format!("template: {err}")),
    }
}
