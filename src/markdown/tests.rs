//! The dialect's manual: markdown in, HTML out, one snapshot per case, the nasty ones
//! included. `cargo insta review` after an intended change.

use std::path::Path;

use super::*;

pub(crate) fn render_md(md: &str, is_problem: bool) -> Rendered {
    let routes = Routes::default();
    let cx = LinkContext {
        routes: &routes,
        source_rel: "problems/x.md",
        root: "../../",
    };
    render(
        &Source {
            path: Path::new("content/problems/x.md"),
            text: md,
            body_offset: 0,
            page_id: "problems/x/",
            is_problem,
            indexed: true,
        },
        &cx,
        &Caches::default(),
        None,
    )
}

fn html(md: &str) -> String {
    render_md(md, true).html
}

macro_rules! cases {
    ($($name:ident: $md:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), html($md), $md);
            }
        )*
    };
}

cases! {
    plain_markdown: "## Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n```python\nx = 1\n```\n";
    admonition_with_title: "!!! success \"Complete Practice Framework\"\n    This **collection** provides problems.\n";
    admonition_default_title_and_alias: "!!! hint\n    Use a cache.\n";
    admonition_without_title: "!!! note \"\"\n    Body only.\n";
    collapsible_closed_and_open: "??? question \"Why?\"\n    Because.\n\n???+ bug\n    Open by default.\n";
    admonition_body_is_full_markdown: "!!! example \"Schema\"\n    - one\n    - two\n\n    ```sql\n    SELECT 1;\n    ```\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n";
    nested_admonitions: "!!! note \"Outer\"\n    Outer text.\n\n    !!! warning \"Inner\"\n        Inner text.\n\n    Outer again.\n";
    admonition_at_end_of_file_without_newline: "Text.\n\n!!! tip \"Last\"\n    The end";
    fence_in_admonition_containing_markers: "!!! note\n    ```text\n    !!! danger \"not a marker\"\n    ```\n";
    admonition_in_list_item: "1. First step\n\n    !!! tip \"Hint\"\n        Start small.\n\n2. Second step\n";
    crlf_line_endings: "!!! note \"CRLF\"\r\n    Line one\r\n    Line two\r\n\r\nAfter.\r\n";
    tab_indentation: "!!! note \"Tabs\"\n\tIndented with a tab.\n\n\t- item\n";
    emoji_in_title: "!!! success \"🎯 Goal reached\"\n    Done.\n";
    empty_body: "!!! note \"Nothing\"\n\nAfter.\n";
    title_with_quotes_and_html: "!!! note \"Use <b> & \\\"quotes\\\"\"\n    Body.\n";
    unknown_type_is_a_note: "!!! sucess \"Typo\"\n    Body.\n";
    unterminated_fence: "Text.\n\n```python\ndef f():\n    !!! note\n";
    github_alerts: "> [!NOTE]\n> Plain note.\n\n> [!TIP]\n> A tip.\n\n> [!IMPORTANT]\n> Key point.\n\n> [!WARNING]\n> Careful.\n\n> [!CAUTION]\n> Danger.\n";
    content_tabs: "=== \"Python\"\n    ```python\n    print(1)\n    ```\n\n=== \"Go\"\n    Go text.\n\nAfter the tabs.\n";
    tabs_selected_and_new_set: "=== \"A\"\n    a\n===+ \"B\"\n    b\n\n===! \"C\"\n    c\n";
    rubric_items: "## Self-Assessment Criteria\n- [ ] Identified requirements (5 points)\n- [ ] Designed the **architecture** (10 points)\n- [x] Considered caching (5 points)\n\n**Total Score: ___/50 points**\n";
    task_list_that_is_not_a_rubric: "- [ ] buy milk\n- [x] write tests\n";
    footnotes_and_custom_ids: "## Intro {#start}\n\nA claim.[^1]\n\n[^1]: The source.\n";
    smart_punctuation: "It's \"quoted\" -- and... done.\n";
    code_with_title_linenums_and_marked_lines: "```yaml title=\"config.yaml\" linenums=\"1\" hl_lines=\"2\"\nkey: value\nother: 2\n```\n";
    unknown_language_is_plain: "```klingon\nqapla'\n```\n";
    indented_code: "Text.\n\n    plain <code>\n";
    raw_html_passes_through: "<div class=\"note\">kept</div>\n\nText with <kbd>Ctrl</kbd>.\n";
}

#[test]
fn toc_nests_h3_under_h2() {
    let r = render_md("## A\n### B\n### B\n## C {#see}\n#### D\n", false);
    let shape: Vec<_> = r
        .toc
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.children.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(shape, [("a", vec!["b", "b-1"]), ("see", vec![])]);
}

#[test]
fn broken_links_are_placed_in_the_file() {
    let text = "---\ntitle: x\n---\n!!! note\n    See [a](missing.md).\n";
    let routes = Routes::default();
    let cx = LinkContext {
        routes: &routes,
        source_rel: "x.md",
        root: "./",
    };
    let r = render(
        &Source {
            path: Path::new("x.md"),
            text,
            body_offset: 17,
            page_id: "x/",
            is_problem: false,
            indexed: false,
        },
        &cx,
        &Caches::default(),
        None,
    );
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        (r.diagnostics[0].line, r.diagnostics[0].column),
        (Some(5), Some(9))
    );
}

#[test]
fn unknown_admonition_type_is_a_warning_at_its_line() {
    let r = render_md("Intro.\n\n!!! sucess \"x\"\n    y\n", false);
    let d = &r.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.line, d.column), (Some(3), Some(1)));
    assert_eq!(
        d.message,
        "unknown admonition type `sucess`, styled as a note"
    );
}

#[test]
fn the_rubric_is_recorded_with_stable_ids() {
    let r = render_md(
        "- [ ] Caching strategy (4 points)\n- [ ] Security (6 points)\n- [ ] Caching strategy (1 point)\n\n**Total Score: ___/11 points**\n",
        true,
    );
    let rubric = r.rubric.as_ref().unwrap();
    let ids: Vec<_> = rubric.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["caching-strategy", "security", "caching-strategy-1"]);
    assert_eq!((rubric.total, rubric.declared), (11, Some(11)));
    // The same item twice is still an error the author hears about.
    let messages: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [(Some(3), "this rubric item repeats the one on line 1")]
    );
}

#[test]
fn rubric_items_worth_nothing_and_problems_without_a_rubric_are_errors() {
    let r = render_md("- [ ] A (50 points)\n- [ ] B (0 points)\n", true);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].severity, Severity::Error);
    assert_eq!(r.diagnostics[0].line, Some(2));
    assert_eq!(
        r.diagnostics[0].message,
        "this rubric item is worth 0 points"
    );

    let r = render_md("## Problem\n\nNo rubric here.\n", true);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].message, "this problem has no rubric");
    assert!(
        render_md("No rubric in a guide.\n", false)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn unterminated_fences_and_flush_left_admonition_bodies_are_errors() {
    let r = render_md("Intro.\n\n```python\nx = 1\n", false);
    assert_eq!(r.diagnostics.len(), 1);
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.severity, d.line, d.column),
        (Severity::Error, Some(3), Some(1))
    );
    assert!(d.message.contains("never closed"), "{}", d.message);

    let r = render_md("!!! tip \"Hint\"\nThe body, not indented.\n", false);
    let d = &r.diagnostics[0];
    assert_eq!((d.severity, d.line), (Severity::Error, Some(1)));
    assert_eq!(
        d.message,
        "the line under this admonition is not indented, so it shows outside the box"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("indent the admonition's body by 4 spaces under the marker line")
    );
    // Indented bodies, also inside a list item, are fine.
    assert!(
        render_md("!!! tip\n    Body.\n", false)
            .diagnostics
            .is_empty()
    );
    assert!(
        render_md("- item\n\n    !!! note\n        Body.\n", false)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn a_rubric_that_does_not_add_up_is_an_error() {
    let r = render_md(
        "- [ ] A (5 points)\n- [ ] B (10 points)\n\n**Total Score: ___/50 points**\n",
        true,
    );
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        r.diagnostics[0].message,
        "the rubric's items add up to 15 points, but the page states 50"
    );
    assert_eq!(r.diagnostics[0].line, Some(4));
}

#[test]
fn rubrics_exist_only_in_problems() {
    assert!(render_md("- [ ] A (5 points)\n", false).rubric.is_none());
    assert!(
        !render_md("- [ ] A (5 points)\n", false)
            .html
            .contains("rubric")
    );
}

#[test]
fn script_elements_are_reported() {
    let r = render_md("Text.\n\n<script>alert(1)</script>\n", false);
    assert_eq!(r.diagnostics[0].message, "a <script> element in content");
    assert_eq!(r.diagnostics[0].line, Some(3));
}

#[test]
fn every_id_the_page_writes_is_a_link_target() {
    let r = render_md(
        "## Heading\n\nA claim.[^src]\n\n<div id=\"raw-anchor\">x</div>\n\n=== \"Go\"\n    Go.\n\n```mermaid\ngraph LR\n  A --> B\n```\n\n[^src]: The source.\n",
        false,
    );
    for id in [
        "heading",
        "raw-anchor",
        "fn-src",
        "fnref-src",
        "problems-x-tabs-0",
        "problems-x-diagram-0",
    ] {
        assert!(r.ids.contains(id), "{id} in {:?}", r.ids);
    }
}

#[test]
fn external_addresses_are_found_with_their_place() {
    let r = render_md(
        "Intro.\n\nSee [docs](https://example.com/a) and\n<a href=\"http://example.org/b\">b</a>.\n",
        false,
    );
    let found: Vec<(&str, usize, usize)> = r
        .external_links
        .iter()
        .map(|l| (l.url.as_str(), l.line, l.column))
        .collect();
    assert_eq!(
        found,
        [
            ("https://example.com/a", 3, 12),
            ("http://example.org/b", 4, 1)
        ]
    );
}

/// A framework of two criteria with the given weights; `levels` items under the second.
fn framework(first: &str, second: &str, levels: usize) -> String {
    let scale = |n: usize| -> String {
        (0..n)
            .map(|i| format!("- **{} - Level**: what it looks like.\n", 5 - i.min(4)))
            .collect()
    };
    format!(
        "## L6 Framework\n\n**Design ({first}% of total score):**\n\n{}\n**Trade-offs ({second}% of total score):**\n\n{}",
        scale(5),
        scale(levels)
    )
}

#[test]
fn scoring_frameworks_are_marked_with_their_weights_and_levels() {
    let out = render_md(&framework("60", "40", 5), false);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html.contains(
            "<ul data-scorer-framework=\"l6-framework\" data-scorer-criterion=\"Trade-offs\" data-scorer-weight=\"40\">"
        ),
        "{}",
        out.html
    );
    assert_eq!(out.html.matches("<li data-scorer-level=\"5\">").count(), 2);
    assert_eq!(out.html.matches("<li data-scorer-level=\"1\">").count(), 2);
}

#[test]
fn malformed_scoring_frameworks_are_errors_at_their_line() {
    let errors = |md: &str| -> Vec<(String, Option<u32>)> {
        render_md(md, false)
            .diagnostics
            .into_iter()
            .map(|d| (d.message, d.line))
            .collect()
    };
    assert_eq!(
        errors(&framework("60", "30", 5)),
        [(
            "this framework's weights add up to 90%, not 100% (60% + 30%)".to_string(),
            Some(3)
        )]
    );
    assert_eq!(
        errors(&framework("60", "40", 4)),
        [(
            "the scale of `Trade-offs` has 4 levels; a scale has 5".to_string(),
            Some(13)
        )]
    );
    assert_eq!(
        errors(&framework("sixty", "30", 5)),
        [(
            "the weight of `Design` is `sixty%`, not a number".to_string(),
            Some(3)
        )]
    );
}

#[test]
fn unknown_code_language_is_a_warning() {
    let r = render_md("Text.\n\n```klingon\nx\n```\n", false);
    assert_eq!(
        r.diagnostics[0].message,
        "unknown code language `klingon`, shown as plain text"
    );
    assert_eq!(r.diagnostics[0].line, Some(3));
}

/// Random and mutated markdown through the whole pipeline: it must never panic, and every
/// diagnostic it reports must point inside the file.
mod robustness {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "!!! note \"T\"\n",
        "??? tip\n",
        "???+ bug \"x\"\n",
        "!!! \"\"\n",
        "=== \"Go\"\n",
        "===+ \"A\"\n",
        "===! \"B\"\n",
        "    ",
        "\t",
        "\n",
        "\r\n",
        "```",
        "```mermaid\n",
        "```python linenums=\"1\" hl_lines=\"1-3\"\n",
        "~~~\n",
        "graph TB\n A-->B\n",
        "- [ ] item (5 points)\n",
        "- [x] done (10 points)\n",
        "**Total Score: ___/50 points**\n",
        "> [!NOTE]\n",
        "> ",
        "## Heading {#id}\n",
        "# ",
        "[link](x.md#frag)",
        "[^1]",
        "[^1]: note\n",
        "| a | b |\n|---|---|\n",
        "<div>",
        "</div>",
        "<script>",
        "🎯",
        "é",
        "\u{feff}",
        "text ",
        "*em*",
        "`code`",
        "1. ",
        "\\",
        "\"",
        "(",
        ")",
    ];

    fn markdown() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
    }

    fn check(md: &str) {
        let r = render_md(md, true);
        let lines = md.split('\n').count();
        for d in &r.diagnostics {
            let line = d.line.unwrap_or(1) as usize;
            assert!(
                line >= 1 && line <= lines,
                "{d} outside a {lines}-line file"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn random_dialect_never_panics(md in markdown()) {
            check(&md);
        }

        #[test]
        fn arbitrary_text_never_panics(md in "\\PC{0,400}") {
            check(&md);
        }

        #[test]
        fn mutated_seed_problems_never_panic(which in 0usize..5, cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..3), 1..6)) {
            let seeds = [
                include_str!("../../content/problems/url-shortener.md"),
                include_str!("../../content/problems/real-time-chat.md"),
                include_str!("../../content/problems/distributed-cache.md"),
                include_str!("../../content/problems/aws-lambda.md"),
                include_str!("../../content/problems/ml-platform.md"),
            ];
            let mut text: Vec<char> = seeds[which].chars().collect();
            for (a, b, op) in cuts {
                if text.is_empty() { break; }
                let (i, j) = (a.index(text.len()), b.index(text.len()));
                let (lo, hi) = (i.min(j), i.max(j));
                match op {
                    0 => { text.drain(lo..hi); }
                    1 => { let piece: Vec<char> = text[lo..hi].to_vec(); text.splice(hi..hi, piece); }
                    _ => { text.insert(lo, '\t'); text.insert(lo, '\n'); }
                }
            }
            check(&text.into_iter().collect::<String>());
        }
    }
}
