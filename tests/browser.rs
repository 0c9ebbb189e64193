//! What a reader sees and keeps, in a real Chromium: ticks that survive reloads and
//! reordering, separate banks on one host, the timer, export and import, broken storage,
//! small screens, the theme toggle, the Content-Security-Policy and accessibility.
//!
//! They need Debian's `chromium` and `chromium-driver`: `cargo test -- --include-ignored`.

mod common;

use common::SiteTest;
use common::browser::Browser;
use common::http::StaticServer;

struct Bank {
    site: SiteTest,
    server: StaticServer,
}

/// The repository's bank plus a page with content tabs, built and served at `/bank1/` and
/// `/bank2/` (the same build at two paths of one origin).
fn bank() -> Bank {
    let mut site = SiteTest::real_bank();
    site.write(
        "content/guides/tabs-demo.md",
        "---\ntitle: Tabs demo\norder: 99\n---\n\n## Languages\n\n=== \"Python\"\n    Python text.\n\n=== \"Go\"\n    Go text.\n\n=== \"Rust\"\n    Rust text.\n",
    );
    site.build().assert_ok();
    let public = site.public();
    let server = StaticServer::start(vec![
        ("/bank1/".into(), public.clone()),
        ("/bank2/".into(), public),
    ]);
    Bank { site, server }
}

const PROBLEM: &str = "/bank1/problems/url-shortener/";

async fn checked_ids(b: &Browser) -> Vec<String> {
    serde_json::from_value(b.js("return [...document.querySelectorAll('.rubric-check:checked')].map(c => c.dataset.rubricId).sort()").await).unwrap()
}

async fn tick(b: &Browser, id: &str) {
    b.click(&format!(".rubric-check[data-rubric-id='{id}']"))
        .await;
}

async fn score(b: &Browser) -> String {
    b.js("return document.querySelector('.rubric-score').textContent")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

async fn ready(b: &Browser) {
    b.wait_js("return !!document.querySelector('.rubric-bar') && !document.querySelector('.practice').hidden").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn rubric_ticks_add_up_survive_a_reload_and_a_reordered_rubric() {
    let mut bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    assert_eq!(score(&b).await, "0");
    for id in [
        "identified-functional-and-non-functional-requirements",
        "designed-appropriate-high-level-architecture",
        "discussed-caching-strategy",
    ] {
        tick(&b, id).await;
    }
    assert_eq!(score(&b).await, "20", "5 + 10 + 5 points");
    b.client.refresh().await.unwrap();
    ready(&b).await;
    let expected = [
        "designed-appropriate-high-level-architecture",
        "discussed-caching-strategy",
        "identified-functional-and-non-functional-requirements",
    ];
    assert_eq!(checked_ids(&b).await, expected);
    assert_eq!(score(&b).await, "20");

    // The author reverses the rubric's order: the reader's ticks follow the items.
    let path = bank.site.root.join("content/problems/url-shortener.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (items, rest): (Vec<&str>, Vec<&str>) = text
        .lines()
        .partition(|l| l.starts_with("- [ ]") && l.ends_with("points)"));
    let at = text
        .lines()
        .position(|l| l.starts_with("- [ ]") && l.ends_with("points)"))
        .unwrap();
    let mut lines: Vec<&str> = rest.clone();
    for (i, item) in items.iter().rev().enumerate() {
        lines.insert(at + i, item);
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    bank.site.build().assert_ok();
    b.client.refresh().await.unwrap();
    ready(&b).await;
    let first = b
        .js("return document.querySelector('.rubric-check').dataset.rubricId")
        .await;
    assert_eq!(
        first, "included-monitoring-and-operations",
        "the rubric was reordered"
    );
    assert_eq!(checked_ids(&b).await, expected);
    assert_eq!(score(&b).await, "20");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_same_build_at_two_paths_keeps_separate_state() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    tick(&b, "discussed-caching-strategy").await;
    b.goto(&bank.server.url("/bank2/problems/url-shortener/"))
        .await;
    ready(&b).await;
    assert!(
        checked_ids(&b).await.is_empty(),
        "bank2 does not see bank1's ticks"
    );
    assert_eq!(score(&b).await, "0");
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    assert_eq!(checked_ids(&b).await, ["discussed-caching-strategy"]);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_timer_survives_a_reload_folds_the_solution_and_shows_the_overtime_penalty() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    // 45 minutes at 600× pass in 4.5 s.
    let url = bank.server.url(&format!("{PROBLEM}?timescale=600"));
    b.goto(&url).await;
    ready(&b).await;
    assert_eq!(
        b.js("return document.querySelector('.timer-display').textContent")
            .await,
        "45:00"
    );
    b.click(".timer-start").await;
    b.wait_js("return document.querySelector('.timer-display').textContent < '44:00'")
        .await;
    assert_eq!(
        b.js("return document.querySelector('.reveal-solution').hidden")
            .await,
        false,
        "the solution is folded"
    );
    b.client.refresh().await.unwrap();
    ready(&b).await;
    assert_eq!(
        b.js("return document.querySelector('.timer-start').textContent")
            .await,
        "Pause",
        "still running after a reload"
    );
    assert_eq!(
        b.js("return document.querySelector('h2[id^=step-by-step-solution]').hidden")
            .await,
        true
    );
    // Over the limit the penalty steps at 10% and 20% over (L6: −5, −10). The clock is
    // set, paused, to each stage, so no stage can pass between two looks.
    for (minutes, shown, penalty) in [
        (47, "+02:00", "Over time: points are lost from +04:30"),
        (50, "+05:00", "Over time: −5 points"),
        (55, "+10:00", "Over time: −10 points"),
    ] {
        b.js(&format!(
            "const k = Object.keys(localStorage).find(k => k.endsWith(':timer:url-shortener')); \
             const s = JSON.parse(localStorage.getItem(k)); \
             s.value = {{...s.value, elapsed: {minutes} * 60000, startedAt: null}}; \
             localStorage.setItem(k, JSON.stringify(s))"
        ))
        .await;
        b.client.refresh().await.unwrap();
        ready(&b).await;
        assert_eq!(
            b.js("return [document.querySelector('.timer-display').textContent, document.querySelector('.timer-penalty').textContent, document.querySelector('.timer-display').classList.contains('overtime')]").await,
            serde_json::json!([shown, penalty, true]),
            "{minutes} minutes into a 45-minute problem"
        );
    }
    tick(&b, "addressed-url-encoding-algorithm").await;
    b.click(".timer-finish").await;
    b.wait_js("return !document.querySelector('.attempts').hidden")
        .await;
    let row = b
        .js("return [...document.querySelectorAll('.attempts tbody td')].map(td => td.textContent)")
        .await;
    assert_eq!(
        row[1], "0/50",
        "10 points ticked, 10 lost to overtime: {row}"
    );
    assert_eq!(row[3], "−10");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn export_then_import_into_a_fresh_profile_restores_progress() {
    let bank = bank();
    let a = Browser::start(1280, 900).await;
    a.goto(&bank.server.url(&format!("{PROBLEM}?timescale=60")))
        .await;
    ready(&a).await;
    a.click(".timer-start").await;
    tick(&a, "discussed-caching-strategy").await;
    a.click(".timer-finish").await;
    a.wait_js("return !document.querySelector('.attempts').hidden")
        .await;
    a.goto(&bank.server.url("/bank1/progress/")).await;
    a.wait_js("return !document.querySelector('.progress-tools').hidden")
        .await;
    assert_eq!(
        a.js("return document.querySelector('tr[data-problem=url-shortener]').hidden")
            .await,
        false
    );
    a.click(".export").await;
    let download = wait_for_download(a.downloads.path()).await;
    let b = Browser::start(1280, 900).await;
    let exported = b.downloads.path().join("progress.json");
    std::fs::copy(&download, &exported).unwrap();
    a.close().await;

    b.goto(&bank.server.url("/bank1/progress/")).await;
    b.wait_js("return !document.querySelector('.progress-tools').hidden")
        .await;
    assert_eq!(
        b.js("return document.querySelector('tr[data-problem=url-shortener]').hidden")
            .await,
        true,
        "a fresh profile has nothing"
    );
    let shown =
        "return ['.progress-empty', '.progress-table'].map(s => !document.querySelector(s).hidden)";
    assert_eq!(
        b.js(shown).await,
        serde_json::json!([true, false]),
        "with no attempts the page says so instead of showing an empty table"
    );
    import(&b, &exported).await;
    b.wait_js("return (document.querySelector('.wb-notice')?.textContent ?? '').startsWith('Imported 1 new attempt')").await;
    assert_eq!(b.js(shown).await, serde_json::json!([false, true]));
    assert_eq!(
        b.js("return document.querySelector('tr[data-problem=url-shortener] .best').textContent")
            .await,
        "5/50"
    );

    // A malformed file changes nothing and says why.
    let bad = b.downloads.path().join("bad.json");
    std::fs::write(&bad, r#"{"format":"whiteboard-progress","version":1,"data":{"attempts:url-shortener":[{"date":3}]}}"#).unwrap();
    import(&b, &bad).await;
    b.wait_js("return (document.querySelector('.wb-notice')?.textContent ?? '').startsWith('Nothing was imported')").await;
    assert_eq!(
        b.js("return document.querySelector('tr[data-problem=url-shortener] .count').textContent")
            .await,
        "1"
    );
    b.close().await;
}

async fn wait_for_download(dir: &std::path::Path) -> std::path::PathBuf {
    for _ in 0..100 {
        if let Some(f) = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "json"))
        {
            return f;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no export was downloaded");
}

async fn import(b: &Browser, file: &std::path::Path) {
    b.js("document.querySelector('.import-file').hidden = false")
        .await;
    let input = b
        .client
        .find(fantoccini::Locator::Css(".import-file"))
        .await
        .unwrap();
    input.send_keys(&file.to_string_lossy()).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn corrupt_stored_progress_leaves_the_page_working_with_a_notice() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    b.js("localStorage.setItem('whiteboard:v1:/bank1/:rubric:url-shortener', '{not json'); localStorage.setItem('whiteboard:v1:/bank1/:timer:url-shortener', JSON.stringify({v: 99}))").await;
    b.console_errors().await;
    b.client.refresh().await.unwrap();
    ready(&b).await;
    b.wait_js("return !!document.querySelector('.wb-notice')")
        .await;
    tick(&b, "discussed-caching-strategy").await;
    assert_eq!(score(&b).await, "5", "the rubric still works");
    assert_eq!(b.console_errors().await, Vec::<String>::new());
    b.close().await;
}

/// Every kind of page the build writes.
const PAGES: &[&str] = &[
    "/bank1/",
    "/bank1/problems/url-shortener/",
    "/bank1/problems/aws-lambda/",
    "/bank1/problems/real-time-chat/",
    "/bank1/guides/evaluation-rubrics/",
    "/bank1/guides/tabs-demo/",
    "/bank1/progress/",
    "/bank1/no-such-page/",
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn nothing_overflows_a_360_px_screen() {
    let bank = bank();
    let b = Browser::start(360, 740).await;
    for page in PAGES {
        b.goto(&bank.server.url(page)).await;
        let widths = b
            .js("return [document.documentElement.scrollWidth, innerWidth]")
            .await;
        assert!(
            widths[0].as_u64() <= widths[1].as_u64(),
            "{page} scrolls sideways: {widths}"
        );
    }
    // The menu button opens the navigation.
    b.goto(&bank.server.url(PROBLEM)).await;
    b.wait_js("return !document.querySelector('.menu-button').hidden")
        .await;
    assert_eq!(
        b.js("return getComputedStyle(document.querySelector('#site-nav')).display")
            .await,
        "none"
    );
    b.click(".menu-button").await;
    assert_ne!(
        b.js("return getComputedStyle(document.querySelector('#site-nav')).display")
            .await,
        "none"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_theme_toggle_persists() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    b.wait_js("return !document.querySelector('.theme-toggle').hidden")
        .await;
    let before = b
        .js("return getComputedStyle(document.body).backgroundColor")
        .await;
    b.click(".theme-toggle").await;
    let theme = b.js("return document.documentElement.dataset.theme").await;
    b.goto(&bank.server.url("/bank1/guides/evaluation-rubrics/"))
        .await;
    assert_eq!(
        b.js("return document.documentElement.dataset.theme").await,
        theme,
        "the choice follows to other pages"
    );
    let after = b
        .js("return getComputedStyle(document.body).backgroundColor")
        .await;
    assert_ne!(before, after, "the page changed colour");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn every_page_type_runs_under_the_csp_without_console_errors() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    for page in PAGES {
        b.goto(&bank.server.url(page)).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let errors: Vec<String> = b
            .console_errors()
            .await
            .into_iter()
            .filter(|e| !(page.contains("no-such-page") && e.contains("404")))
            .collect();
        assert!(errors.is_empty(), "{page}: {errors:#?}");
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn tabs_work_with_the_keyboard() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url("/bank1/guides/tabs-demo/")).await;
    b.wait_js("return !!document.querySelector('[role=tablist]')")
        .await;
    let visible = "return [...document.querySelectorAll('.tabbed-block')].filter(p => !p.hidden).map(p => p.querySelector('p:not(.tabbed-label)').textContent)";
    assert_eq!(b.js(visible).await, serde_json::json!(["Python text."]));
    b.click("[role=tab]").await;
    b.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}))").await;
    assert_eq!(
        b.js("return document.activeElement.textContent").await,
        "Go"
    );
    assert_eq!(
        b.js("return document.querySelector('[role=tab][aria-selected=true]').textContent")
            .await,
        "Go"
    );
    b.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true}))").await;
    b.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true}))").await;
    assert_eq!(
        b.js("return document.activeElement.textContent").await,
        "Rust",
        "arrows wrap around"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_evaluation_scorer_weighs_the_levels_picked_and_keeps_them() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    let page = bank.server.url("/bank1/guides/evaluation-rubrics/");
    b.goto(&page).await;
    b.wait_js("return !!document.querySelector('.scorer-result')")
        .await;
    let first_result = "return document.querySelector('.scorer-result').textContent";
    assert_eq!(
        b.js(first_result).await,
        "Weighted result: pick a level for each criterion (0 of 5 done)"
    );
    // The L6 framework: weights 25, 25, 20, 15, 15; pick levels 5, 4, 3, 2, 1.
    for (criterion, level) in [(0, 5), (1, 4), (2, 3), (3, 2), (4, 1)] {
        b.click(&format!(
            "input[type=radio][name$='-{criterion}'][value='{level}']"
        ))
        .await;
    }
    // (25·5 + 25·4 + 20·3 + 15·2 + 15·1) / 100 = 3.30
    assert_eq!(b.js(first_result).await, "Weighted result: 3.30 / 5");
    b.goto(&page).await;
    b.wait_js("return !!document.querySelector('.scorer-result')")
        .await;
    assert_eq!(
        b.js(first_result).await,
        "Weighted result: 3.30 / 5",
        "the choices survive a reload"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn no_serious_accessibility_violations_in_either_theme() {
    let bank = bank();
    let axe = include_str!("vendor/axe.min.js");
    let b = Browser::start(1280, 900).await;
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        for page in [
            "/bank1/",
            PROBLEM,
            "/bank1/guides/evaluation-rubrics/",
            "/bank1/progress/",
        ] {
            b.goto(&bank.server.url(page)).await;
            b.js(&format!(
                "document.documentElement.dataset.theme = '{theme}'"
            ))
            .await;
            b.js(&format!("{axe}; return true")).await;
            let result = b
                .client
                .execute_async(
                    "const done = arguments[arguments.length - 1]; axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))",
                    vec![],
                )
                .await
                .unwrap();
            for v in result.as_array().unwrap() {
                found.push(format!("{theme} {page}: {}", v.as_str().unwrap()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    b.close().await;
}

async fn search(b: &Browser, term: &str) -> Vec<String> {
    // Forget the previous query's results, so the wait below sees this one's, and enter
    // the whole term as one input event: typed key by key on a busy machine, a pause
    // longer than the debounce would show a prefix's results first.
    b.js(&format!(
        "const i = document.querySelector('.search-input'); i.focus(); \
         document.querySelector('.search-results').replaceChildren(); \
         document.querySelector('.search-status').textContent = ''; \
         i.value = {}; i.dispatchEvent(new Event('input', {{bubbles: true}}))",
        serde_json::to_string(term).unwrap()
    ))
    .await;
    b.wait_js("return document.querySelector('.search-status').textContent !== ''")
        .await;
    serde_json::from_value(b.js("return [...document.querySelectorAll('.search-results .result .result-title')].map(e => e.textContent)").await).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn search_finds_each_problem_by_what_readers_type() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url("/bank1/")).await;
    b.wait_js("return !!document.querySelector('.search-input')")
        .await;
    for (term, expected) in [
        ("consistent hashing", "Distributed Cache System"),
        ("cold start", "Design AWS Lambda from Scratch"),
        ("feature store", "Machine Learning Platform"),
        ("websocket", "Real-Time Chat System"),
        ("base62", "URL Shortening Service"),
    ] {
        let titles = search(&b, term).await;
        assert_eq!(
            titles.first().map(String::as_str),
            Some(expected),
            "{term}: {titles:?}"
        );
    }
    assert_eq!(b.console_errors().await, Vec::<String>::new());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn search_filters_keyboard_and_section_results() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url("/bank1/problems/url-shortener/"))
        .await;
    b.wait_js("return !!document.querySelector('.search-input')")
        .await;
    // `/` focuses the box.
    b.js("document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '/', bubbles: true}))")
        .await;
    assert_eq!(
        b.js("return document.activeElement.classList.contains('search-input')")
            .await,
        true
    );
    // Typed key by key, results follow as you type.
    b.client
        .find(fantoccini::Locator::Css(".search-input"))
        .await
        .unwrap()
        .send_keys("websocket")
        .await
        .unwrap();
    b.wait_js("return document.querySelector('.search-results .result-title')?.textContent === 'Real-Time Chat System'").await;
    let all = search(&b, "platform").await;
    // The status line is rewritten when the filtered results arrive; clear it so
    // the wait below sees the filtered round, not the one before it.
    b.js("document.querySelector('.search-status').textContent = ''")
        .await;
    b.click(".chip[data-value=L7]").await;
    b.wait_js("return document.querySelector('.search-status').textContent !== ''")
        .await;
    assert_eq!(
        b.js("return [...document.querySelectorAll('.search-results .result')].every(r => r.querySelector('.result-meta')?.textContent.startsWith('L7'))").await,
        true,
        "every result left after the L7 chip is an L7 problem"
    );
    let l7: Vec<String> = serde_json::from_value(b.js("return [...document.querySelectorAll('.search-results .result .result-title')].map(e => e.textContent)").await).unwrap();
    assert!(
        !l7.is_empty() && l7.len() < all.len(),
        "L7 narrows {all:?} to {l7:?}"
    );
    b.js("document.querySelector('.search-status').textContent = ''")
        .await;
    b.click(".chip[data-value=L7]").await;
    b.wait_js("return document.querySelector('.search-status').textContent !== ''")
        .await;

    // A section result links straight to its heading.
    search(&b, "presence service").await;
    let sub = b
        .js("return document.querySelector('.search-results .sub-result a')?.href ?? ''")
        .await;
    let sub = sub.as_str().unwrap().to_string();
    assert!(sub.contains('#'), "a sub-result links to a section: {sub}");
    b.goto(&sub).await;
    let id = sub.rsplit('#').next().unwrap().to_string();
    assert_eq!(
        b.js(&format!("return !!document.getElementById('{id}')"))
            .await,
        true
    );

    // Enter opens the highlighted result.
    b.wait_js("return !!document.querySelector('.search-input')")
        .await;
    search(&b, "cold start").await;
    b.js("document.querySelector('.search-input').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))").await;
    b.wait_js("return location.pathname.endsWith('/problems/aws-lambda/')")
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn search_opens_full_screen_on_a_phone() {
    let bank = bank();
    let b = Browser::start(360, 740).await;
    b.goto(&bank.server.url("/bank1/guides/getting-started/"))
        .await;
    b.wait_js("return !!document.querySelector('.search-input')")
        .await;
    let titles = search(&b, "kafka").await;
    assert!(!titles.is_empty());
    let rect = b.js("const r = document.querySelector('.search.open').getBoundingClientRect(); return [r.left, r.top, r.width, r.height, document.documentElement.clientWidth, document.documentElement.clientHeight]").await;
    assert_eq!(
        (rect[0].as_f64(), rect[1].as_f64()),
        (Some(0.0), Some(0.0)),
        "{rect}"
    );
    assert_eq!(rect[2], rect[4], "full width: {rect}");
    assert_eq!(rect[3], rect[5], "full height: {rect}");
    let widths = b
        .js("return [document.documentElement.scrollWidth, innerWidth]")
        .await;
    assert!(widths[0].as_u64() <= widths[1].as_u64(), "{widths}");
    b.click(".search-close").await;
    assert_eq!(
        b.js("return document.querySelector('.search-panel').hidden")
            .await,
        true
    );
    b.close().await;
}
