//! Writing a built site to disk without ever leaving a half-written one.
//!
//! The site is written to a temporary folder beside the output, and swapped in only once
//! every file is on disk: a failed build leaves the previous output exactly as it was.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::OutputFile;
use crate::diagnostics::Diagnostic;

/// A file every build writes; a non-empty folder without it was not written by us.
pub const MARKER: &str = ".nojekyll";

pub fn write_atomically(out_dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    write_atomically_then(out_dir, files, |_| Ok(()))
}

/// Like [`write_atomically`], with a last step run on the written folder before it is
/// swapped in (indexing it for search); if that step fails, nothing is swapped.
pub fn write_atomically_then(
    out_dir: &Path,
    files: &[OutputFile],
    last: impl FnOnce(&Path) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    refuse_foreign_folder(out_dir)?;
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| {
        Diagnostic::error(
            parent,
            format!("cannot create the output's parent folder: {e}"),
        )
    })?;
    let name = out_dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".whiteboard-new-{name}-{}", std::process::id()));
    let retired = parent.join(format!(".whiteboard-old-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);

    if let Err(e) = write_all(&staging, files).and_then(|()| last(&staging)) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(&staging, out_dir, &retired)
}

fn refuse_foreign_folder(out_dir: &Path) -> Result<(), Diagnostic> {
    let Ok(mut entries) = std::fs::read_dir(out_dir) else {
        return Ok(());
    };
    if entries.next().is_some() && !out_dir.join(MARKER).exists() {
        return Err(Diagnostic::error(
            out_dir,
            "the output folder holds files that whiteboard did not write; it was left untouched",
        )
        .with_help("build into another folder with --output, or empty this one"));
    }
    Ok(())
}

pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let io = |path: &Path, e: std::io::Error| {
        Diagnostic::error(path, format!("cannot write the output: {e}"))
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| io(d, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| io(&path, e))
    })
}

fn swap_in(staging: &Path, out_dir: &Path, retired: &Path) -> Result<(), Diagnostic> {
    let had_previous = out_dir.exists();
    if had_previous {
        std::fs::rename(out_dir, retired).map_err(|e| {
            let _ = std::fs::remove_dir_all(staging);
            Diagnostic::error(out_dir, format!("cannot replace the previous output: {e}"))
        })?;
    }
    if let Err(e) = std::fs::rename(staging, out_dir) {
        if had_previous {
            let _ = std::fs::rename(retired, out_dir);
        }
        let _ = std::fs::remove_dir_all(staging);
        return Err(Diagnostic::error(
            out_dir,
            format!("cannot move the new output into place: {e}"),
        ));
    }
    if had_previous {
        let _ = std::fs::remove_dir_all(retired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
    }

    #[test]
    fn replaces_the_previous_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomically(&out, &[file(MARKER, ""), file("old.html", "old")]).unwrap();
        write_atomically(&out, &[file(MARKER, ""), file("a/new.html", "new")]).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/new.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("precious.txt"), "keep").unwrap();
        let err = write_atomically(tmp.path(), &[file(MARKER, "")]).unwrap_err();
        assert!(err.message.contains("did not write"));
        assert!(tmp.path().join("precious.txt").exists());
    }
}
