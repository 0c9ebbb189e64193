//! What a reader sees and keeps, in a real Chromium: ticks that survive reloads and
//! reordering, separate banks on one host, the timer, export and import, broken storage,
//! small screens, the theme toggle, the Content-Security-Policy and accessibility.
//!
//! They need Debian's `chromium` and `chromium-driver`: `cargo test -- --include-ignored`.

use crate::common;

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
    // The 404 page's links start from base_url: this build is published at /bank1/.
    site.run(&["build", "--base-url", "/bank1/"]).assert_ok();
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
    let css = format!(".rubric-check[data-rubric-id='{id}']");
    // Mid-screen, as a reader would have it: not under the practice bar at the bottom.
    b.js(&format!(
        "document.querySelector(\"{css}\").scrollIntoView({{block: 'center'}})"
    ))
    .await;
    b.click(&css).await;
}

async fn score(b: &Browser) -> String {
    b.js("return document.querySelector('.rubric-score').textContent")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// The rubric's items on the page, in order: (id, points).
async fn rubric_items(b: &Browser) -> Vec<(String, u64)> {
    serde_json::from_value(
        b.js("return [...document.querySelectorAll('.rubric-check')].map(c => [c.dataset.rubricId, Number(c.dataset.points)])")
            .await,
    )
    .unwrap()
}

/// Runs this tab's practice clock `n` times faster (a test's switch: no link can set it).
async fn use_timescale(b: &Browser, n: u32) {
    b.js(&format!(
        "sessionStorage.setItem('whiteboard:timescale', '{n}')"
    ))
    .await;
    b.client.refresh().await.unwrap();
    ready(b).await;
}

/// Finishes the attempt: "Finish attempt", then "Record attempt" in the confirmation.
async fn finish(b: &Browser) {
    b.click(".timer-finish").await;
    b.wait_js("return !document.querySelector('.finish-confirm').hidden")
        .await;
    b.click(".finish-record").await;
    b.wait_js("return !document.querySelector('.practice-result').hidden")
        .await;
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
    let items = rubric_items(&b).await;
    assert!(items.len() >= 3, "{items:?}");
    for (id, _) in &items[..3] {
        tick(&b, id).await;
    }
    let points: u64 = items[..3].iter().map(|(_, p)| p).sum();
    assert_eq!(score(&b).await, points.to_string());
    b.client.refresh().await.unwrap();
    ready(&b).await;
    let mut expected: Vec<String> = items[..3].iter().map(|(id, _)| id.clone()).collect();
    expected.sort();
    assert_eq!(checked_ids(&b).await, expected);
    assert_eq!(score(&b).await, points.to_string());

    // The author reverses the rubric's order: the reader's ticks follow the items.
    let path = bank.site.root.join("content/problems/url-shortener.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let last_id = items.last().unwrap().0.clone();
    let (lines_of_items, rest): (Vec<&str>, Vec<&str>) = text
        .lines()
        .partition(|l| l.starts_with("- [ ]") && l.ends_with("points)"));
    let at = text
        .lines()
        .position(|l| l.starts_with("- [ ]") && l.ends_with("points)"))
        .unwrap();
    let mut lines: Vec<&str> = rest.clone();
    for (i, item) in lines_of_items.iter().rev().enumerate() {
        lines.insert(at + i, item);
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    bank.site.build().assert_ok();
    b.client.refresh().await.unwrap();
    ready(&b).await;
    let first = b
        .js("return document.querySelector('.rubric-check').dataset.rubricId")
        .await;
    assert_eq!(first, last_id.as_str(), "the rubric was reordered");
    assert_eq!(checked_ids(&b).await, expected);
    assert_eq!(score(&b).await, points.to_string());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_same_build_at_two_paths_keeps_separate_state() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    let first = rubric_items(&b).await[0].0.clone();
    tick(&b, &first).await;
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
    assert_eq!(checked_ids(&b).await, [first]);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_timer_survives_a_reload_folds_the_solution_and_shows_the_overtime_penalty() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    // 45 minutes at 600× pass in 4.5 s.
    b.goto(&bank.server.url(PROBLEM)).await;
    use_timescale(&b, 600).await;
    assert_eq!(
        b.js("return document.querySelector('.timer-display').textContent")
            .await,
        "45:00"
    );
    b.click(".timer-start").await;
    b.wait_js("return document.querySelector('.timer-display').textContent < '44:00'")
        .await;
    assert_eq!(
        b.js("return document.querySelector('.fold-toggle').textContent")
            .await,
        "Reveal solution",
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
        b.js("return getComputedStyle(document.querySelector('h2[id^=step-by-step-solution]')).display")
            .await,
        "none"
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
    let (id, points) = rubric_items(&b)
        .await
        .into_iter()
        .max_by_key(|(_, p)| *p)
        .unwrap();
    tick(&b, &id).await;
    finish(&b).await;
    b.wait_js("return !document.querySelector('.attempts').hidden")
        .await;
    let row = b
        .js("return [...document.querySelectorAll('.attempts tbody td')].map(td => td.textContent)")
        .await;
    assert_eq!(
        row[1],
        format!("{}/50", points.saturating_sub(10)),
        "{points} points ticked, 10 lost to overtime: {row}"
    );
    assert_eq!(row[3], "−10");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn export_then_import_into_a_fresh_profile_restores_progress() {
    let bank = bank();
    let a = Browser::start(1280, 900).await;
    a.goto(&bank.server.url(PROBLEM)).await;
    use_timescale(&a, 60).await;
    a.click(".timer-start").await;
    let (id, points) = rubric_items(&a).await[0].clone();
    tick(&a, &id).await;
    finish(&a).await;
    a.wait_js("return !document.querySelector('.attempts').hidden")
        .await;
    a.goto(&bank.server.url("/bank1/progress/")).await;
    wait_for_progress(&a).await;
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
    wait_for_progress(&b).await;
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
        format!("{points}/50")
    );

    // A malformed file changes nothing and says why.
    let bad = b.downloads.path().join("bad.json");
    std::fs::write(&bad, r#"{"format":"whiteboard-progress","version":1,"data":{"attempts:url-shortener":[{"date":3}]}}"#).unwrap();
    import(&b, &bad).await;
    b.wait_js("return (document.querySelector('.wb-notice')?.textContent ?? '').startsWith('Nothing was imported')").await;
    assert_eq!(
        b.js("return document.querySelector('tr[data-problem=url-shortener] .count summary').textContent")
            .await,
        "1"
    );
    b.close().await;
}

/// Waits until progress.js has drawn the page: it shows either the sentence for no
/// attempts or the table, where the HTML shows both.
async fn wait_for_progress(b: &Browser) {
    b.wait_js("return document.querySelector('.progress-empty').hidden !== document.querySelector('.progress-table').hidden")
        .await;
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
    let (id, points) = rubric_items(&b).await[0].clone();
    tick(&b, &id).await;
    assert_eq!(
        score(&b).await,
        points.to_string(),
        "the rubric still works"
    );
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
    // nav.js has started once it has filled the navigation in and marked this page.
    b.wait_js("return !!document.querySelector('#site-nav a[aria-current=page]')")
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
async fn the_theme_button_cycles_system_light_dark_and_persists() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    b.wait_js("return document.querySelector('.theme-toggle').dataset.theme === 'system'")
        .await;
    let colour = "return getComputedStyle(document.body).backgroundColor";
    let light = b.js(colour).await;
    b.click(".theme-toggle").await;
    assert_eq!(
        b.js("return document.documentElement.dataset.theme").await,
        "light"
    );
    b.click(".theme-toggle").await;
    assert_eq!(
        b.js("return document.documentElement.dataset.theme").await,
        "dark"
    );
    b.goto(&bank.server.url("/bank1/guides/evaluation-rubrics/"))
        .await;
    assert_eq!(
        b.js("return document.documentElement.dataset.theme").await,
        "dark",
        "the choice follows to other pages"
    );
    assert_ne!(b.js(colour).await, light, "the page changed colour");
    b.wait_js("return document.querySelector('.theme-toggle').dataset.theme === 'dark'")
        .await;
    b.click(".theme-toggle").await;
    assert_eq!(
        b.js("return [document.documentElement.dataset.theme ?? null, Object.keys(localStorage).some(k => k.endsWith(':theme'))]").await,
        serde_json::json!([null, false]),
        "back to following the system, with nothing stored"
    );
    b.client.refresh().await.unwrap();
    assert_eq!(b.js(colour).await, light);
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
    // The L6 framework's weights, as the page states them: "(N% of total score)".
    let weights: Vec<u64> = serde_json::from_value(b.js("const h = document.querySelector('h2[id^=l6]'); const out = []; for (let e = h.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) { const m = e.textContent.match(/\\((\\d+)% of total score\\)/); if (e.tagName === 'P' && m) out.push(Number(m[1])); } return out").await).unwrap();
    assert!(weights.len() >= 5, "{weights:?}");
    assert_eq!(weights.iter().sum::<u64>(), 100, "{weights:?}");
    // The build read the same weights into the scales' data.
    let marked: Vec<u64> = serde_json::from_value(b.js("return [...document.querySelectorAll('ul[data-scorer-framework^=l6]')].map((u) => Number(u.dataset.scorerWeight))").await).unwrap();
    assert_eq!(marked, weights);
    assert_eq!(
        b.js(first_result).await,
        format!(
            "Weighted result: pick a level for each criterion (0 of {} done)",
            weights.len()
        )
    );
    // Pick levels 5, 4, 3, 2, 1, 5, 4… and compare with the weighted mean.
    let levels: Vec<u64> = (0..weights.len()).map(|i| 5 - (i as u64 % 5)).collect();
    for (criterion, level) in levels.iter().enumerate() {
        b.click(&format!(
            "input[type=radio][name$='-{criterion}'][value='{level}']"
        ))
        .await;
    }
    let mean = weights.iter().zip(&levels).map(|(w, l)| w * l).sum::<u64>() as f64 / 100.0;
    let expected = format!("Weighted result: {mean:.2} / 5");
    assert_eq!(b.js(first_result).await, expected);
    b.goto(&page).await;
    b.wait_js("return !!document.querySelector('.scorer-result')")
        .await;
    assert_eq!(
        b.js(first_result).await,
        expected,
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
            for v in serious_violations(&b, "document").await {
                found.push(format!("{theme} {page}: {v}"));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    b.close().await;
}

/// axe-core's serious and critical violations in `context` (a JS expression: `document`,
/// or `{include: [...]}`), as `rule (nodes): first targets`. axe must be loaded.
async fn serious_violations(b: &Browser, context: &str) -> Vec<String> {
    let script = format!(
        "const done = arguments[arguments.length - 1]; axe.run({context}, {{resultTypes: ['violations']}}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))"
    );
    let result = b.client.execute_async(&script, vec![]).await.unwrap();
    serde_json::from_value(result).unwrap()
}

/// Waits until search.js has set the search box up (it adds the filter chips): the box is
/// in the page's HTML from the start, and an input event sent before the script listens
/// would be lost.
async fn wait_for_search(b: &Browser) {
    b.wait_js("return document.querySelectorAll('.search-chips .chip').length > 0")
        .await;
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

/// What a candidate would type for each problem's core idea, and the problem it must find
/// first.
const SEARCHES: &[(&str, &str)] = &[
    ("base62", "url-shortener"),
    ("paste expiry", "pastebin"),
    ("news feed", "news-feed"),
    ("file sync", "file-storage-sync"),
    ("rate limiting", "rate-limiter"),
    ("autocomplete", "search-autocomplete"),
    ("websocket", "real-time-chat"),
    ("push notifications", "notification-service"),
    ("consistent hashing", "distributed-cache"),
    ("bloom filter", "web-crawler"),
    ("hybrid fan-out", "twitter-social-network"),
    ("geospatial index", "ride-sharing"),
    ("adaptive bitrate", "video-streaming"),
    ("flash sale", "e-commerce-platform"),
    ("idempotency key", "payment-system"),
    ("cold start", "aws-lambda"),
    ("container orchestration", "container-orchestration"),
    ("lakehouse", "data-processing-platform"),
    ("build cache", "developer-platform"),
    ("feature store", "ml-platform"),
    ("tail sampling", "observability-platform"),
    ("feature flags", "experimentation-platform"),
    ("kafka", "event-streaming-platform"),
    ("anycast", "global-cdn"),
    ("oauth", "identity-access-management"),
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn search_finds_each_problem_by_what_readers_type() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url("/bank1/")).await;
    wait_for_search(&b).await;
    // The title of each problem, by its file's name.
    let titles: std::collections::HashMap<String, String> =
        std::fs::read_dir(bank.site.root.join("content/problems"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                let title = text
                    .lines()
                    .find_map(|l| l.strip_prefix("title: "))
                    .unwrap()
                    .trim_matches('"')
                    .to_string();
                (p.file_stem().unwrap().to_string_lossy().into_owned(), title)
            })
            .collect();
    let mut wrong = Vec::new();
    for (term, slug) in SEARCHES {
        let found = search(&b, term).await;
        if found.first() != titles.get(*slug) {
            wrong.push(format!("{term}: want {}, got {found:?}", titles[*slug]));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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
    wait_for_search(&b).await;
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
    search(&b, "platform").await;
    let count = "return Number(document.querySelector('.search-status').textContent.split(' ')[0])";
    let all = b.js(count).await.as_u64().unwrap();
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
    let l7 = b.js(count).await.as_u64().unwrap();
    assert!(l7 > 0 && l7 < all, "L7 narrows {all} results to {l7}");
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
    wait_for_search(&b).await;
    search(&b, "cold start").await;
    // Escape closes the panel and keeps the query.
    b.js("document.querySelector('.search-input').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))").await;
    assert_eq!(
        b.js("return [document.querySelector('.search-panel').hidden, document.querySelector('.search-input').value]").await,
        serde_json::json!([true, "cold start"])
    );
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
    // A phone shows a search button (with a name for screen readers), not a tiny box.
    assert_eq!(
        b.js("const o = document.querySelector('.search-open'); const r = o.getBoundingClientRect(); return [getComputedStyle(document.querySelector('.search')).display, r.width >= 40 && r.height >= 40, o.getAttribute('aria-label')]").await,
        serde_json::json!(["none", true, "Search the bank"])
    );
    b.click(".search-open").await;
    b.wait_js("return document.activeElement === document.querySelector('.search-input')")
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

// --- Practice that cannot be spoiled, and reading on a phone ----------------------------

/// Elements with `hidden` (or inside one) that still take up room on the page.
const SHOWN_HIDDEN: &str = "return [...document.querySelectorAll('[hidden]')].filter(e => e.getClientRects().length > 0 || [...e.querySelectorAll('*')].some(c => c.getClientRects().length > 0)).map(e => e.tagName + '.' + e.className)";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn nothing_hidden_is_shown_on_any_page_type() {
    let bank = bank();
    for (width, height) in [(1440, 900), (390, 844)] {
        let b = Browser::start(width, height).await;
        for page in PAGES {
            b.goto(&bank.server.url(page)).await;
            b.wait_js("return document.documentElement.classList.contains('js')")
                .await;
            assert_eq!(
                b.js(SHOWN_HIDDEN).await,
                serde_json::json!([]),
                "{page} at {width} px"
            );
        }
        b.goto(&bank.server.url(PROBLEM)).await;
        ready(&b).await;
        b.click(".timer-start").await;
        b.wait_js("return document.body.classList.contains('practising')")
            .await;
        assert_eq!(
            b.js(SHOWN_HIDDEN).await,
            serde_json::json!([]),
            "practising at {width} px"
        );
        b.close().await;
    }
}

/// Whether the element `css` is laid out (not folded or hidden).
async fn shown(b: &Browser, css: &str) -> bool {
    b.js(&format!(
        "const e = document.querySelector({}); return !!e && e.getClientRects().length > 0",
        serde_json::to_string(css).unwrap()
    ))
    .await
        == serde_json::Value::Bool(true)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn practice_mode_folds_the_solution_and_its_contents_entries_until_revealed() {
    let bank = bank();
    let b = Browser::start(1440, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    // Before Start: the page reads whole, and Start is the button to press.
    assert!(shown(&b, "h2#scale-estimation").await);
    assert!(
        !shown(&b, ".fold-toggle").await,
        "nothing to reveal before Start"
    );
    assert_eq!(
        b.js("return [document.querySelector('.timer-start').classList.contains('primary'), document.querySelector('.timer-finish').classList.contains('primary')]").await,
        serde_json::json!([true, false])
    );
    b.click(".timer-start").await;
    b.wait_js("return document.body.classList.contains('practising')")
        .await;
    for folded in [
        "h2#scale-estimation",
        "h2[id^=step-by-step-solution]",
        "h2#trade-offs",
        ".toc a[href='#scale-estimation']",
        ".toc a[href^='#step-1']",
    ] {
        assert!(!shown(&b, folded).await, "{folded} is folded");
    }
    for kept in [
        "h2#problem-statement",
        "h2#requirements",
        "h2#hints",
        ".rubric",
        ".toc a[href='#requirements']",
        ".fold-notice",
    ] {
        assert!(shown(&b, kept).await, "{kept} stays");
    }
    // Reveal, then hide again.
    b.click(".fold-toggle").await;
    assert!(shown(&b, "h2#scale-estimation").await);
    assert_eq!(
        b.js("return document.querySelector('.fold-toggle').textContent")
            .await,
        "Hide solution"
    );
    b.click(".fold-toggle").await;
    assert!(!shown(&b, "h2#scale-estimation").await);
    // A link into the folded part asks first; "no" keeps it folded and the address as it was.
    b.js("const a = document.createElement('a'); a.href = '#scale-estimation'; a.id = 'spoiler'; a.textContent = 'estimates'; document.querySelector('.practice-help').append(a)").await;
    b.click("#spoiler").await;
    let asked = b.client.get_alert_text().await.unwrap();
    assert!(asked.contains("Reveal the solution"), "{asked}");
    b.client.dismiss_alert().await.unwrap();
    assert!(!shown(&b, "h2#scale-estimation").await);
    assert_eq!(b.js("return location.hash").await, "");
    b.click("#spoiler").await;
    b.client.accept_alert().await.unwrap();
    assert!(shown(&b, "h2#scale-estimation").await);
    assert_eq!(b.js("return location.hash").await, "#scale-estimation");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn finishing_asks_records_shows_the_result_and_can_be_undone() {
    let bank = bank();
    let b = Browser::start(1440, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    let items = rubric_items(&b).await;
    for (id, _) in &items[..2] {
        tick(&b, id).await;
    }
    let points: u64 = items[..2].iter().map(|(_, p)| p).sum();
    b.click(".timer-start").await;
    b.wait_js("return document.querySelector('.timer-start').textContent === 'Pause'")
        .await;
    b.click(".timer-start").await;
    b.click(".timer-finish").await;
    let asked = b
        .js("return document.querySelector('.finish-summary').textContent")
        .await;
    let asked = asked.as_str().unwrap();
    assert!(
        asked.contains(&format!("Score {points}/50"))
            && asked.contains("of 45:00")
            && asked.contains("no penalty"),
        "{asked}"
    );
    b.click(".finish-cancel").await;
    assert!(!shown(&b, ".finish-confirm").await);
    assert!(!shown(&b, ".attempts").await, "nothing recorded");
    finish(&b).await;
    let said = b
        .js("return document.querySelector('.practice-result').textContent")
        .await;
    let said = said.as_str().unwrap();
    assert!(
        said.contains(&format!("Recorded: {points}/50"))
            && said.contains(&format!("best so far {points}/50")),
        "{said}"
    );
    assert!(
        checked_ids(&b).await.is_empty(),
        "the rubric is cleared for the next attempt"
    );
    assert!(shown(&b, ".attempts").await);
    b.click(".result-undo").await;
    let mut expected: Vec<String> = items[..2].iter().map(|(id, _)| id.clone()).collect();
    expected.sort();
    assert_eq!(checked_ids(&b).await, expected, "undo puts the ticks back");
    assert!(!shown(&b, ".attempts").await, "and takes the attempt away");

    // An attempt whose timer never ran is recorded as untimed, and shown so everywhere.
    b.goto(&bank.server.url("/bank1/problems/pastebin/")).await;
    ready(&b).await;
    b.click(".timer-finish").await;
    let asked = b
        .js("return document.querySelector('.finish-summary').textContent")
        .await;
    assert!(asked.as_str().unwrap().contains("untimed"), "{asked}");
    b.click(".finish-record").await;
    b.wait_js("return !document.querySelector('.attempts').hidden")
        .await;
    assert_eq!(
        b.js("return document.querySelectorAll('.attempts tbody td')[2].textContent")
            .await,
        "untimed"
    );
    b.goto(&bank.server.url("/bank1/progress/")).await;
    b.wait_js("return !document.querySelector('tr[data-problem=pastebin]').hidden")
        .await;
    let listed = b
        .js("return document.querySelector('tr[data-problem=pastebin] .attempt-list').textContent")
        .await;
    assert!(
        listed.as_str().unwrap().contains("untimed")
            && !listed.as_str().unwrap().contains("0 min 0 s"),
        "{listed}"
    );
    // Deleting it takes effect at once and can be undone.
    b.js("document.querySelector('tr[data-problem=pastebin] details').open = true")
        .await;
    b.click("tr[data-problem=pastebin] .attempt-delete").await;
    b.wait_js("return document.querySelector('tr[data-problem=pastebin]').hidden")
        .await;
    b.click(".progress-undo button").await;
    b.wait_js("return !document.querySelector('tr[data-problem=pastebin]').hidden")
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_timer_stays_in_sight_and_in_the_tab_title() {
    let bank = bank();
    for (width, height) in [(390, 844), (1440, 900)] {
        let b = Browser::start(width, height).await;
        b.goto(&bank.server.url(PROBLEM)).await;
        ready(&b).await;
        b.click(".timer-start").await;
        b.wait_js("return /^\\d\\d:\\d\\d left · /.test(document.title)")
            .await;
        b.js("scrollTo(0, document.body.scrollHeight)").await;
        let bar = b.js("const r = document.querySelector('.practice-bar').getBoundingClientRect(); return [r.top >= 0, r.bottom <= innerHeight + 1, r.height > 0, document.querySelector('.practice-bar .timer-start').textContent]").await;
        assert_eq!(
            bar,
            serde_json::json!([true, true, true, "Pause"]),
            "at {width} px"
        );
        b.click(".practice-bar .timer-start").await;
        b.wait_js("return document.title.startsWith('Paused ')")
            .await;
        b.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_link_cannot_speed_up_the_clock() {
    let bank = bank();
    let b = Browser::start(1440, 900).await;
    b.goto(&bank.server.url(&format!("{PROBLEM}?timescale=600")))
        .await;
    ready(&b).await;
    b.click(".timer-start").await;
    b.wait_js("return document.querySelector('.timer-display').textContent !== '45:00'")
        .await;
    let shown = b
        .js("return document.querySelector('.timer-display').textContent")
        .await;
    assert!(
        shown.as_str().unwrap() >= "44:50",
        "the clock runs at its own pace: {shown}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn phones_get_cards_a_table_of_contents_and_readable_diagrams() {
    let bank = bank();
    let b = Browser::start(390, 844).await;
    b.goto(&bank.server.url("/bank1/")).await;
    b.wait_js("return document.documentElement.classList.contains('js')")
        .await;
    let card = b.js("const tr = document.querySelector('.problem-table tbody tr'); const a = tr.querySelector('td').getBoundingClientRect(); return [getComputedStyle(tr).display, a.width > 200, document.documentElement.scrollWidth <= innerWidth, getComputedStyle(tr.querySelector('.best-score'), '::before').content]").await;
    assert_eq!(card[0], "block", "one card per problem");
    assert_eq!(card[1], true, "titles get the card's width");
    assert_eq!(card[2], true, "no sideways scrolling");
    for (width, height) in [(390, 844), (1024, 768), (1440, 900)] {
        b.resize(width, height).await;
        b.goto(&bank.server.url(PROBLEM)).await;
        ready(&b).await;
        let contents = if width >= 1100 {
            ".toc a[href='#requirements']"
        } else {
            ".toc-inline summary"
        };
        assert!(
            shown(&b, contents).await,
            "a table of contents at {width} px"
        );
    }
    b.resize(390, 844).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    // No diagram is drawn below 75% of its laid-out size (16 px labels stay at 12 px or more).
    let scales = b.js("return [...document.querySelectorAll('.diagram-scroll')].map(d => d.querySelector('svg').getBoundingClientRect().width / parseFloat(d.style.getPropertyValue('--diagram-width') || '0'))").await;
    for s in scales.as_array().unwrap() {
        assert!(s.as_f64().unwrap() >= 0.74, "{scales}");
    }
    b.click(".diagram-zoom").await;
    assert_eq!(
        b.js("const d = document.querySelector('.diagram-dialog'); return d.open && !!d.querySelector('.diagram-dialog-body').shadowRoot.querySelector('svg')").await,
        true
    );
    // The full-size copy does not put the diagram's ids on the page a second time, and its
    // own stylesheet still reaches it: its node boxes are filled as the diagram's are.
    assert_eq!(
        b.js("const ids = [...document.querySelectorAll('[id]')].map(e => e.id); return ids.filter((id, i) => ids.indexOf(id) !== i)").await,
        serde_json::json!([]),
        "no id is on the page twice while the dialog is open"
    );
    assert_eq!(
        b.js("const fill = (root) => getComputedStyle(root.querySelector('.node rect, .node path')).fill; return fill(document.querySelector('.diagram-dialog-body').shadowRoot.querySelector('svg')) === fill(document.querySelector('.diagram-scroll svg'))").await,
        true
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn controls_do_not_shift_the_layout_after_first_paint() {
    let bank = bank();
    let b = Browser::start(390, 844).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    let shift = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; let sum = 0; \
             new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; }) \
               .observe({type: 'layout-shift', buffered: true}); \
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(sum), 50)));",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        shift.as_f64().unwrap() < 0.05,
        "cumulative layout shift {shift}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_404_page_scrolls_to_its_own_sections() {
    let bank = bank();
    let b = Browser::start(1440, 400).await;
    b.goto(&bank.server.url("/bank1/no-such-page/")).await;
    b.wait_js("return document.documentElement.classList.contains('js')")
        .await;
    b.js("scrollTo(0, document.body.scrollHeight)").await;
    b.click(".back-to-top").await;
    assert_eq!(
        b.js("return location.pathname").await,
        "/bank1/no-such-page/",
        "Back to top stays on the page"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_practice_panel_passes_axe_in_every_state_and_theme() {
    let bank = bank();
    let axe = include_str!("vendor/axe.min.js");
    let b = Browser::start(1440, 900).await;
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        b.goto(&bank.server.url(PROBLEM)).await;
        ready(&b).await;
        b.js(&format!(
            "document.documentElement.dataset.theme = '{theme}'"
        ))
        .await;
        b.js(&format!("{axe}; return true")).await;
        for state in ["idle", "running", "over time", "finished"] {
            match state {
                "running" => b.click(".timer-start").await,
                "over time" => {
                    b.click(".timer-start").await;
                    b.js("const k = Object.keys(localStorage).find(k => k.endsWith(':timer:url-shortener')); const s = JSON.parse(localStorage.getItem(k)); s.value = {...s.value, elapsed: 55 * 60000, startedAt: null}; localStorage.setItem(k, JSON.stringify(s))").await;
                    b.client.refresh().await.unwrap();
                    ready(&b).await;
                    b.js(&format!(
                        "document.documentElement.dataset.theme = '{theme}'; {axe}; return true"
                    ))
                    .await;
                    b.wait_js("return document.querySelector('.timer-penalty').textContent.includes('−10')").await;
                }
                "finished" => finish(&b).await,
                _ => {}
            }
            for v in serious_violations(&b, "{include: [['.practice'], ['.practice-bar']]}").await {
                found.push(format!("{theme}, {state}: {v}"));
            }
        }
        b.js("localStorage.clear()").await;
    }
    assert!(found.is_empty(), "{found:#?}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn on_slow_3g_the_practice_panel_works_within_3_5_seconds() {
    let bank = bank();
    let b = Browser::start(390, 844).await;
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp(
        "Network.setCacheDisabled",
        serde_json::json!({"cacheDisabled": true}),
    )
    .await;
    // 400 ms round trips and 400 kbit/s each way.
    b.cdp(
        "Network.emulateNetworkConditions",
        serde_json::json!({"offline": false, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}),
    )
    .await;
    b.goto(&bank.server.url(PROBLEM)).await;
    // The timer's script records when it started; compare with the first paint of text.
    b.wait_js("return !!document.querySelector('.practice').dataset.readyAt")
        .await;
    let times = b
        .js("return [Number(document.querySelector('.practice').dataset.readyAt), performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0]")
        .await;
    let (ready, painted) = (times[0].as_f64().unwrap(), times[1].as_f64().unwrap());
    println!("slow 3G: text painted at {painted:.0} ms, practice panel working at {ready:.0} ms");
    assert!(
        ready < 3_500.0,
        "the practice panel worked {ready:.0} ms after navigation began (text painted at {painted:.0} ms)"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn print_is_light_without_controls_and_keeps_headings_with_their_text() {
    let bank = bank();
    let b = Browser::start(1440, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    b.js("document.documentElement.dataset.theme = 'dark'")
        .await;
    b.click(".timer-start").await;
    b.wait_js("return document.body.classList.contains('practising')")
        .await;
    b.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    )
    .await;
    b.wait_js("return matchMedia('print').matches").await;
    let printed = b.js("const css = (s, p) => getComputedStyle(document.querySelector(s)).getPropertyValue(p); \
        return [css('body', 'background-color'), css('body', 'color'), \
                [...document.querySelectorAll('button')].every(e => e.getClientRects().length === 0), \
                css('.practice', 'display'), css('.practice-bar', 'display'), \
                css('h2#scale-estimation', 'display'), css('h2#requirements', 'break-after'), \
                css('figure.diagram', 'break-inside')]").await;
    assert_eq!(
        printed,
        serde_json::json!([
            "rgb(255, 255, 255)",
            "rgb(27, 31, 36)",
            true,
            "none",
            "none",
            "block",
            "avoid",
            "auto"
        ]),
        "paper: light palette, no controls, the folded solution printed, headings kept with their text, figures may break"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn search_excerpts_come_from_prose_not_code() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url("/bank1/")).await;
    wait_for_search(&b).await;
    let mut from_code = Vec::new();
    for term in [
        "rate limiting",
        "token bucket",
        "consistent hashing",
        "bloom filter",
        "idempotency key",
        "watermark",
        "fan-out",
        "cold start",
    ] {
        search(&b, term).await;
        // Where on its page does the first result's excerpt come from?
        let place = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const r = document.querySelector('.search-results .result a'); \
                 const excerpt = r.querySelector('.result-excerpt').textContent.replace(/…/g, '').replace(/\\s+/g, ' ').trim(); \
                 const probe = excerpt.split(' ').slice(1, 7).join(' '); \
                 fetch(r.href).then(x => x.text()).then(html => { \
                   const doc = new DOMParser().parseFromString(html, 'text/html'); \
                   const norm = (e) => e.textContent.replace(/\\s+/g, ' '); \
                   const inCode = [...doc.querySelectorAll('pre')].some(p => norm(p).includes(probe)); \
                   done([probe, inCode]); });",
                vec![],
            )
            .await
            .unwrap();
        if place[1] == true {
            from_code.push(format!("{term}: {}", place[0]));
        }
    }
    assert!(
        from_code.is_empty(),
        "excerpts taken from code: {from_code:#?}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn practising_hides_search_sub_results_that_lead_into_the_folded_solution() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    ready(&b).await;
    let subs = "return [...document.querySelectorAll('.search-results .sub-result a')].map(a => new URL(a.href)).filter(u => u.pathname === location.pathname).map(u => u.hash)";
    // Reading: this page's sections are offered, the solution's included.
    let reading: Vec<String> = {
        search(&b, "base62").await;
        serde_json::from_value(b.js(subs).await).unwrap()
    };
    assert!(
        reading.iter().any(|h| h.starts_with("#step-")),
        "a solution step is offered while reading: {reading:?}"
    );
    b.js("document.querySelector('.search-input').blur(); document.body.click()")
        .await;
    b.click(".timer-start").await;
    b.wait_js("return document.body.classList.contains('practising')")
        .await;
    search(&b, "base62").await;
    let practising: Vec<String> = serde_json::from_value(b.js(subs).await).unwrap();
    assert!(
        practising
            .iter()
            .all(|h| !h.starts_with("#step-") && h != "#scale-estimation"),
        "no way into the folded solution while practising: {practising:?}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_navigation_is_one_shared_file_that_marks_the_readers_page() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    b.wait_js("return document.querySelector('#site-nav[data-loaded]') !== null")
        .await;
    let current = b
        .js("return [...document.querySelectorAll('#site-nav [aria-current=page]')].map(a => [a.textContent, new URL(a.href).pathname])")
        .await;
    let title = b
        .js("return document.querySelector('h1').textContent")
        .await;
    assert_eq!(current, serde_json::json!([[title, PROBLEM]]));
    // Every link of the navigation leads into this bank, from any depth.
    let outside = b
        .js("return [...document.querySelectorAll('#site-nav a')].map(a => new URL(a.href).pathname).filter(p => !p.startsWith('/bank1/'))")
        .await;
    assert_eq!(outside, serde_json::json!([]));
    let links = b
        .js("return document.querySelectorAll('#site-nav a').length")
        .await;
    assert!(links.as_u64().unwrap() >= 25, "{links}");

    // The next page takes the navigation from this visit's copy and marks itself.
    assert_eq!(
        b.js(
            "return Object.keys(sessionStorage).filter(k => k.startsWith('whiteboard:nav:')).length"
        )
        .await,
        1
    );
    b.js("document.querySelector('#site-nav a[href$=\"guides/getting-started/\"]').click()")
        .await;
    b.wait_js("return location.pathname.endsWith('/guides/getting-started/') && document.querySelector('#site-nav[data-loaded]') !== null")
        .await;
    assert_eq!(
        b.js("return document.querySelector('#site-nav [aria-current=page]').getAttribute('href')")
            .await,
        "../../guides/getting-started/"
    );

    // The 404 page, served at any depth, still leads back into the bank.
    b.goto(&bank.server.url("/bank1/no/such/page/")).await;
    b.wait_js("return document.querySelector('#site-nav[data-loaded]') !== null")
        .await;
    let first = b
        .js("return new URL(document.querySelector('#site-nav a').href).pathname")
        .await;
    assert!(
        first.as_str().unwrap().starts_with("/bank1/problems/"),
        "{first}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn every_heading_of_the_text_links_to_itself() {
    let bank = bank();
    let b = Browser::start(1280, 900).await;
    b.goto(&bank.server.url(PROBLEM)).await;
    b.wait_js("return document.querySelectorAll('.heading-anchor').length > 0")
        .await;
    let headings: Vec<(String, Option<String>, Option<String>)> = serde_json::from_value(
        b.js("return [...document.querySelectorAll('main :is(h2, h3)[id]')].map(h => { const a = h.querySelector('.heading-anchor'); return [h.id, a?.getAttribute('href') ?? null, a?.getAttribute('aria-label') ?? null]; })")
            .await,
    )
    .unwrap();
    assert!(headings.len() > 10, "{headings:?}");
    for (id, href, label) in &headings {
        if ["practice-title", "attempts-title"].contains(&id.as_str()) {
            assert_eq!(href, &None, "the theme's own heading {id} gets no link");
        } else {
            assert_eq!(href.as_deref(), Some(format!("#{id}").as_str()), "{id}");
            assert_eq!(label.as_deref(), Some("Link to this section"), "{id}");
        }
    }
    // Following one lands on its heading.
    b.js("document.querySelector('#requirements .heading-anchor').click()")
        .await;
    b.wait_js("return location.hash === '#requirements'").await;
    b.close().await;
}
