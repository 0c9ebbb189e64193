//! Embeds the default theme in the binary, so `whiteboard build --root other/bank` works
//! for a bank that has no `themes/` folder of its own, and one file runs anywhere; and
//! names the generator's build for the on-disk cache (`src/site/cache.rs`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut out =
        String::from("/// The default theme's files: path under `themes/default/` and contents.\n");
    out.push_str("pub(crate) static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),")
            .expect("writing to a String cannot fail");
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
    fingerprint();
}

/// `WHITEBOARD_FINGERPRINT`: a hash of everything a cached block's HTML depends on, the
/// generator's source, the locked versions of the crates that highlight and draw, and the
/// compiler. A cache made by another build is never read.
fn fingerprint() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut sources = Vec::new();
    collect(Path::new("src"), Path::new("src"), &mut sources);
    sources.sort();
    let mut hash = Fnv::default();
    for (rel, abs) in &sources {
        hash.add(rel.as_bytes());
        hash.add(&std::fs::read(abs).expect("readable source file"));
    }
    hash.add(&std::fs::read("Cargo.lock").unwrap_or_default());
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    if let Ok(version) = std::process::Command::new(rustc).arg("-vV").output() {
        hash.add(&version.stdout);
    }
    println!("cargo:rustc-env=WHITEBOARD_FINGERPRINT={:016x}", hash.0);
}

/// FNV-1a, 64 bits: stable across compilers, unlike the standard library's hasher.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable theme folder entry").path();
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("walked under base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let abs = std::fs::canonicalize(&path).expect("theme file exists");
            files.push((rel, abs.to_string_lossy().into_owned()));
        }
    }
}
