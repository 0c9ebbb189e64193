//! The repository's own bank: it must always build cleanly and link correctly.

mod common;

use common::SiteTest;

#[test]
fn the_bank_builds_with_no_warnings() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    assert!(
        t.stderr.is_empty(),
        "the bank's build printed:\n{}",
        t.stderr
    );
    assert!(t.stdout.contains(" 0 warnings."), "{}", t.stdout);
    for problem in [
        "url-shortener",
        "real-time-chat",
        "distributed-cache",
        "aws-lambda",
        "ml-platform",
    ] {
        assert!(
            t.public()
                .join("problems")
                .join(problem)
                .join("index.html")
                .is_file(),
            "{problem}"
        );
    }
    for guide in [
        "evaluation-rubrics",
        "practice-progression",
        "getting-started",
        "mock-interviews",
    ] {
        assert!(
            t.public()
                .join("guides")
                .join(guide)
                .join("index.html")
                .is_file(),
            "{guide}"
        );
    }
}

#[test]
fn every_internal_link_and_fragment_in_the_bank_resolves() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    let dead = whiteboard::check::links::check_output(&t.public());
    assert!(dead.is_empty(), "{dead:#?}");
}

#[test]
fn the_bank_text_is_clean_utf8_without_mojibake() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    let page = t.read("index.html");
    assert!(page.contains("🎯"), "emoji survive the build");
    for garbled in ["ðŸ", "â€", "Ã©"] {
        for e in walkdir::WalkDir::new(t.root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                let text = std::fs::read_to_string(e.path()).unwrap();
                assert!(
                    !text.contains(garbled),
                    "{} holds {garbled}",
                    e.path().display()
                );
            }
        }
    }
}
