//! `whiteboard check` and `whiteboard new`: one fixture per diagnostic with the exact
//! output a contributor sees, the machine formats, the real bank passing clean, and a new
//! problem that checks with nothing but its TODO markers.
//!
//! `WHITEBOARD_BLESS=1 cargo test --test suite check::` rewrites the expected outputs.

use crate::common;

use common::{SiteTest, fixtures};

fn bless() -> bool {
    std::env::var_os("WHITEBOARD_BLESS").is_some()
}

#[test]
fn every_diagnostic_has_its_exact_message() {
    let dir = fixtures().join("check");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let mut t = SiteTest::from_fixture("minimal");
        t.overlay(&format!("check/{case}")).run(&["check"]);
        let expected_path = dir.join(case).join("expected.txt");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let has_error = t.stdout.contains("\nerror: ") || t.stdout.starts_with("error: ");
        let has_any = has_error || t.stdout.contains("warning: ");
        let status_ok = t.status == Some(if has_error { 1 } else { 0 });
        if t.stdout != expected || !status_ok || !has_any || !t.stderr.is_empty() {
            if bless() {
                std::fs::write(&expected_path, &t.stdout).unwrap();
            }
            failures.push(format!(
                "== {case}: status {:?}\n-- expected:\n{expected}\n-- got:\n{}{}",
                t.status, t.stdout, t.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn warnings_pass_unless_denied() {
    let mut t = SiteTest::from_fixture("minimal");
    t.overlay("check/todo-marker").run(&["check"]);
    assert_eq!(t.status, Some(0), "{}", t.stdout);
    assert!(t.stdout.contains("0 errors, 1 warning."), "{}", t.stdout);
    t.run(&["check", "--deny-warnings"]);
    assert_eq!(t.status, Some(1));
}

#[test]
fn check_writes_nothing() {
    let mut t = SiteTest::from_fixture("minimal");
    t.run(&["check"]);
    assert_eq!(t.status, Some(0), "{}", t.stdout);
    assert!(!t.public().exists());
}

#[test]
fn the_github_format_annotates_pull_request_lines() {
    let mut t = SiteTest::from_fixture("minimal");
    t.overlay("check/rubric-does-not-add-up")
        .overlay("check/outside-sections")
        .run(&["check", "--format", "github"]);
    let expected_path = fixtures().join("check-github.txt");
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if t.stdout != expected && bless() {
        std::fs::write(&expected_path, &t.stdout).unwrap();
    }
    assert_eq!(t.stdout, expected);
    assert_eq!(t.status, Some(1));
}

#[test]
fn the_json_format_is_for_tools() {
    let mut t = SiteTest::from_fixture("minimal");
    t.overlay("check/unknown-front-matter-key")
        .run(&["check", "--format", "json"]);
    assert_eq!(t.status, Some(1));
    let v: serde_json::Value = serde_json::from_str(&t.stdout).expect("valid JSON");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 0);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/problems/first-problem.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(d["message"], "unknown field `time_limt`");
    assert_eq!(d["help"], "did you mean `time_limit`?");
}

#[test]
fn the_real_bank_checks_clean() {
    let mut t = SiteTest::real_bank();
    t.run(&["check", "--deny-warnings"]);
    assert_eq!(t.status, Some(0), "{}{}", t.stdout, t.stderr);
    assert!(t.stdout.ends_with("no problems found.\n"), "{}", t.stdout);
}

#[test]
fn a_new_problem_checks_with_only_its_todo_markers() {
    let mut t = SiteTest::from_fixture("minimal");
    t.run(&[
        "new",
        "Design a Rate Limiter",
        "--level",
        "L6",
        "--difficulty",
        "intermediate",
        "--time",
        "60",
        "--tags",
        "rate limiting,redis",
    ]);
    assert_eq!(t.status, Some(0), "{}", t.stderr);
    assert!(
        t.stdout
            .starts_with("Created content/problems/rate-limiter.md.\n"),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("whiteboard serve") && t.stdout.contains("whiteboard check"));
    let text = std::fs::read_to_string(t.root.join("content/problems/rate-limiter.md")).unwrap();
    assert!(text.contains("title: \"Design a Rate Limiter\"\n"));
    assert!(
        text.contains("time_limit: 60\n") && text.contains("tags: [\"rate limiting\", \"redis\"]")
    );

    t.run(&["check"]);
    assert_eq!(t.status, Some(0), "{}", t.stdout);
    let warnings: Vec<&str> = t
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning: ") || l.starts_with("error: "))
        .collect();
    assert!(warnings.len() >= 5, "{}", t.stdout);
    assert!(
        warnings
            .iter()
            .all(|w| *w == "warning: a TODO marker is left in the text"),
        "{}",
        t.stdout
    );

    // It builds, and the page has its rubric and diagram.
    t.build().assert_ok();
    t.check_file(
        "problems/rate-limiter/index.html",
        &["data-rubric-total=50", "<svg"],
    );
}

#[test]
fn new_never_replaces_a_problem() {
    let mut t = SiteTest::from_fixture("minimal");
    let args = [
        "new",
        "First Problem",
        "--level",
        "L6",
        "--difficulty",
        "beginner",
    ];
    let before = std::fs::read(t.root.join("content/problems/first-problem.md")).unwrap();
    t.run(&args);
    assert_eq!(t.status, Some(1));
    assert!(
        t.stderr.contains("error: this problem already exists"),
        "{}",
        t.stderr
    );
    let after = std::fs::read(t.root.join("content/problems/first-problem.md")).unwrap();
    assert_eq!(before, after);

    t.run(&["new", "Cache", "--level", "L8", "--difficulty", "beginner"]);
    assert_eq!(t.status, Some(2));
    assert!(
        t.stderr
            .contains("invalid value 'L8' for '--level <LEVEL>'")
            && t.stderr.contains("[possible values: L6, L7]"),
        "{}",
        t.stderr
    );
}

#[test]
fn external_links_are_fetched_only_when_asked() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("ok.html"), "<p>here</p>").unwrap();
    let server = common::http::StaticServer::start(vec![("/".into(), site.path().to_path_buf())]);
    let (ok, gone) = (server.url("/ok.html"), server.url("/gone.html"));
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/rubrics.md",
        &format!(
            "---\ntitle: Rubrics\n---\n\n## Scoring\n\nSee [this]({ok}) and\n[that]({gone}).\n\n<p>Or <a href=\"{gone}?raw\">this one</a>.</p>\n"
        ),
    );
    t.run(&["check"]);
    assert_eq!(t.status, Some(0), "offline by default: {}", t.stdout);

    t.run(&["check", "--external"]);
    assert_eq!(t.status, Some(1), "{}", t.stdout);
    let expected = format!(
        "error: the link {gone} answers 404 (not found)\n --> content/guides/rubrics.md:8:8\n"
    );
    assert!(t.stdout.starts_with(&expected), "{}", t.stdout);
    assert!(!t.stdout.contains("ok.html"), "{}", t.stdout);
    assert!(
        t.stdout.contains(
            "gone.html?raw answers 404 (not found)\n  --> content/guides/rubrics.md:10:1\n"
        ),
        "links in raw HTML are checked too: {}",
        t.stdout
    );
    assert!(
        t.stdout.ends_with("2 errors, 0 warnings.\n"),
        "{}",
        t.stdout
    );
}
