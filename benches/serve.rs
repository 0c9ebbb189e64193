//! `serve` latency: time from saving a problem file to the reload event reaching an open
//! page, median of 10 edits, on the repository's bank and on a generated 1,000-problem bank.
//!
//! `cargo bench --bench serve` (release profile).

mod corpus;
#[allow(dead_code)]
#[path = "../tests/common/sse.rs"]
mod sse;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use whiteboard::serve::{ServeOptions, Server};

fn bench(name: &str, root: &Path) {
    let server = Server::start(ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        drafts: false,
    })
    .expect("server starts");
    let watcher = Arc::clone(&server);
    std::thread::spawn(move || watcher.watch_forever());
    std::thread::sleep(Duration::from_millis(500));
    let rx = sse::events(server.addr);
    std::thread::sleep(Duration::from_millis(200));
    let file = root.join("content/problems/url-shortener.md");
    let original = std::fs::read_to_string(&file).expect("problem file");
    let mut times = Vec::new();
    for i in 0..10 {
        let started = Instant::now();
        std::fs::write(&file, format!("{original}\nEdit number {i}.\n")).expect("write");
        loop {
            let (event, _) = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a reload event");
            if event == "reload" {
                break;
            }
        }
        times.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(300));
    }
    times.sort();
    println!(
        "{name}: save → reload event, median of 10 edits: {:.1} ms (fastest {:.1} ms, slowest {:.1} ms)",
        times[5].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[9].as_secs_f64() * 1000.0,
    );
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let bank = tmp.path().join("bank");
    corpus::generate(repo, &bank, 0);
    bench("bank", &bank);
    let big = tmp.path().join("bank-1000");
    corpus::generate(repo, &big, 1000);
    bench("generated 1,000 problems", &big);
}
