//! What the generator promises about hostile or careless input (SECURITY.md): it never
//! deletes a folder it did not write, never writes outside its output, never publishes a
//! file from outside the bank, never lets content run script, and never crashes or stalls
//! on a few kilobytes of markdown.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::SiteTest;

/// Runs whiteboard on the site with `args`; fails the test if it takes longer than a
/// generous `limit` (a stall, not a slow machine) and returns (exit code, stdout+stderr).
fn run_within(t: &SiteTest, args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whiteboard"))
        .args(args)
        .arg("--root")
        .arg(&t.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run whiteboard");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("whiteboard {args:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// `whiteboard serve` over the site, on a free port of 127.0.0.1.
fn serve(t: &SiteTest) -> std::sync::Arc<whiteboard::serve::Server> {
    whiteboard::serve::Server::start(whiteboard::serve::ServeOptions {
        root: t.root.clone(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        drafts: false,
    })
    .unwrap()
}

fn problem(body: &str) -> String {
    format!(
        "---\ntitle: Hostile\nlevel: L6\ndifficulty: beginner\ntime_limit: 45\ntags: [x]\nsummary: x\n---\n\n\
         ## Problem Statement\n\n{body}\n\n## Rubric\n\n- [ ] Everything (50 points)\n\n**Total Score: ___/50 points**\n"
    )
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

// --- The output folder -----------------------------------------------------------------

#[test]
fn the_bank_itself_is_never_taken_for_the_output() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(".git/HEAD", "ref: refs/heads/main\n");
    t.write(".nojekyll", "");
    let before = files_under(&t.root);
    let root = t.root.to_str().unwrap().to_string();
    t.run(&["build", "--output", &root]);
    assert_eq!(t.status, Some(1), "{}", t.stderr);
    assert!(
        t.stderr.contains("would replace the bank itself"),
        "{}",
        t.stderr
    );
    assert_eq!(files_under(&t.root), before, "nothing was deleted");

    let parent = t.root.parent().unwrap().to_str().unwrap().to_string();
    t.run(&["build", "--output", &parent]);
    assert_eq!(t.status, Some(1), "{}", t.stderr);
    assert_eq!(files_under(&t.root), before);

    t.run(&["build", "--output", "content/out"]);
    assert_eq!(t.status, Some(1), "{}", t.stderr);
    assert!(
        t.stderr.contains("inside the bank's `content/`"),
        "{}",
        t.stderr
    );
    assert!(!t.root.join("content/out").exists());
}

#[test]
fn a_folder_with_its_own_nojekyll_and_cname_is_never_replaced() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("docs/.nojekyll", "");
    t.write("docs/CNAME", "bank.example.org\n");
    t.write("docs/about.html", "<p>mine</p>");
    t.run(&["build", "--output", "docs"]);
    assert_eq!(t.status, Some(1), "{}", t.stderr);
    assert!(t.stderr.contains("did not write"), "{}", t.stderr);
    assert!(t.stderr.contains("--> "), "names the folder: {}", t.stderr);
    assert_eq!(
        files_under(&t.root.join("docs")),
        [".nojekyll", "CNAME", "about.html"]
    );
}

#[test]
fn our_own_output_is_replaced_until_someone_adds_to_it() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    assert!(t.public().join(".whiteboard-output").is_file());
    assert!(t.public().join(".nojekyll").is_file());
    t.build().assert_ok();
    t.write("public/CNAME", "bank.example.org\n");
    t.build();
    assert_eq!(t.status, Some(1));
    assert!(t.stderr.contains("CNAME"), "{}", t.stderr);
    assert!(t.public().join("CNAME").is_file());
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_file_or_a_link_is_refused() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("out.txt", "keep me");
    t.run(&["build", "--output", "out.txt"]);
    assert_eq!(t.status, Some(1));
    assert!(t.stderr.contains("is a file"), "{}", t.stderr);
    assert_eq!(
        std::fs::read_to_string(t.root.join("out.txt")).unwrap(),
        "keep me"
    );

    std::fs::create_dir(t.root.join("real")).unwrap();
    std::os::unix::fs::symlink(t.root.join("real"), t.root.join("link")).unwrap();
    t.run(&["build", "--output", "link"]);
    assert_eq!(t.status, Some(1));
    assert!(t.stderr.contains("symbolic link"), "{}", t.stderr);
    assert!(
        std::fs::symlink_metadata(t.root.join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// --- Paths out of the output -----------------------------------------------------------

#[test]
fn names_without_a_slug_are_errors_not_writes_outside_the_output() {
    for (rel, named) in [
        ("content/___.md", "`___.md` has no letters or digits"),
        (
            "content/___/tmp/x/_index.md",
            "`___/` has no letters or digits",
        ),
        ("content/guides/---.md", "`---.md` has no letters or digits"),
    ] {
        let mut t = SiteTest::from_fixture("minimal");
        t.write(rel, "---\ntitle: Escape\n---\n\nx\n");
        t.write("content/guides/_index.md", "---\ntitle: Guides\n---\n\nx\n");
        for command in ["build", "check"] {
            let (code, out) = run_within(&t, &[command], Duration::from_secs(60));
            assert_eq!(code, Some(1), "{command} {rel}: {out}");
            assert!(out.contains(named), "{command} {rel}: {out}");
            let file = rel.trim_start_matches("content/");
            assert!(
                out.contains(&format!("{file}:1:1")),
                "{command} names file:line: {out}"
            );
        }
        assert!(!t.public().exists());
    }
}

// --- Publishing what is not in the bank ------------------------------------------------

#[cfg(unix)]
#[test]
fn links_out_of_the_bank_are_errors_in_build_check_and_serve() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "TOKEN=hunter2-first-line\n",
    )
    .unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/passwd"), "root:x:0:0\n").unwrap();
    for (link, target) in [
        ("content/env.txt", outside.path().join("secret.md")),
        (
            "content/problems/stolen.md",
            outside.path().join("secret.md"),
        ),
        ("content/etc", outside.path().join("dir")),
        ("assets/env.txt", outside.path().join("secret.md")),
    ] {
        let t = SiteTest::from_fixture("minimal");
        std::fs::create_dir_all(t.root.join(link).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&target, t.root.join(link)).unwrap();
        for command in ["build", "check"] {
            let (code, out) = run_within(&t, &[command], Duration::from_secs(60));
            assert_eq!(code, Some(1), "{command} {link}: {out}");
            assert!(out.contains("outside the bank"), "{command} {link}: {out}");
            assert!(out.contains(link), "{command} names the link {link}: {out}");
            assert!(!out.contains("hunter2") && !out.contains("root:x"), "{out}");
        }
        assert!(!t.public().exists());
        let server = serve(&t);
        for path in [
            "/env.txt",
            "/etc/passwd",
            "/assets/env.txt",
            "/problems/stolen/",
        ] {
            let (_, body) = common::sse::get(server.addr, path);
            assert!(
                !body.contains("hunter2") && !body.contains("root:x"),
                "{path}: {body}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn links_inside_the_bank_are_followed() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("shared/diagram.txt", "inside");
    std::os::unix::fs::symlink(
        "../../shared/diagram.txt",
        t.root.join("content/guides/diagram.txt"),
    )
    .unwrap();
    t.build().assert_ok();
    assert_eq!(t.read("guides/diagram.txt"), "inside");
}

#[test]
fn hidden_files_are_never_published_or_served() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("content/.env", "TOKEN=hunter2");
    t.write("content/guides/.secret.md", "---\ntitle: S\n---\nhunter2");
    t.write("assets/.env", "TOKEN=hunter2");
    t.build().assert_ok();
    let published = files_under(&t.public());
    assert!(
        !published
            .iter()
            .any(|f| f.contains("env") || f.contains("secret")),
        "{published:?}"
    );
    let (code, out) = run_within(&t, &["check"], Duration::from_secs(60));
    assert_eq!(code, Some(0), "{out}");
    let server = serve(&t);
    for path in [
        "/.env",
        "/assets/.env",
        "/guides/.secret/",
        "/guides/secret/",
    ] {
        let (status, body) = common::sse::get(server.addr, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("hunter2"), "{path}");
    }
    assert!(server.state.paths().iter().all(|p| !p.contains("env")));
}

#[test]
fn the_theme_is_a_folder_under_themes() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("site.yaml", "title: Bank\ntheme: ../../elsewhere\n");
    t.build();
    assert_eq!(t.status, Some(1));
    assert!(
        t.stderr
            .contains("theme `../../elsewhere` is not the name of a folder under themes/"),
        "{}",
        t.stderr
    );
    assert!(t.stderr.contains("site.yaml:2:1"), "{}", t.stderr);
}

// --- Markup that escapes escaping ------------------------------------------------------

#[test]
fn a_heading_id_cannot_break_out_of_its_attribute() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/ids.md",
        "---\ntitle: Ids\n---\n\n## Fine {#fine-1.2_x}\n\n## T {#x\"onmouseover=\"alert(1)}\n",
    );
    for command in ["build", "check"] {
        let (code, out) = run_within(&t, &[command], Duration::from_secs(60));
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("holds characters an id may not have"), "{out}");
        assert!(out.contains("guides/ids.md:7:1"), "{out}");
    }
    t.write(
        "content/guides/ids.md",
        "---\ntitle: Ids\n---\n\n## Fine {#fine-1.2_x}\n",
    );
    t.build().assert_ok();
    t.check_file(
        "guides/ids/index.html",
        &["id=fine-1.2_x", "href=#fine-1.2_x"],
    );
}

#[test]
fn every_page_carries_the_content_security_policy() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    let pages: Vec<String> = files_under(&t.public())
        .into_iter()
        // The navigation is a fragment that pages insert, under their own policy.
        .filter(|f| f.ends_with(".html") && f != "nav.html")
        .collect();
    assert!(pages.len() >= 5, "{pages:?}");
    for page in pages {
        let html = t.read(&page);
        assert!(
            html.contains("http-equiv=Content-Security-Policy")
                && html.contains("script-src 'self'"),
            "{page} has no policy: {}",
            &html[..html.len().min(600)]
        );
    }
}

#[test]
fn raw_html_that_could_run_script_is_an_error_at_its_line() {
    let vectors = [
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=x OnErRoR=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" JAVASCRIPT:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
        "<iframe src=\"https://example.com\"></iframe>",
        "<object data=x></object>",
        "<embed src=x>",
        "<form action=x><input></form>",
        "<script>alert(1)</script>",
        "<div\n  title=\"multi-line\"\n  onmouseover=\"alert(1)\">x</div>",
        "[click](javascript:alert(1))",
        "![img](data:image/png;base64,AAAA)",
    ];
    for v in vectors {
        let mut t = SiteTest::from_fixture("minimal");
        t.write(
            "content/problems/first-problem.md",
            &problem(&format!("Intro.\n\n{v}\n")),
        );
        for command in ["build", "check"] {
            let (code, out) = run_within(&t, &[command], Duration::from_secs(60));
            assert_eq!(code, Some(1), "{command} accepted {v:?}: {out}");
            assert!(
                out.contains("problems/first-problem.md:1"),
                "{command} {v:?} line: {out}"
            );
            assert!(out.contains("help:"), "{out}");
        }
    }
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/problems/first-problem.md",
        &problem("<details><summary>Why</summary>Because.</details>\n\nPress <kbd>Ctrl</kbd>, H<sub>2</sub>O<br>\n\n<table><tr><td>1</td></tr></table>"),
    );
    t.build().assert_ok();
    t.check_file(
        "problems/first-problem/index.html",
        &["<kbd>Ctrl</kbd>", "<sub>2</sub>", "<details>"],
    );
}

#[test]
fn rubric_points_and_line_numbers_are_bounded() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/problems/first-problem.md",
        "---\ntitle: First Problem\nlevel: L6\ndifficulty: beginner\ntime_limit: 45\ntags: [x]\nsummary: x\n---\n\n\
         ## Rubric\n\n- [ ] Wraps around (4294967295 points)\n- [ ] Makes fifty (51 points)\n\n**Total Score: ___/50 points**\n",
    );
    t.build();
    assert_eq!(t.status, Some(1));
    assert!(
        t.stderr
            .contains("worth 4294967295 points, more than a whole rubric"),
        "{}",
        t.stderr
    );
    assert!(t.stderr.contains("add up to"), "{}", t.stderr);

    for start in ["0", "100001", "99999999999999999999999"] {
        let mut t = SiteTest::from_fixture("minimal");
        t.write(
            "content/guides/code.md",
            &format!("---\ntitle: Code\n---\n\n```python linenums=\"{start}\"\nx = 1\n```\n"),
        );
        t.build();
        assert_eq!(t.status, Some(1), "{start}");
        assert!(t.stderr.contains("is out of range"), "{}", t.stderr);
        assert!(t.stderr.contains("guides/code.md:5:1"), "{}", t.stderr);
    }
}

// --- Small inputs that crash or stall --------------------------------------------------

const GENEROUS: Duration = Duration::from_secs(120);

#[test]
fn deep_blockquotes_are_an_error_in_build_and_check_not_a_crash() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/deep.md",
        &format!("---\ntitle: Deep\n---\n\n{}x\n", ">".repeat(1200)),
    );
    for command in ["build", "check"] {
        let (code, out) = run_within(&t, &[command], GENEROUS);
        assert_eq!(code, Some(1), "{command}: {out}");
        assert!(
            out.contains("nested more than 64 levels deep"),
            "{command}: {out}"
        );
        assert!(out.contains("guides/deep.md:5"), "{out}");
    }
    t.write(
        "content/guides/deep.md",
        &format!("---\ntitle: Deep\n---\n\n{}x\n", "<div>".repeat(3000)),
    );
    let (code, out) = run_within(&t, &["build"], GENEROUS);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("nested more than 64 levels deep"), "{out}");
}

#[test]
fn a_long_line_of_punctuation_builds_in_linear_time() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/long.md",
        &format!("---\ntitle: Long\n---\n\n{}\n", "a'".repeat(200_000)),
    );
    let (code, out) = run_within(&t, &["build"], GENEROUS);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn many_equal_headings_and_broken_links_stay_linear() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/many.md",
        &format!("---\ntitle: Many\n---\n\n{}", "## a\n\n".repeat(40_000)),
    );
    let (code, out) = run_within(&t, &["build"], GENEROUS);
    assert_eq!(code, Some(0), "{out}");
    let page = t.read("guides/many/index.html");
    assert!(page.contains("id=a-39999"), "the last heading is numbered");

    t.write(
        "content/guides/many.md",
        &format!(
            "---\ntitle: Many\n---\n\n{}",
            "[x](missing.md) ".repeat(20_000)
        ),
    );
    let (code, out) = run_within(&t, &["check"], GENEROUS);
    assert_eq!(code, Some(1), "{}", &out[..out.len().min(500)]);
    assert!(out.contains("missing.md"));

    t.write(
        "content/problems/first-problem.md",
        &problem(&"- [ ] Same item (5 points)\n".repeat(20_000)),
    );
    let (code, _) = run_within(&t, &["check"], GENEROUS);
    assert_eq!(code, Some(1));
}

#[test]
fn deeply_nested_admonitions_are_an_error_in_bounded_memory() {
    let mut body = String::new();
    for level in 0..1000 {
        body.push_str(&" ".repeat(level * 4));
        body.push_str("!!! note\n");
    }
    body.push_str(&" ".repeat(1000 * 4));
    body.push_str("x\n");
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/nested.md",
        &format!("---\ntitle: Nested\n---\n\n{body}"),
    );
    let (code, out) = run_within(&t, &["build"], GENEROUS);
    assert_eq!(code, Some(1), "{}", &out[..out.len().min(800)]);
    assert!(
        out.contains("nested more than"),
        "{}",
        &out[..out.len().min(800)]
    );
}

#[test]
fn check_external_reads_attributes_with_non_ascii_text() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/accents.md",
        "---\ntitle: Accents\n---\n\n<div title=x voilà>café</div>\n\n<span data-x=é>ü</span>\n",
    );
    let (code, out) = run_within(&t, &["check", "--external"], GENEROUS);
    assert_eq!(code, Some(0), "{out}");
}
