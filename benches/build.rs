//! Build benchmarks: the repository's bank and a generated 1,000-problem bank, each built
//! end to end (load, render, write) several times; prints medians per stage.
//!
//! `cargo bench --bench build` (release profile). `WHITEBOARD_BENCH_RUNS` sets the runs.

mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use whiteboard::site::{BuildOptions, Site};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn bench(name: &str, root: &Path, runs: usize) {
    let out = root.join("public");
    let (mut total, mut load, mut markdown, mut templates, mut write) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut pages = 0;
    let mut highlight = vec![];
    let mut search = vec![];
    let mut blocks = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let site = Site::load(root, BuildOptions::default()).expect("bench bank loads");
        let t1 = Instant::now();
        let output = site.write(&out).expect("bench bank builds");
        let t3 = Instant::now();
        let tm = output.timings;
        // Writing (and waiting for the search index to finish) is what is left once the
        // measured stages are taken out; the index is made alongside templates and writing.
        let written = (t3 - t1).saturating_sub(tm.copy + tm.markdown + tm.templates);
        pages = output.pages;
        total.push(t3 - t0);
        load.push(t1 - t0);
        markdown.push(output.timings.markdown);
        templates.push(output.timings.templates);
        highlight.push(output.timings.highlight_cpu);
        blocks = output.timings.code_blocks;
        search.push(output.timings.search);
        write.push(written);
    }
    println!(
        "{name}: {pages} pages, median of {runs}: total {} (load {}, markdown {}, templates+minify {}, \
         writing {}); search index {} on its own thread, alongside templates and writing; \
         highlighting {blocks} code blocks took {} of CPU time",
        ms(median(total)),
        ms(median(load)),
        ms(median(markdown)),
        ms(median(templates)),
        ms(median(write)),
        ms(median(search)),
        ms(median(highlight)),
    );
}

fn main() {
    let runs: usize = std::env::var("WHITEBOARD_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");

    let bank = tmp.path().join("bank");
    corpus::generate(repo, &bank, 0);
    bench("bank", &bank, runs.max(10));

    let big = tmp.path().join("bank-1000");
    corpus::generate(repo, &big, 1000);
    bench("generated 1,000 problems", &big, runs);
}
