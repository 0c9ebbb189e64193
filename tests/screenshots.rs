//! Screenshots of every page type at 360 px and 1280 px wide, in both themes, written to
//! `target/screenshots/` for a person to look at:
//! `cargo test --test screenshots -- --ignored`.

mod common;

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
    for (width, height) in [(360, 740), (1280, 900)] {
        let b = Browser::start(width, height).await;
        for theme in ["light", "dark"] {
            for (name, path) in pages {
                b.goto(&server.url(path)).await;
                b.js(&format!(
                    "document.documentElement.dataset.theme = '{theme}'"
                ))
                .await;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                let png = b.client.screenshot().await.unwrap();
                std::fs::write(out.join(format!("{name}-{width}-{theme}.png")), png).unwrap();
            }
        }
        b.close().await;
    }
    assert!(out.join("problem-360-dark.png").is_file());
}
