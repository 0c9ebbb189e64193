//! `build --cache DIR`: where highlighted code and drawn diagrams are kept between builds
//! (in [`crate::markdown::pack`]s). Each build of the generator keeps its packs in a
//! folder named for its fingerprint, `wb-<16 hex digits>`, and removes the folders of
//! other builds, which it can never read; nothing else in the cache folder is touched.
//! The folder is tagged as a cache (`CACHEDIR.TAG`), so backup tools skip it.

use std::path::{Path, PathBuf};

use super::output::{SOURCE_FOLDERS, absolute};
use crate::diagnostics::Diagnostic;
use crate::markdown::Caches;

/// This generator's folder inside a cache.
const FOLDER: &str = concat!("wb-", env!("WHITEBOARD_FINGERPRINT"));

const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file marks a cache folder of whiteboard build --cache: it can be deleted whole.\n";

/// Caches kept in `cache` for the bank at `root`, built into `out_dir`; the folder is
/// checked, created and rid of other builds' folders here.
pub fn open(root: &Path, out_dir: &Path, cache: &Path) -> Result<Caches, Diagnostic> {
    let refuse = |message: String| {
        Err(Diagnostic::error(cache, message).with_help(
            "keep the cache in a folder of its own beside the bank's sources, such as `--cache .whiteboard/cache`",
        ))
    };
    let (root_abs, out_abs, cache_abs) = (absolute(root), absolute(out_dir), absolute(cache));
    if root_abs.starts_with(&cache_abs) {
        return refuse("the cache would be the bank's own folder (or a folder above it)".into());
    }
    if cache_abs.starts_with(&out_abs) {
        return refuse("the cache is inside the output, which every build replaces".into());
    }
    if let Some(folder) = SOURCE_FOLDERS
        .iter()
        .find(|f| cache_abs.starts_with(root_abs.join(f)))
    {
        return refuse(format!("the cache is inside the bank's `{folder}/` folder"));
    }
    let cannot = |e: std::io::Error| {
        Diagnostic::error(cache, format!("cannot use the cache folder: {e}"))
            .with_help("check that the folder can be written, or build without --cache")
    };
    std::fs::create_dir_all(cache).map_err(cannot)?;
    let tag = cache.join("CACHEDIR.TAG");
    if !tag.exists() {
        std::fs::write(&tag, TAG).map_err(cannot)?;
    }
    for stale in other_builds(cache) {
        let _ = std::fs::remove_dir_all(stale);
    }
    Caches::on_disk(&cache.join(FOLDER)).map_err(cannot)
}

/// Folders of other builds of the generator in `cache`.
fn other_builds(cache: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name != FOLDER
                && name.strip_prefix("wb-").is_some_and(|hex| {
                    hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit())
                })
                && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path())
        .collect()
}
