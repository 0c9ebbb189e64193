//! The search index built into every `whiteboard build`, read back from its files: the
//! word list's chunks, the filters, and each page's fragment with its sections.

use crate::common;

use common::SiteTest;
use serde_json::Value;

fn json(t: &SiteTest, path: &str) -> Value {
    serde_json::from_str(&t.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every page's fragment, by its number.
fn fragments(t: &SiteTest) -> Vec<Value> {
    let pages = json(t, "search/index.json")["pages"].as_u64().unwrap();
    (0..pages)
        .map(|n| json(t, &format!("search/p/{n}.json")))
        .collect()
}

/// The page's number and fragment.
fn page<'a>(records: &'a [Value], url: &str) -> (usize, &'a Value) {
    records
        .iter()
        .enumerate()
        .find(|(_, r)| r["url"] == url)
        .unwrap_or_else(|| {
            panic!(
                "{url} is not indexed: {:#?}",
                records.iter().map(|r| &r["url"]).collect::<Vec<_>>()
            )
        })
}

/// Every word of the index with its postings (`page, weight` pairs, the page given as the
/// difference from the previous pair's).
fn words(t: &SiteTest) -> serde_json::Map<String, Value> {
    let chunks = json(t, "search/index.json")["chunks"]
        .as_array()
        .unwrap()
        .len();
    let mut all = serde_json::Map::new();
    for n in 0..chunks {
        let Value::Object(words) = json(t, &format!("search/w/{n}.json")) else {
            panic!("chunk {n} is not an object");
        };
        all.extend(words);
    }
    all
}

/// The pages a word is on, with its weight on each.
fn postings(words: &serde_json::Map<String, Value>, word: &str) -> Vec<(u64, u64)> {
    let list = words[word].as_array().unwrap();
    let mut page = 0;
    list.chunks(2)
        .map(|pair| {
            page += pair[0].as_u64().unwrap();
            (page, pair[1].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn the_build_writes_a_search_index_in_the_banks_order() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    let index = json(&t, "search/index.json");
    assert_eq!(index["pages"], 4, "{index}");
    assert!(index["build"].as_str().is_some_and(|b| b.len() == 16));
    let records = fragments(&t);
    let urls: Vec<&str> = records.iter().map(|r| r["url"].as_str().unwrap()).collect();
    // Problems in their order, then guides, then the home page.
    assert_eq!(
        urls,
        [
            "problems/first-problem/",
            "problems/second-problem/",
            "guides/rubrics/",
            ""
        ]
    );
    assert!(!t.public().join("pagefind").exists());
    // A chunk's first word is the one `index.json` lists for it.
    let first = index["chunks"][0].as_str().unwrap();
    let chunk = json(&t, "search/w/0.json");
    assert_eq!(chunk.as_object().unwrap().keys().next().unwrap(), first);
}

#[test]
fn problems_carry_their_filters_and_meta_and_sections_have_their_ids() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    let records = fragments(&t);
    let (n, first) = page(&records, "problems/first-problem/");
    let filters = &json(&t, "search/index.json")["filters"];
    let has = |key: &str, value: &str| filters[key][value].as_array().unwrap().contains(&n.into());
    assert!(has("level", "L6") && has("difficulty", "beginner") && has("tag", "caching"));
    assert!(!has("level", "L7"));
    assert_eq!(first["title"], "First Problem");
    assert_eq!(
        first["meta"],
        serde_json::json!({"level": "L6", "difficulty": "beginner", "time": "45 min"})
    );
    let sections = first["sections"].as_array().unwrap();
    let ids: Vec<&str> = sections.iter().filter_map(|s| s[1].as_str()).collect();
    assert!(
        ids.contains(&"problem-statement") && ids.contains(&"requirements"),
        "{ids:?}"
    );
    let statement = sections
        .iter()
        .find(|s| s[1] == "problem-statement")
        .unwrap();
    assert_eq!(statement[0], "Problem Statement");
    let prose = statement[2].as_str().unwrap();
    assert!(prose.starts_with("Design something small."), "{prose}");
    assert!(
        !prose.contains("L6") && !prose.contains('#'),
        "filters and anchor marks stay out of excerpts: {prose}"
    );
    let (_, guide) = page(&records, "guides/rubrics/");
    assert_eq!(guide["meta"], serde_json::json!({"kind": "guide"}));
}

#[test]
fn a_word_in_the_title_outweighs_it_in_prose() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "content/guides/rubrics.md",
        "---\ntitle: Rubrics\n---\n\n## Scoring\n\nHow rubrics are scored.\n",
    );
    t.build().assert_ok();
    let records = fragments(&t);
    let (guide, _) = page(&records, "guides/rubrics/");
    let (problem, _) = page(&records, "problems/first-problem/");
    let words = words(&t);
    let rubrics = postings(&words, "rubrics");
    let weight = |p: usize| {
        rubrics
            .iter()
            .find(|(n, _)| *n == p as u64)
            .map(|(_, w)| *w)
    };
    assert!(weight(guide) > Some(2), "{rubrics:?}");
    // "Self-Assessment Rubric" is a heading on the problem; "rubrics" is not on it.
    assert_eq!(weight(problem), None, "{rubrics:?}");
    assert!(
        postings(&words, "rubric")
            .iter()
            .any(|(n, _)| *n == problem as u64)
    );
}

#[test]
fn the_progress_and_404_pages_are_not_searchable() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    let records = fragments(&t);
    let urls: Vec<&str> = records.iter().filter_map(|r| r["url"].as_str()).collect();
    assert!(
        urls.contains(&"") && urls.contains(&"guides/rubrics/"),
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
    assert!(!t.public().join("search").exists());
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
    let (n, second) = page(&records, "problems/second-problem/");
    let words = words(&t);
    for word in ["def", "rebalance", "ring", "nodes", "sorted"] {
        assert!(
            words.contains_key(word) && postings(&words, word).iter().any(|(p, _)| *p == n as u64),
            "code reaches the index as words: {word}"
        );
    }
    assert!(
        !words.contains_key("zeppelinnode"),
        "diagram labels and sources stay out of the index"
    );
    let shown = second.to_string();
    assert!(
        !shown.contains("rebalance") && !shown.contains("Zeppelinnode"),
        "excerpts come from prose, not code or diagrams: {shown}"
    );
}
