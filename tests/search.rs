//! The search index built into every `whiteboard build`: the bundle, its filters, sort
//! keys and per-section anchors, read back from pagefind's own fragment files.

use crate::common;

use std::io::Read;

use common::SiteTest;
use serde_json::Value;

/// Every page record of the bundle: pagefind stores them gzipped, behind a signature.
fn fragments(t: &SiteTest) -> Vec<Value> {
    let dir = t.public().join("pagefind/fragment");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json = text.trim_start_matches("pagefind_dcd");
        out.push(serde_json::from_str(json).unwrap());
    }
    out
}

fn page<'a>(records: &'a [Value], url: &str) -> &'a Value {
    records.iter().find(|r| r["url"] == url).unwrap_or_else(|| {
        panic!(
            "{url} is not indexed: {:#?}",
            records.iter().map(|r| &r["url"]).collect::<Vec<_>>()
        )
    })
}

#[test]
fn the_build_writes_a_search_bundle() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(t.public().join(f).is_file(), "{f} missing");
    }
}

#[test]
fn problems_carry_their_filters_and_sort_key_and_sections_are_sub_results() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    let records = fragments(&t);
    let first = page(&records, "/problems/first-problem/");
    assert_eq!(first["filters"]["level"], serde_json::json!(["L6"]));
    assert_eq!(
        first["filters"]["difficulty"],
        serde_json::json!(["beginner"])
    );
    assert_eq!(first["filters"]["tag"], serde_json::json!(["caching"]));
    assert_eq!(first["meta"]["title"], "First Problem");
    let anchors: Vec<&str> = first["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(
        anchors.contains(&"problem-statement") && anchors.contains(&"requirements"),
        "{anchors:?}"
    );
    let content = first["content"].as_str().unwrap();
    assert!(content.contains("Design something small"), "{content}");
    assert!(
        !content.contains("L6") && !content.contains('#'),
        "filters and anchor marks stay out of excerpts: {content}"
    );
}

#[test]
fn the_progress_and_404_pages_are_not_searchable() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    let records = fragments(&t);
    let urls: Vec<&str> = records.iter().filter_map(|r| r["url"].as_str()).collect();
    assert!(
        urls.contains(&"/") && urls.contains(&"/guides/rubrics/"),
        "{urls:?}"
    );
    assert!(
        !urls
            .iter()
            .any(|u| u.contains("progress") || u.contains("404")),
        "{urls:?}"
    );
}

#[test]
fn search_can_be_turned_off() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write("site.yaml", "search: false\n");
    t.build().assert_ok();
    assert!(!t.public().join("pagefind").exists());
    assert!(!t.read("index.html").contains("data-search"));
}

#[test]
fn code_is_searchable_as_words_and_diagrams_stay_out() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/problems/second-problem.md",
        "---\ntitle: Second Problem\nlevel: L7\ndifficulty: advanced\ntime_limit: 90\norder: 1\n---\n\n\
         ## Requirements\n\n```python\ndef rebalance_ring(nodes):\n    return sorted(nodes)\n```\n\n\
         ```mermaid\ngraph LR\n  A[Zeppelinnode] --> B[Other]\n```\n\n\
         ## Self-Assessment Rubric\n\n- [ ] Requirements are clear (20 points)\n- [ ] The design scales (30 points)\n",
    );
    t.build().assert_ok();
    let records = fragments(&t);
    let content = page(&records, "/problems/second-problem/")["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        content.contains("def rebalance_ring(nodes):") && content.contains("return sorted(nodes)"),
        "highlighted code reaches the index as its text: {content}"
    );
    assert!(
        !content.contains("Zeppelinnode"),
        "diagram labels and sources stay out of the index: {content}"
    );
}
