//! A generated bank for benchmarks: the repository's bank plus `n` more problems whose
//! bodies are the seed problems' bodies, cycled, so every page is seed-like. Every code
//! block and diagram gets a line of its own problem's (a comment), so none is the same
//! as another's and the build's caches cannot skip the work a real bank would cost.

use std::path::Path;

pub fn generate(repo: &Path, dest: &Path, n: usize) {
    copy_dir(&repo.join("content"), &dest.join("content"));
    std::fs::copy(repo.join("site.yaml"), dest.join("site.yaml")).expect("copy site.yaml");
    let mut seeds: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(repo.join("content/problems")).expect("problems folder") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("utf-8 problem");
        let (front, body) = text
            .trim_start_matches("---\n")
            .split_once("\n---\n")
            .expect("front matter");
        seeds.push((front.to_string(), body.to_string()));
    }
    seeds.sort();
    for i in 0..n {
        let (front, body) = &seeds[i % seeds.len()];
        let front: String = front
            .lines()
            .map(|l| {
                if let Some(title) = l.strip_prefix("title:") {
                    // A quoted title takes the number inside its quotes.
                    let title = title.trim();
                    match title.strip_suffix('"') {
                        Some(open) => format!("title: {open} {i}\""),
                        None => format!("title: {title} {i}"),
                    }
                } else if l.starts_with("order:") {
                    format!("order: {}", i + 100)
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let body = vary_blocks(body, i);
        let file = dest.join(format!("content/problems/generated-{i:04}.md"));
        std::fs::write(file, format!("---\n{front}\n---\n{body}")).expect("write problem");
    }
}

/// `body` with a comment naming problem `i` as the first line of every fenced block.
fn vary_blocks(body: &str, i: usize) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    let mut open: Option<String> = None;
    for line in body.lines() {
        out.push_str(line);
        out.push('\n');
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let fence: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        match &open {
            None if fence.len() >= 3 => {
                let language = trimmed[fence.len()..].split_whitespace().next();
                let comment = if language == Some("mermaid") {
                    "%%"
                } else {
                    "#"
                };
                out.push_str(&format!("{indent}{comment} variant {i}\n"));
                open = Some(fence);
            }
            Some(marker) if trimmed.trim_end() == marker => open = None,
            _ => {}
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}
