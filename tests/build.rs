//! `whiteboard build`: what a user gets on disk, and what they are told when the input is
//! wrong.

use crate::common;

use common::{SiteTest, fixtures};

#[test]
fn builds_every_page_at_a_clean_url() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    for f in [
        "index.html",
        "problems/first-problem/index.html",
        "problems/second-problem/index.html",
        "guides/rubrics/index.html",
        "404.html",
        "progress/index.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
    ] {
        assert!(t.public().join(f).is_file(), "{f} missing");
    }
    assert!(
        t.stdout.starts_with("Built 6 pages into public in "),
        "{}",
        t.stdout
    );
    assert!(t.stdout.trim_end().ends_with("0 warnings."), "{}", t.stdout);
}

#[test]
fn links_between_markdown_files_become_relative_page_links() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    t.check_file(
        "index.html",
        &[
            "href=./problems/first-problem/",
            "href=./guides/rubrics/#scoring",
        ],
    )
    .check_file(
        "problems/first-problem/index.html",
        &[
            "href=../../problems/second-problem/#requirements",
            "href=../../static/",
            "data-nav=\"../../nav.html?v=",
        ],
    )
    // The navigation is one file for every page; its links start from the site root.
    .check_file(
        "nav.html",
        &[
            "<a href=problems/first-problem/>First Problem</a>",
            "<a href=guides/rubrics/>",
        ],
    );
}

#[test]
fn every_link_in_the_output_resolves() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    assert_eq!(common::links::check_output(&t.public()), vec![]);
}

#[test]
fn headings_get_unique_ids_and_a_table_of_contents() {
    let mut t = SiteTest::from_fixture("minimal");
    t.run(&["build", "--no-minify"]).assert_ok();
    t.check_file(
        "problems/second-problem/index.html",
        &[
            r##"<h2 id="requirements">Requirements</h2>"##,
            r#"<h2 id="requirements-1">"#,
            r##"<li><a href="#requirements-1">Requirements</a>"##,
        ],
    );
}

#[test]
fn problem_pages_show_their_facts_navigation_and_edit_link() {
    let mut t = SiteTest::from_fixture("minimal");
    t.run(&["build", "--no-minify"]).assert_ok();
    t.check_file(
        "problems/first-problem/index.html",
        &[
            "<title>First Problem · Fixture Bank</title>",
            r#"<html lang="en" data-root="../../">"#,
            r#"<meta name="viewport""#,
            r#"<li class="badge time">45 min</li>"#,
            r#"<a class="next" rel="next" href="../../problems/second-problem/">"#,
            r#"href="https://github.com/example/bank/edit/main/content/problems/first-problem.md""#,
            r#"<link rel="canonical" href="https://example.github.io/bank/problems/first-problem/">"#,
            r#"<nav class="site-nav" id="site-nav" aria-label="Problems and guides" data-nav="../../nav.html?v="#,
            r#"<a href="../../">Every problem and guide is listed on the home page.</a>"#,
        ],
    );
}

#[test]
fn base_url_is_used_only_for_absolute_urls() {
    let mut t = SiteTest::from_fixture("minimal");
    t.run(&["build", "--base-url", "https://other.example/x"])
        .assert_ok();
    t.check_file(
        "sitemap.xml",
        &["<loc>https://other.example/x/problems/first-problem/</loc>"],
    )
    .check_file("404.html", &["<base href=/x/>"]);
    let home = t.read("index.html");
    assert!(!home.contains("href=/"), "pages link relatively:\n{home}");
}

#[test]
fn static_files_get_content_hashed_names() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("assets/logo.png", "not really a png");
    t.write(
        "content/guides/rubrics.md",
        "---\ntitle: Rubrics\n---\n\n## Scoring\n\n![logo](/assets/logo.png)\n",
    );
    t.build().assert_ok();
    let guide = t.read("guides/rubrics/index.html");
    let src = whiteboard::html::attribute_values(&guide, "src")
        .into_iter()
        .find(|s| s.contains("assets/"))
        .expect("an image");
    assert!(
        src.starts_with("../../assets/logo.")
            && src.ends_with(".png")
            && src.len() > "../../assets/logo..png".len(),
        "{src}"
    );
    assert!(t.public().join("guides/rubrics").join(src).is_file());
    let css = t.read("index.html");
    assert!(
        css.contains("href=./static/") && css.contains("/css/site.css"),
        "{css}"
    );
}

#[test]
fn a_site_template_overrides_the_theme() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("templates/guide.html", "{% extends \"base.html\" %}{% block main %}<p class=custom>{{ page.title }}</p>{% endblock main %}");
    t.build().assert_ok();
    t.check_file(
        "guides/rubrics/index.html",
        &["<p class=custom>Rubrics</p>"],
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\nSoon.\n",
    );
    t.build().assert_ok();
    assert!(!t.public().join("guides/wip/index.html").exists());
    t.run(&["build", "--drafts"]).assert_ok();
    assert!(t.public().join("guides/wip/index.html").exists());
}

#[test]
fn editor_leftovers_are_not_pages() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("content/guides/.rubrics.md.swp", "garbage");
    t.write("content/guides/rubrics.md~", "garbage");
    t.build().assert_ok();
    assert!(!t.public().join("guides/rubrics.md~").exists());
}

#[test]
fn an_empty_site_yaml_works() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("site.yaml", "");
    t.build().assert_ok();
    t.check_file("index.html", &["<title>System Design Practice</title>"]);
}

#[test]
fn builds_a_bank_from_another_folder_with_the_built_in_theme() {
    let mut t = SiteTest::from_fixture("minimal");
    assert!(!t.root.join("themes").exists());
    let out = t.root.join("elsewhere");
    t.run(&["build", "--output", out.to_str().unwrap()])
        .assert_ok();
    assert!(out.join("index.html").is_file());
}

/// Each folder under `tests/fixtures/invalid/` is laid over the minimal bank. The build must
/// fail with exit code 1, print exactly `expected.txt`, and leave the previous output as it
/// was, byte for byte.
#[test]
fn invalid_input_gets_an_exact_message_and_keeps_the_previous_output() {
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let mut t = SiteTest::from_fixture("minimal");
        t.build().assert_ok();
        let before = t.snapshot_output();
        t.overlay(&format!("invalid/{case}")).build();
        let expected =
            std::fs::read_to_string(fixtures().join("invalid").join(case).join("expected.txt"))
                .unwrap_or_default();
        if t.status != Some(1) || t.stderr != expected || t.snapshot_output() != before {
            if std::env::var_os("WHITEBOARD_BLESS").is_some() {
                std::fs::write(
                    fixtures().join("invalid").join(case).join("expected.txt"),
                    &t.stderr,
                )
                .unwrap();
            }
            failures.push(format!(
                "== {case}: status {:?}, output kept: {}\n-- expected:\n{expected}\n-- got:\n{}",
                t.status,
                t.snapshot_output() == before,
                t.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn guides_link_to_the_previous_and_next_guide() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/a-first.md",
        "---\ntitle: First guide\norder: 1\n---\n\nOne.\n",
    );
    t.write(
        "content/guides/z-last.md",
        "---\ntitle: Last guide\norder: 3\n---\n\nThree.\n",
    );
    t.write(
        "content/guides/rubrics.md",
        "---\ntitle: Rubrics\norder: 2\n---\n\n## Scoring\n\nTwo.\n",
    );
    t.build().assert_ok();
    let middle = t.read("guides/rubrics/index.html");
    assert!(
        middle.contains("class=prev href=../../guides/a-first/ rel=prev"),
        "{middle}"
    );
    assert!(
        middle.contains("class=next href=../../guides/z-last/ rel=next"),
        "{middle}"
    );
}

#[test]
fn link_previews_carry_an_absolute_image_and_a_card() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("assets/social-card.png", "not really a png");
    t.run(&["build", "--base-url", "https://user.github.io/bank/"])
        .assert_ok();
    let page = t.read("problems/first-problem/index.html");
    assert!(
        page.contains("<meta content=https://user.github.io/bank/assets/social-card."),
        "{page}"
    );
    assert!(
        page.contains("content=summary_large_image name=twitter:card"),
        "{page}"
    );
    assert!(!t.stdout.contains("base_url is `/`"), "{}", t.stdout);
    // At the default base_url there is no absolute address to give, and the build says why
    // the 404 page will not work under a path.
    t.write("site.yaml", "title: Fixture Bank\n");
    t.build().assert_ok();
    assert!(!t.read("index.html").contains("og:image"));
    assert!(t.stdout.contains("Note: base_url is `/`"), "{}", t.stdout);
}

#[test]
fn base_url_from_the_command_line_is_checked_like_site_yaml() {
    let mut t = SiteTest::from_fixture("minimal");
    for bad in [
        "javascript:alert(1)",
        "https://a.example/\"><script>",
        "bank",
    ] {
        t.run(&["build", "--base-url", bad]);
        assert_eq!(t.status, Some(1), "{bad}");
        assert!(t.stderr.contains("--> --base-url"), "{}", t.stderr);
        assert!(!t.public().exists());
    }
    t.run(&["build", "--base-url", "/bank"]).assert_ok();
    assert!(t.read("404.html").contains("<base href=/bank/>"));
}

#[test]
fn the_tests_link_walker_finds_dead_files_and_fragments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(
        dir.path().join("a/index.html"),
        r#"<h2 id="x">X</h2><a href="../">home</a>"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        r##"<a href="a/#x">ok</a><a href="a/#y">bad</a><a href="b/">gone</a><a href="#">top</a>"##,
    )
    .unwrap();
    let dead = common::links::check_output(dir.path());
    let hrefs: Vec<_> = dead.iter().map(|d| d.href.as_str()).collect();
    assert_eq!(hrefs, ["a/#y", "b/"]);
}

#[test]
fn a_page_does_not_grow_with_the_bank() {
    // A guide: its previous and next pages are guides, so nothing it shows changes.
    let page = "guides/rubrics/index.html";
    let mut small = SiteTest::from_fixture("minimal");
    small.build().assert_ok();
    let mut big = SiteTest::from_fixture("minimal");
    for i in 0..200 {
        big.write(
            &format!("content/problems/extra-{i:03}.md"),
            &format!(
                "---\ntitle: Extra problem number {i}\nlevel: L7\ndifficulty: advanced\n\
                 time_limit: 90\norder: {i}\n---\n\n## Problem Statement\n\nMore.\n\n\
                 ## Self-Assessment Rubric\n\n- [ ] Everything (50 points)\n\n\
                 **Total Score: ___/50 points**\n"
            ),
        );
    }
    big.build().assert_ok();
    // Only the navigation file knows the whole bank; the page names its version.
    assert_eq!(small.read(page).len(), big.read(page).len());
    assert!(big.read("nav.html").contains("Extra problem number 199"));
    assert!(big.read("nav.html").len() > 20 * small.read("nav.html").len());
}

#[test]
fn a_reader_that_stops_reading_the_output_does_not_crash_the_build() {
    // `whiteboard build | head -1`: the pipe closes before the build says what it did.
    let t = SiteTest::from_fixture("minimal");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_whiteboard"))
        .args(["build", "--root"])
        .arg(&t.root)
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        t.public().join("index.html").is_file(),
        "the site is still published"
    );
}

/// A guide with a code block and a diagram, the two things `--cache` keeps.
const CACHED_GUIDE: &str = "---\ntitle: Cached\norder: 2\n---\n\n## Code\n\n\
```python\nprint(\"from the source\")\n```\n\n## Diagram\n\n\
```mermaid\nflowchart LR\n  A[Client] --> B[Server]\n```\n";

/// The files of a cache folder, by their paths under it, with `*` for the fingerprint.
fn cache_files(cache: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(cache).unwrap().to_string_lossy();
            match rel.split_once('/') {
                Some((dir, file)) if dir.starts_with("wb-") && dir.len() == 19 => {
                    format!("wb-*/{file}")
                }
                _ => rel.into_owned(),
            }
        })
        .collect();
    names.sort();
    names
}

/// A pack's bytes as text, its records' binary keys and lengths included.
fn text_of(pack: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(pack).unwrap()).into_owned()
}

/// The one pack of `name` in a cache.
fn pack(cache: &std::path::Path, name: &str) -> std::path::PathBuf {
    let folder = std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("wb-"))
        .expect("a fingerprint folder");
    folder.path().join(name)
}

#[test]
fn a_build_with_a_cache_writes_the_same_site_and_the_next_build_reads_it_back() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("content/guides/cached.md", CACHED_GUIDE);
    t.build().assert_ok();
    let uncached = t.snapshot_output();

    t.run(&["build", "--cache", ".whiteboard/cache"])
        .assert_ok();
    assert_eq!(
        t.snapshot_output(),
        uncached,
        "a cold cache changes nothing"
    );
    let cache = t.root.join(".whiteboard/cache");
    assert_eq!(
        cache_files(&cache),
        ["CACHEDIR.TAG", "wb-*/code.pack", "wb-*/diagrams.pack"]
    );
    let diagrams = text_of(&pack(&cache, "diagrams.pack"));
    assert!(diagrams.contains("<svg") && diagrams.contains("Client"));

    t.run(&["build", "--cache", ".whiteboard/cache"])
        .assert_ok();
    assert_eq!(
        t.snapshot_output(),
        uncached,
        "a warm cache changes nothing"
    );

    // The next build takes the block from the cache, not from its source.
    let code = pack(&cache, "code.pack");
    // Text of the same length, so the record's length still holds.
    let kept = std::fs::read(&code).unwrap();
    let at = kept
        .windows(15)
        .position(|w| w == b"from the source")
        .expect("the code is in the pack");
    let mut tampered = kept.clone();
    tampered[at..at + 15].copy_from_slice(b"from the cache!");
    std::fs::write(&code, tampered).unwrap();
    t.run(&["build", "--cache", ".whiteboard/cache"])
        .assert_ok();
    assert!(
        t.read("guides/cached/index.html")
            .contains("from the cache!")
    );

    // A changed block is made afresh, and the old one, which nothing uses, is dropped.
    t.write(
        "content/guides/cached.md",
        &CACHED_GUIDE.replace("from the source", "edited"),
    );
    t.run(&["build", "--cache", ".whiteboard/cache"])
        .assert_ok();
    let page = t.read("guides/cached/index.html");
    assert!(
        page.contains("edited") && !page.contains("from the cache"),
        "{page}"
    );
    let kept = text_of(&code);
    assert!(
        kept.contains("edited") && !kept.contains("from the cache"),
        "{kept}"
    );
}

#[test]
fn a_failed_build_leaves_the_cache_as_it_was() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("content/guides/cached.md", CACHED_GUIDE);
    t.run(&["build", "--cache", ".whiteboard/cache"])
        .assert_ok();
    let cache = t.root.join(".whiteboard/cache");
    let before = std::fs::read(pack(&cache, "code.pack")).unwrap();
    t.write(
        "content/guides/cached.md",
        &CACHED_GUIDE.replace("from the source", "edited"),
    );
    // An error found while rendering, after the packs were opened.
    t.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\norder: 3\n---\n\n[x](missing.md)\n",
    );
    t.run(&["build", "--cache", ".whiteboard/cache"]);
    assert_eq!(t.status, Some(1), "{}", t.stderr);
    assert!(t.stderr.contains("link to a missing page"), "{}", t.stderr);
    assert_eq!(std::fs::read(pack(&cache, "code.pack")).unwrap(), before);
    assert_eq!(
        cache_files(&cache),
        ["CACHEDIR.TAG", "wb-*/code.pack", "wb-*/diagrams.pack"],
        "no half-written pack is left"
    );
}

#[test]
fn a_cache_drops_other_builds_folders_and_keeps_everything_else() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(".whiteboard/cache/wb-0123456789abcdef/code.pack", "old");
    t.write(".whiteboard/cache/notes.txt", "mine");
    t.write(".whiteboard/cache/wb-mine/keep.txt", "mine too");
    t.run(&["build", "--cache", ".whiteboard/cache"])
        .assert_ok();
    assert_eq!(
        cache_files(&t.root.join(".whiteboard/cache")),
        [
            "CACHEDIR.TAG",
            "notes.txt",
            "wb-*/code.pack",
            "wb-*/diagrams.pack",
            "wb-mine/keep.txt"
        ]
    );
}

#[test]
fn a_cache_where_it_would_be_replaced_or_published_is_refused() {
    for (folder, why) in [
        (
            "public/cache",
            "the cache is inside the output, which every build replaces",
        ),
        (
            ".",
            "the cache would be the bank's own folder (or a folder above it)",
        ),
        (
            "content/cache",
            "the cache is inside the bank's `content/` folder",
        ),
    ] {
        let mut t = SiteTest::from_fixture("minimal");
        t.run(&["build", "--cache", folder]);
        assert_eq!(t.status, Some(1), "{folder}: {}", t.stdout);
        assert!(
            t.stderr.contains(&format!("error: {why}")),
            "{folder}: {}",
            t.stderr
        );
        assert!(
            t.stderr
                .contains("help: keep the cache in a folder of its own")
        );
        assert!(
            t.stderr.contains(&format!(" --> {folder}\n")),
            "{}",
            t.stderr
        );
        assert!(!t.public().exists(), "{folder}: nothing is built");
        assert!(!t.root.join("CACHEDIR.TAG").exists() && !t.root.join("content/cache").exists());
    }
}

/// A process id no process has: the highest Linux hands out is 4,194,304.
const ENDED_PID: u32 = 4_194_303;

#[test]
fn a_build_removes_what_a_killed_build_left_beside_the_output() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    // Killed while writing: a staging folder. Killed between the swap's two renames: the
    // previous output, moved aside.
    let staging = format!(".whiteboard-new-public-{ENDED_PID}");
    let retired = format!(".whiteboard-old-public-{ENDED_PID}");
    t.write(&format!("{staging}/index.html"), "half a site");
    t.write(&format!("{retired}/index.html"), "the site before");
    t.write(
        ".whiteboard-new-other-4194303/index.html",
        "another output's",
    );
    t.build().assert_ok();
    assert!(!t.root.join(&staging).exists());
    assert!(!t.root.join(&retired).exists());
    assert!(
        t.root.join(".whiteboard-new-other-4194303").exists(),
        "not this output's"
    );
    assert!(t.public().join("index.html").is_file());
}
