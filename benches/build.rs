//! Build benchmarks: the repository's bank and a generated 1,000-problem bank, each built
//! end to end (load, render, write) several times; prints medians per stage.
//!
//! `cargo bench --bench build` (release profile). `WHITEBOARD_BENCH_RUNS` sets the runs;
//! `WHITEBOARD_BENCH_CORPUS=DIR` only writes the generated bank to `DIR`.

mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use whiteboard::site::{BuildOptions, Site, Timings};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Medians {
    pages: usize,
    total: Duration,
}

fn bench(name: &str, root: &Path, runs: usize) -> Medians {
    let out = root.join("public");
    let (mut total, mut load, mut render, mut markdown, mut templates, mut write) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut pages = 0;
    let (mut highlight, mut drawing) = (vec![], vec![]);
    let (mut work, mut wait) = (vec![], vec![]);
    let (mut blocks, mut diagrams) = (0, 0);
    for _ in 0..runs {
        let t0 = Instant::now();
        let site = Site::load(root, BuildOptions::default()).expect("bench bank loads");
        let t1 = Instant::now();
        let timings = Timings::default();
        let output = site.write(&out, Some(&timings)).expect("bench bank builds");
        let t3 = Instant::now();
        let tm = timings.stages();
        // Writing is what is left once the measured stages (and the wait for the search
        // index) are taken out.
        let written = (t3 - t1).saturating_sub(tm.copy + tm.render + tm.search_wait);
        pages = output.pages;
        total.push(t3 - t0);
        load.push(t1 - t0);
        render.push(tm.render);
        markdown.push(tm.markdown_cpu);
        templates.push(tm.templates_cpu);
        highlight.push(tm.highlight_cpu);
        blocks = tm.code_blocks;
        drawing.push(tm.diagrams_cpu);
        diagrams = tm.diagrams;
        work.push(tm.search_work);
        wait.push(tm.search_wait);
        write.push(written);
    }
    let total = median(total);
    println!(
        "{name}: {pages} pages, median of {runs}: total {} (load {}, render {}, writing {}, waiting \
         for the search index {}); CPU over the rendering threads: markdown {} (highlighting \
         {blocks} code blocks {}, drawing {diagrams} diagrams {}), templates+minify {}; the search \
         index's thread worked {} alongside rendering and writing",
        ms(total),
        ms(median(load)),
        ms(median(render)),
        ms(median(write)),
        ms(median(wait)),
        ms(median(markdown)),
        ms(median(highlight)),
        ms(median(drawing)),
        ms(median(templates)),
        ms(median(work)),
    );
    Medians { pages, total }
}

/// Builds `root` with search and then without, and prints what search adds.
fn bench_with_and_without_search(name: &str, root: &Path, runs: usize) {
    let with = bench(name, root, runs);
    let config = root.join("site.yaml");
    let text = std::fs::read_to_string(&config).expect("site.yaml");
    std::fs::write(&config, format!("{text}\nsearch: false\n")).expect("write site.yaml");
    let without = bench(&format!("{name}, search off"), root, runs);
    std::fs::write(&config, text).expect("restore site.yaml");
    let added = with.total.saturating_sub(without.total);
    println!(
        "{name}: search adds {} to a build of {} pages ({:.0}% of the build with search)",
        ms(added),
        with.pages,
        100.0 * added.as_secs_f64() / with.total.as_secs_f64(),
    );
}

fn main() {
    let runs: usize = std::env::var("WHITEBOARD_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Only write the generated bank where another tool can build it (compare-hugo.sh).
    if let Some(dest) = std::env::var_os("WHITEBOARD_BENCH_CORPUS") {
        let problems = std::env::var("WHITEBOARD_BENCH_PROBLEMS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        corpus::generate(repo, Path::new(&dest), problems);
        println!(
            "wrote a bank of {problems} generated problems to {}",
            Path::new(&dest).display()
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");

    let bank = tmp.path().join("bank");
    corpus::generate(repo, &bank, 0);
    bench_with_and_without_search("bank", &bank, runs.max(10));

    let big = tmp.path().join("bank-1000");
    corpus::generate(repo, &big, 1000);
    bench_with_and_without_search("generated 1,000 problems", &big, runs);
}
