//! Writing a built site to disk without ever leaving a half-written one, and without ever
//! deleting what whiteboard did not write.
//!
//! The site is written to a staging folder beside the output, and swapped in only once
//! every file is on disk: a failed build leaves the previous output exactly as it was. A
//! build killed half-way cannot clean up; the next build removes what it left (a staging
//! folder, or the previous output moved aside) once that build's process has ended.
//! The output folder is ours only if it holds the [`MANIFEST`] an earlier build wrote and
//! nothing the manifest does not list; any other folder (one holding a bank, a `.git`, a
//! hand-made `CNAME`) is refused with the reason. Every path written is checked to stay
//! inside the staging folder.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::published::OutputFile;

/// GitHub Pages' switch for serving files as they are; every build publishes it.
pub const NOJEKYLL: &str = ".nojekyll";

/// The list of every file a build wrote, one path a line after a header: the proof that a
/// folder is whiteboard's output and may be replaced.
pub const MANIFEST: &str = ".whiteboard-output";
const MANIFEST_HEADER: &str = "# whiteboard output: every file below was written by `whiteboard build` and is replaced by the next build";

/// Folders of a bank that the output may never be inside.
pub(super) const SOURCE_FOLDERS: &[&str] = &["content", "assets", "themes", "templates"];

/// The output being made: a staging folder beside `out_dir` that files are written into as
/// they are finished, swapped in by [`Staging::publish`] once the whole site is there.
/// Dropped unpublished (a build that failed half-way), it is removed, and the previous
/// output stays exactly as it was.
pub struct Staging {
    dir: PathBuf,
    out_dir: PathBuf,
    retired: PathBuf,
    /// Paths written so far: two files at one path is an error, not a silent overwrite.
    written: Mutex<HashSet<String>>,
    published: bool,
}

impl Staging {
    /// Checks that `out_dir` may be replaced by the bank at `root`, and starts an empty
    /// staging folder beside it.
    pub fn start(root: &Path, out_dir: &Path) -> Result<Self, Diagnostic> {
        check_target(root, out_dir)?;
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
        let dir = parent.join(format!(".whiteboard-new-{name}-{}", std::process::id()));
        let retired = parent.join(format!(".whiteboard-old-{name}-{}", std::process::id()));
        remove_abandoned(parent, &format!(".whiteboard-new-{name}-"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Diagnostic::error(&dir, format!("cannot write the output: {e}")))?;
        Ok(Self {
            dir,
            out_dir: out_dir.to_path_buf(),
            retired,
            written: Mutex::new(HashSet::new()),
            published: false,
        })
    }

    /// Writes one file; refuses a path that leaves the output and a path written before.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let Some(path) = inside(&self.dir, &file.path) else {
            return Err(Diagnostic::error(
                &self.out_dir,
                format!(
                    "refusing to write `{}`, which is not a path inside the output",
                    file.path
                ),
            )
            .with_help("rename the content file or folder this comes from"));
        };
        let fresh = self
            .written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(file.path.clone());
        if !fresh {
            return Err(Diagnostic::error(
                &self.out_dir,
                format!("two files of the site would be written at `{}`", file.path),
            )
            .with_help("rename one of the content files that publish there"));
        }
        let io = |path: &Path, e: std::io::Error| {
            Diagnostic::error(path, format!("cannot write the output: {e}"))
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| io(&path, e))
    }

    /// Writes many files, in parallel.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files.par_iter().try_for_each(|f| self.write(f))
    }

    /// Lists what was written in the manifest and swaps the staging folder in for the
    /// output.
    pub fn publish(mut self) -> Result<(), Diagnostic> {
        write_manifest(&self.dir)?;
        self.published = true;
        swap_in(&self.dir, &self.out_dir, &self.retired)?;
        // A build killed between its two renames left the previous output here, and only
        // here; now that a new output is in place, it can go.
        if let (Some(parent), Some(name)) = (self.out_dir.parent(), self.out_dir.file_name()) {
            let parent = Some(parent).filter(|p| !p.as_os_str().is_empty());
            let prefix = format!(".whiteboard-old-{}-", name.to_string_lossy());
            remove_abandoned(parent.unwrap_or(Path::new(".")), &prefix);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes the folders in `parent` named `prefix` and a process id that a build killed
/// half-way (Ctrl-C) left behind: those whose process has ended. Where it cannot be told
/// whether a process runs, nothing is removed.
fn remove_abandoned(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && has_ended(pid)
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` has certainly ended.
#[cfg(unix)]
fn has_ended(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 sends nothing: it only asks whether the process exists.
    let asked = unsafe { libc::kill(pid, 0) };
    asked != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn has_ended(_pid: u32) -> bool {
    false
}

/// Refuses an output that is not a folder, that holds the bank, or that holds anything an
/// earlier build did not write.
fn check_target(root: &Path, out_dir: &Path) -> Result<(), Diagnostic> {
    let refuse =
        |message: String, help: &str| Err(Diagnostic::error(out_dir, message).with_help(help));
    match std::fs::symlink_metadata(out_dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return refuse(
                "the output is a symbolic link; whiteboard will not replace it".into(),
                "build into a real folder with --output, and point the link at it yourself",
            );
        }
        Ok(m) if !m.is_dir() => {
            return refuse(
                "the output is a file, not a folder; it was left untouched".into(),
                "choose a folder with --output",
            );
        }
        _ => {}
    }
    let root_abs = absolute(root);
    let out_abs = absolute(out_dir);
    if root_abs.starts_with(&out_abs) {
        return refuse(
            "the output would replace the bank itself (it is the bank's folder or a folder above it)".into(),
            "build into a folder of its own, such as `--output public`",
        );
    }
    if let Some(folder) = SOURCE_FOLDERS
        .iter()
        .find(|f| out_abs.starts_with(root_abs.join(f)))
    {
        return refuse(
            format!("the output is inside the bank's `{folder}/` folder"),
            "build into a folder of its own, such as `--output public`",
        );
    }
    let Ok(mut entries) = std::fs::read_dir(out_dir) else {
        return Ok(());
    };
    if entries.next().is_none() {
        return Ok(());
    }
    let Some(listed) = read_manifest(out_dir) else {
        let why = if out_dir.join(".git").exists() {
            "it holds a git repository".to_string()
        } else if out_dir.join("content").exists() || out_dir.join("site.yaml").exists() {
            "it holds a bank".to_string()
        } else {
            format!("it has no `{MANIFEST}` list of files from an earlier build")
        };
        return refuse(
            format!(
                "the output folder holds files that whiteboard did not write ({why}); it was left untouched"
            ),
            &format!(
                "build into another folder with --output, or empty this one (if it is an older \
                 whiteboard build without `{MANIFEST}`, delete it once)"
            ),
        );
    };
    let foreign: Vec<String> = present(out_dir)
        .into_iter()
        .filter(|p| !listed.contains(p))
        .collect();
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(3).map(String::as_str).collect();
        let more = if foreign.len() > 3 {
            format!(" and {} more", foreign.len() - 3)
        } else {
            String::new()
        };
        return refuse(
            format!(
                "the output folder holds files that whiteboard did not write: {}{more}; it was left untouched",
                shown.join(", ")
            ),
            "move those files out (to publish a file as it is, put it under content/ or assets/), or build into another folder",
        );
    }
    Ok(())
}

/// A path made absolute, with symbolic links in its existing part resolved and `.` and `..`
/// taken away, so two spellings of one folder compare equal.
pub(super) fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let mut lexical = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    // Resolve the longest part that exists; the rest cannot hold links.
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return lexical,
        }
    }
}

fn read_manifest(dir: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    let mut listed: HashSet<String> = lines.map(str::to_string).collect();
    listed.insert(MANIFEST.to_string());
    Some(listed)
}

/// Every file and link under `dir` (folders are implied by them), `/`-separated.
fn present(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| crate::content::walk::slash_path(dir, e.path()))
        .collect()
}

fn write_manifest(staging: &Path) -> Result<(), Diagnostic> {
    let mut text = String::from(MANIFEST_HEADER);
    for path in present(staging) {
        text.push('\n');
        text.push_str(&path);
    }
    text.push('\n');
    let path = staging.join(MANIFEST);
    std::fs::write(&path, text)
        .map_err(|e| Diagnostic::error(&path, format!("cannot write the output: {e}")))
}

/// `dir` joined with a site path, or `None` if the path could leave `dir` (absolute, with
/// `..`, a drive prefix or an empty segment).
fn inside(dir: &Path, site_path: &str) -> Option<PathBuf> {
    let rel = Path::new(site_path);
    let plain = !site_path.is_empty()
        && !site_path.split('/').any(str::is_empty)
        && rel.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| dir.join(rel))
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

    fn write(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
        let staging = Staging::start(root, out)?;
        staging.write_all(files)?;
        staging.publish()
    }

    #[test]
    fn replaces_the_previous_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            tmp.path(),
            &out,
            &[file(NOJEKYLL, ""), file("old.html", "old")],
        )
        .unwrap();
        write(
            tmp.path(),
            &out,
            &[file(NOJEKYLL, ""), file("a/new.html", "new")],
        )
        .unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/new.html")).unwrap(),
            "new"
        );
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.lines().any(|l| l == "a/new.html"), "{manifest}");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let err = write(tmp.path(), &out, &[file(NOJEKYLL, "")]).unwrap_err();
        assert!(err.message.contains("did not write"), "{}", err.message);
        assert!(out.join("precious.txt").exists());
    }

    #[test]
    fn a_file_added_to_an_earlier_output_keeps_it_from_being_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            tmp.path(),
            &out,
            &[file(NOJEKYLL, ""), file("index.html", "x")],
        )
        .unwrap();
        std::fs::write(out.join("CNAME"), "bank.example.org").unwrap();
        let err = write(tmp.path(), &out, &[file(NOJEKYLL, "")]).unwrap_err();
        assert!(err.message.contains("CNAME"), "{}", err.message);
        assert!(out.join("CNAME").exists() && out.join("index.html").exists());
    }

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for bad in ["/index.html", "../x.html", "a/../../x", "a//b", ""] {
            let err = write(tmp.path(), &out, &[file(bad, "x")]).unwrap_err();
            assert!(
                err.message.contains("not a path inside"),
                "{bad}: {}",
                err.message
            );
        }
        let err = write(
            tmp.path(),
            &out,
            &[file("a.html", "1"), file("a.html", "2")],
        )
        .unwrap_err();
        assert!(err.message.contains("two files"), "{}", err.message);
        assert!(!out.exists(), "a failed output is not published");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(leftovers.is_empty(), "the staging folder is removed");
    }
}
