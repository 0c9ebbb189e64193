//! The tests' link walker: reads every HTML file of a built site and checks that each
//! relative link and image reaches a file, and each `#fragment` an id on the page it
//! reaches. It works on the output, not the markdown, so it also catches links the theme
//! writes.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A link in the output that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLink {
    /// The HTML file holding the link, relative to the output folder.
    pub page: String,
    pub href: String,
    pub reason: String,
}

/// Checks every `.html` file under `dir`. Pages with a `<base>` element (the 404 page,
/// whose links start from the site's base path) are skipped.
pub fn check_output(dir: &Path) -> Vec<DeadLink> {
    let mut pages: HashMap<String, String> = HashMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html") {
            let rel = rel_path(dir, entry.path());
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                pages.insert(rel, text);
            }
        }
    }
    let ids: HashMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), attribute_values(t, "id").into_iter().collect()))
        .collect();
    let mut dead = Vec::new();
    let mut sorted: Vec<_> = pages.iter().collect();
    sorted.sort();
    for (page, text) in sorted {
        if text.contains("<base ") {
            continue;
        }
        for href in attribute_values(text, "href")
            .into_iter()
            .chain(attribute_values(text, "src"))
        {
            if let Some(reason) = check_one(dir, page, &href, &ids) {
                dead.push(DeadLink {
                    page: page.clone(),
                    href,
                    reason,
                });
            }
        }
    }
    dead
}

fn check_one(
    dir: &Path,
    page: &str,
    href: &str,
    ids: &HashMap<&str, HashSet<String>>,
) -> Option<String> {
    if href.is_empty()
        || href.contains("://")
        || href.starts_with("//")
        || href.starts_with("data:")
        || href.starts_with("mailto:")
    {
        return None;
    }
    if href.starts_with('/') {
        return Some("absolute path: the site must work under any base path".into());
    }
    let (path, fragment) = href
        .split_once('#')
        .map_or((href, None), |(p, f)| (p, Some(f)));
    let path = path.split('?').next().unwrap_or("");
    let target_page = if path.is_empty() {
        page.to_string()
    } else {
        let base = Path::new(page).parent().unwrap_or(Path::new(""));
        let Some(joined) = normalize(&base.join(path)) else {
            return Some("climbs above the site root".into());
        };
        let full = dir.join(&joined);
        if full.is_dir() {
            let index = joined.join("index.html");
            if !dir.join(&index).is_file() {
                return Some("folder without index.html".into());
            }
            index.to_string_lossy().replace('\\', "/")
        } else if full.is_file() {
            joined.to_string_lossy().replace('\\', "/")
        } else {
            return Some("no such file".into());
        }
    };
    match (fragment, ids.get(target_page.as_str())) {
        (Some(f), Some(page_ids)) if !f.is_empty() && !page_ids.contains(f) => {
            Some(format!("no id `{f}` on {target_page}"))
        }
        _ => None,
    }
}

fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir if !out.pop() => return None,
            std::path::Component::Normal(s) => out.push(s),
            _ => {}
        }
    }
    Some(out)
}

fn rel_path(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn attribute_values(html: &str, name: &str) -> Vec<String> {
    whiteboard::html::attribute_values(html, name)
}
