//! Embeds the default theme in the binary, so `whiteboard build --root other/bank` works
//! for a bank that has no `themes/` folder of its own, and one file runs anywhere.

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
