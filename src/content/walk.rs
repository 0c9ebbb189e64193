//! Finds the content files of a site: every `.md` under `content/`, in a stable order,
//! leaving out hidden files and what editors leave behind while a file is being saved.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// A file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to `content/`, with `/` separators.
    pub rel: String,
}

/// Whether a file name is something an editor or the OS left behind, not content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        || name == "4913"
}

/// Markdown files and other files (images beside a page) under `dir`, both sorted.
///
/// Symbolic links are followed only when their target lies inside the bank (the folder
/// that holds `dir`): a link to `/etc/passwd` or `/proc/self/environ` would otherwise be
/// published. Such a link is an error naming the link; its target is never read.
pub fn discover(dir: &Path) -> Result<(Vec<SourceFile>, Vec<SourceFile>), Diagnostic> {
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    if !dir.is_dir() {
        return Ok((markdown, others));
    }
    let bank = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .canonicalize()
        .ok();
    let refused = std::cell::RefCell::new(None::<Diagnostic>);
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            let inside = match e.path().canonicalize() {
                Ok(target) => bank.as_ref().is_some_and(|b| target.starts_with(b)),
                Err(_) => false,
            };
            if !inside {
                refused.borrow_mut().get_or_insert_with(|| {
                    Diagnostic::error(
                        e.path(),
                        "this is a symbolic link to something outside the bank, which would be published",
                    )
                    .with_help("copy the file into the bank instead, or remove the link")
                });
            }
            inside
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
            Diagnostic::error(path, format!("cannot read this folder entry: {e}"))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = slash_path(dir, entry.path());
        let file = SourceFile {
            path: entry.path().to_path_buf(),
            rel,
        };
        if file.rel.ends_with(".md") {
            markdown.push(file);
        } else {
            others.push(file);
        }
    }
    if let Some(d) = refused.into_inner() {
        return Err(d);
    }
    Ok((markdown, others))
}

/// `path` relative to `base`, with `/` separators on every platform.
pub fn slash_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_not_content() {
        for name in [".x.md.swp", "x.md~", ".#x.md", "#x.md#", "x.md.swp", "4913"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("url-shortener.md"));
    }

    #[test]
    fn walks_in_a_stable_order_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("problems/.drafts")).unwrap();
        for f in [
            "_index.md",
            "problems/b.md",
            "problems/a.md",
            "problems/.drafts/c.md",
            "problems/a.md~",
            "problems/img.png",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let (md, other) = discover(dir.path()).unwrap();
        let rels: Vec<_> = md.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["_index.md", "problems/a.md", "problems/b.md"]);
        assert_eq!(other[0].rel, "problems/img.png");
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_bank_are_followed_and_links_out_of_it_refused() {
        let bank = tempfile::tempdir().unwrap();
        let content = bank.path().join("content");
        std::fs::create_dir_all(content.join("problems")).unwrap();
        std::fs::write(bank.path().join("shared.md"), "x").unwrap();
        std::os::unix::fs::symlink("../../shared.md", content.join("problems/a.md")).unwrap();
        let (md, _) = discover(&content).unwrap();
        assert_eq!(md[0].rel, "problems/a.md");

        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "token").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), content.join("env.txt"))
            .unwrap();
        let err = discover(&content).unwrap_err();
        assert!(err.path.ends_with("env.txt"), "{err}");
        assert!(err.message.contains("outside the bank"), "{err}");
        assert!(!err.to_string().contains("token"));
    }
}
