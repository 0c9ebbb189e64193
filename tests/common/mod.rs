//! `SiteTest`: builds a small site from `tests/fixtures/<case>/` with the real binary and
//! asserts on what a user would see: the exit status, the messages, the files written.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl SiteTest {
    /// A private copy of `tests/fixtures/<name>/`, so tests can edit it freely.
    pub fn from_fixture(name: &str) -> Self {
        let t = Self::empty();
        copy_tree(&fixtures().join(name), &t.root);
        t
    }

    /// A private copy of the repository's own bank (content, site.yaml; theme built in).
    pub fn real_bank() -> Self {
        let t = Self::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&repo.join("content"), &t.root.join("content"));
        std::fs::copy(repo.join("site.yaml"), t.root.join("site.yaml")).expect("copy site.yaml");
        t
    }

    fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("bank");
        Self {
            _dir: dir,
            root,
            status: None,
            stdout: String::new(),
            stderr: String::new(),
        }
    }

    /// Copies the files of `tests/fixtures/<name>/` over the site.
    pub fn overlay(&mut self, name: &str) -> &mut Self {
        copy_tree(&fixtures().join(name), &self.root);
        self
    }

    pub fn write(&mut self, rel: &str, text: &str) -> &mut Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn run(&mut self, args: &[&str]) -> &mut Self {
        let out = Command::new(env!("CARGO_BIN_EXE_whiteboard"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .expect("run whiteboard");
        self.status = out.status.code();
        self.stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        self.stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        self
    }

    pub fn build(&mut self) -> &mut Self {
        self.run(&["build"])
    }

    pub fn assert_ok(&mut self) -> &mut Self {
        assert_eq!(
            self.status,
            Some(0),
            "build failed:\n{}{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Asserts that the output file holds every fragment.
    pub fn check_file(&mut self, rel: &str, fragments: &[&str]) -> &mut Self {
        let text = self.read(rel);
        for f in fragments {
            assert!(text.contains(f), "{rel} lacks {f:?}:\n{text}");
        }
        self
    }

    /// Every file of the output with its bytes, to compare a folder before and after.
    pub fn snapshot_output(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let base = self.public();
        for e in walkdir::WalkDir::new(&base)
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(&base)
                    .expect("under base")
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(e.path()).expect("read"));
            }
        }
        files
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("under from");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if rel != Path::new("expected.txt") {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

pub mod browser;
pub mod http;
pub mod links;
pub mod sse;
