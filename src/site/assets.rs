//! Files that are copied rather than rendered: the theme's `static/` folder, the site's
//! `assets/` folder, and non-markdown files beside the content (images).
//!
//! Names carry a hash of the contents, so a browser may cache them for ever and still sees
//! a change at once. The theme's static files keep their own names under a folder named by
//! the hash of the whole set (`static/3fa2c1d0/js/app.js`), so ES modules can keep
//! importing each other by relative path; `assets/` files get the hash in their own name
//! (`assets/logo.5b1e07aa.png`).

use std::path::Path;

use crate::content::walk::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::render::theme::ThemeFile;

use crate::published::OutputFile;

/// FNV-1a, 64 bits: stable across builds and platforms, and fast enough for megabytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn short(h: u64) -> String {
    format!("{:08x}", (h >> 32) ^ (h & 0xffff_ffff))
}

/// The theme's static files under `static/<hash>/`; returns the folder and the files.
pub fn theme_static(files: &[ThemeFile]) -> (String, Vec<OutputFile>) {
    let mut h: u64 = 0;
    for f in files {
        h = h.rotate_left(5)
            ^ content_hash(f.rel.as_bytes())
            ^ content_hash(&f.bytes).rotate_left(17);
    }
    let dir = format!("static/{}/", short(h));
    let out = files
        .iter()
        .map(|f| OutputFile {
            path: format!("{dir}{}", f.rel),
            bytes: f.bytes.as_slice().into(),
        })
        .collect();
    (dir, out)
}

/// `name.ext` → `name.<hash>.ext`.
pub fn hashed_name(rel: &str, bytes: &[u8]) -> String {
    let hash = short(content_hash(bytes));
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        named
    } else {
        format!("{dir}/{named}")
    }
}

/// A copied file: the path authors write (`assets/logo.png`) and the published file.
pub struct Copied {
    pub written: String,
    pub file: OutputFile,
}

/// Files under the site's `assets/`, published under `assets/` with hashed names.
pub fn site_assets(dir: &Path) -> Result<Vec<Copied>, Diagnostic> {
    let (md, others) = crate::content::walk::discover(dir)?;
    md.iter()
        .chain(&others)
        .map(|f| copy(f, "assets/", true))
        .collect()
}

/// Non-markdown files beside the content, published at the same path.
pub fn content_files(files: &[SourceFile]) -> Result<Vec<Copied>, Diagnostic> {
    files.iter().map(|f| copy(f, "", false)).collect()
}

fn copy(f: &SourceFile, prefix: &str, hash: bool) -> Result<Copied, Diagnostic> {
    let bytes = std::fs::read(&f.path)
        .map_err(|e| Diagnostic::error(&f.path, format!("cannot read file: {e}")))?;
    let written = format!("{prefix}{}", f.rel);
    let path = if hash {
        format!("{prefix}{}", hashed_name(&f.rel, &bytes))
    } else {
        written.clone()
    };
    Ok(Copied {
        written,
        file: OutputFile {
            path,
            bytes: bytes.into(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_content_only() {
        let a = hashed_name("img/logo.png", b"one");
        assert!(
            a.starts_with("img/logo.")
                && a.ends_with(".png")
                && a.len() == "img/logo..png".len() + 8,
            "{a}"
        );
        assert_eq!(a, hashed_name("img/logo.png", b"one"));
        assert_ne!(a, hashed_name("img/logo.png", b"two"));
        assert!(hashed_name("LICENSE", b"x").starts_with("LICENSE."));
    }
}
