//! The build makes merman's SVG smaller (src/markdown/mermaid/svg.rs); this holds it to
//! drawing exactly the same pixels. Every diagram of the bank is drawn twice in Chromium, in
//! its own page: as published, then with its SVG swapped for the one merman draws from the
//! same source (the source is on the page, in "Diagram source"). The two screenshots must
//! be identical, on a laptop in the light theme and on a phone in the dark one (where the
//! theme recolours diagrams with a filter).
//!
//! Needs Debian's `chromium` and `chromium-driver`:
//! `cargo test --test suite diagrams -- --include-ignored`. Screenshots that differ are
//! written to `target/diagram-diffs/`, and a flowchart, a sequence and a state diagram
//! as published to `target/diagram-shots/`, for a person to look at. A guide added for the
//! test brings the kinds the bank does not use (state, class, entity-relationship).

use std::io::Read;
use std::path::Path;

use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
use serde_json::json;

use crate::common;

use common::SiteTest;
use common::browser::Browser;
use common::http::StaticServer;

const OTHER_KINDS: &str = r#"---
title: Diagram kinds
summary: A state, a class and an entity-relationship diagram.
order: 90
---

```mermaid
stateDiagram-v2
    [*] --> Pending
    Pending --> Paid: charge succeeds
    Pending --> Failed: card declined
    Paid --> Refunded: refund issued
    Failed --> [*]
    Refunded --> [*]
```

```mermaid
classDiagram
    class Ledger {
        +post(entry) Result
        -balances Map
    }
    class Entry {
        +amount int
        +currency String
    }
    Ledger "1" --> "*" Entry : holds
```

```mermaid
erDiagram
    ACCOUNT ||--o{ ENTRY : records
    ENTRY }o--|| CURRENCY : "priced in"
    ACCOUNT {
        bigint id PK
        text owner
    }
```
"#;

/// The SVG merman draws for a diagram, as the build asks for it, before any shrinking.
fn merman_svg(renderer: &Renderer, source: &str, id: &str) -> String {
    let mut request = SvgRequest::default();
    request.options.diagram_id = Some(id.to_string());
    match renderer.render(RenderRequest::svg(source, OperationControl::new(), request)) {
        Ok(RenderOutput::Svg(Some(svg))) => svg.svg().to_string(),
        other => panic!("{id} did not render: {:?}", other.err()),
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn diagrams_look_the_same_after_shrinking() {
    let mut site = SiteTest::real_bank();
    // Diagram kinds the bank does not use today, so the shrinking is held to them too.
    site.write("content/guides/diagram-kinds.md", OTHER_KINDS);
    site.build().assert_ok();
    let server = StaticServer::start(vec![("/bank/".into(), site.public())]);
    let renderer = Renderer::new();
    let diffs = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/diagram-diffs");
    let _ = std::fs::remove_dir_all(&diffs);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/diagram-shots");
    std::fs::create_dir_all(&shots).unwrap();
    let looked_at = [
        "problems-url-shortener-diagram-0",
        "problems-url-shortener-diagram-1",
        "guides-diagram-kinds-diagram-0",
    ];

    let mut pages: Vec<String> = std::fs::read_dir(site.public().join("problems"))
        .unwrap()
        .map(|e| format!("problems/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    pages.sort();
    pages.push("guides/diagram-kinds".into());

    let mut failures = Vec::new();
    let mut compared = 0;
    let mut kinds = std::collections::BTreeSet::new();
    let mut smaller = (0usize, 0usize);
    // Tall windows, so that every diagram fits in the viewport at once.
    for (width, theme) in [(1280, "light"), (390, "dark")] {
        let b = Browser::start(width, 2400).await;
        for page in &pages {
            b.goto(&server.url(&format!("/bank/{page}/"))).await;
            b.js(&format!(
                "document.documentElement.dataset.theme = '{theme}'"
            ))
            .await;
            b.wait_js("return document.documentElement.classList.contains('js') && document.fonts.status === 'loaded'")
                .await;
            let figures = b
                .js("return [...document.querySelectorAll('figure.diagram')].filter(f => f.querySelector('.diagram-scroll svg')).map(f => [f.id, f.querySelector('.diagram-source code').textContent, f.querySelector('.diagram-scroll svg').id])")
                .await;
            for figure in figures.as_array().unwrap() {
                let id = figure[0].as_str().unwrap();
                let source = figure[1].as_str().unwrap();
                let raw = merman_svg(&renderer, source, figure[2].as_str().unwrap());
                let published = b
                    .js(&format!(
                        "return document.querySelector('#{id} .diagram-scroll').innerHTML"
                    ))
                    .await;
                if theme == "light" {
                    smaller.0 += raw.len();
                    smaller.1 += published.as_str().unwrap().len();
                    let kind = raw
                        .split("aria-roledescription=\"")
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .unwrap_or("?");
                    kinds.insert(kind.to_string());
                }
                let shrunk = shot(&b, id).await;
                if looked_at.contains(&id) {
                    let name = format!("{id}-{width}-{theme}.png");
                    std::fs::write(shots.join(name), &shrunk).unwrap();
                }
                // The same figure, with merman's own SVG in place of the published one.
                let size = b
                    .js(&format!("const s = document.querySelector('#{id} svg').getBoundingClientRect(); return [s.width, s.height]"))
                    .await;
                b.client
                    .execute(
                        &format!("const d = document.querySelector('#{id} .diagram-scroll'); d.innerHTML = arguments[0]; d.dataset.swapped = '1'"),
                        vec![json!(raw)],
                    )
                    .await
                    .unwrap();
                b.wait_js(&format!("const d = document.querySelector('#{id} .diagram-scroll'); return d.dataset.swapped === '1' && d.querySelector('svg') !== null && document.fonts.status === 'loaded'"))
                    .await;
                let swapped_size = b
                    .js(&format!("const s = document.querySelector('#{id} svg').getBoundingClientRect(); return [s.width, s.height]"))
                    .await;
                assert_eq!(
                    size, swapped_size,
                    "{page} {id}: the same box at {width} px"
                );
                let original = shot(&b, id).await;
                compared += 1;
                if let Some(why) = differ(&shrunk, &original) {
                    std::fs::create_dir_all(&diffs).unwrap();
                    let stem = format!("{id}-{width}-{theme}");
                    std::fs::write(diffs.join(format!("{stem}-shrunk.png")), &shrunk).unwrap();
                    std::fs::write(diffs.join(format!("{stem}-merman.png")), &original).unwrap();
                    failures.push(format!("{id} at {width} px, {theme}: {why}"));
                }
            }
        }
        b.close().await;
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} screenshots differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(compared >= 2 * 60, "only {compared} diagrams compared");
    for kind in [
        "flowchart-v2",
        "sequence",
        "stateDiagram",
        "classDiagram",
        "er",
    ] {
        assert!(kinds.contains(kind), "no {kind} in {kinds:?}");
    }
    assert!(
        smaller.1 * 2 < smaller.0,
        "published SVG is {} bytes, merman's {}",
        smaller.1,
        smaller.0
    );
}

/// A screenshot of the figure's SVG (with the figure's filter, in the dark theme).
async fn shot(b: &Browser, id: &str) -> Vec<u8> {
    b.client
        .find(fantoccini::Locator::Css(&format!(
            "#{id} .diagram-scroll svg"
        )))
        .await
        .unwrap()
        .screenshot()
        .await
        .unwrap()
}

/// Why two PNGs differ in their pixels, or `None` if they do not.
fn differ(a: &[u8], b: &[u8]) -> Option<String> {
    if a == b {
        return None;
    }
    let (a, b) = (decode_png(a), decode_png(b));
    if (a.0, a.1) != (b.0, b.1) {
        return Some(format!("{}×{} against {}×{}", a.0, a.1, b.0, b.1));
    }
    let channels = a.2.len() / (a.0 * a.1);
    let changed =
        a.2.chunks(channels)
            .zip(b.2.chunks(channels))
            .filter(|(x, y)| x != y)
            .count();
    (changed > 0).then(|| format!("{changed} of {} pixels", a.0 * a.1))
}

/// Width, height and pixels (RGB or RGBA, 8 bits, as Chromium writes them) of a PNG.
fn decode_png(png: &[u8]) -> (usize, usize, Vec<u8>) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let mut at = 8;
    let (mut width, mut height, mut channels) = (0, 0, 0);
    let mut data = Vec::new();
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let body = &png[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                assert_eq!(body[8], 8, "bit depth");
                assert_eq!(body[12], 0, "interlaced");
                channels = match body[9] {
                    2 => 3,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
            }
            b"IDAT" => data.extend_from_slice(body),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&data[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width * channels;
    let mut pixels = vec![0u8; stride * height];
    for y in 0..height {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let left = if x >= channels {
                pixels[y * stride + x - channels]
            } else {
                0
            };
            let up = if y > 0 {
                pixels[(y - 1) * stride + x]
            } else {
                0
            };
            let up_left = if y > 0 && x >= channels {
                pixels[(y - 1) * stride + x - channels]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((left as u16 + up as u16) / 2) as u8,
                4 => paeth(left, up, up_left),
                other => panic!("PNG filter {other}"),
            };
            pixels[y * stride + x] = line[x].wrapping_add(predicted);
        }
    }
    (width, height, pixels)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = a as i16 + b as i16 - c as i16;
    let (pa, pb, pc) = (
        (p - a as i16).abs(),
        (p - b as i16).abs(),
        (p - c as i16).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}
