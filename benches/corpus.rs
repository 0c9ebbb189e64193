//! A generated bank for benchmarks: the repository's bank plus `n` more problems whose
//! bodies are the seed problems' bodies, cycled, so every page is seed-like.

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
                if l.starts_with("title:") {
                    format!("{l} {i}")
                } else if l.starts_with("order:") {
                    format!("order: {}", i + 100)
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let file = dest.join(format!("content/problems/generated-{i:04}.md"));
        std::fs::write(file, format!("---\n{front}\n---\n{body}")).expect("write problem");
    }
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
