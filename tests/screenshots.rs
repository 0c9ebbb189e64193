//! Screenshots of every page type at 390 px and 1440 px wide, in both themes, and of a
//! problem in practice mode, written to
//! `target/screenshots/` for a person to look at:
//! `cargo test --test suite screenshots -- --ignored`.

use crate::common;

use common::SiteTest;
use common::browser::Browser;
use common::http::StaticServer;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium; writes PNGs for review"]
async fn take_screenshots() {
    let mut site = SiteTest::real_bank();
    site.build().assert_ok();
    let server = StaticServer::start(vec![("/bank/".into(), site.public())]);
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let pages = [
        ("home", "/bank/"),
        ("problem", "/bank/problems/url-shortener/"),
        ("problem-l7", "/bank/problems/aws-lambda/"),
        ("guide", "/bank/guides/evaluation-rubrics/"),
        ("progress", "/bank/progress/"),
    ];
    for (width, height) in [(390, 844), (1440, 900)] {
        let b = Browser::start(width, height).await;
        for theme in ["light", "dark"] {
            for (name, path) in pages {
                b.goto(&server.url(path)).await;
                b.js(&format!(
                    "document.documentElement.dataset.theme = '{theme}'"
                ))
                .await;
                b.wait_js("return document.documentElement.classList.contains('js') && document.fonts.status === 'loaded'")
                    .await;
                let png = b.client.screenshot().await.unwrap();
                std::fs::write(out.join(format!("{name}-{width}-{theme}.png")), png).unwrap();
            }
            // A problem in practice mode, scrolled to where the solution would start.
            b.goto(&server.url("/bank/problems/rate-limiter/")).await;
            b.js(&format!(
                "document.documentElement.dataset.theme = '{theme}'"
            ))
            .await;
            b.wait_js("return !!document.querySelector('.practice').dataset.readyAt")
                .await;
            b.click(".timer-start").await;
            b.wait_js("return document.body.classList.contains('practising')")
                .await;
            b.js("document.querySelector('#hints').scrollIntoView()")
                .await;
            let png = b.client.screenshot().await.unwrap();
            std::fs::write(out.join(format!("practising-{width}-{theme}.png")), png).unwrap();
            b.js("localStorage.clear()").await;
        }
        b.close().await;
    }
    assert!(out.join("practising-390-dark.png").is_file());
}
