//! `whiteboard serve`: edits are served at once and announced to open pages, bad edits keep
//! the last good site and show the error, and nothing outside the site is served.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::SiteTest;
use common::sse::{events, get};
use whiteboard::serve::{ServeOptions, Server};

fn start(t: &SiteTest) -> Arc<Server> {
    let server = Server::start(ServeOptions {
        root: t.root.clone(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        drafts: false,
    })
    .unwrap();
    let watcher = Arc::clone(&server);
    std::thread::spawn(move || watcher.watch_forever());
    std::thread::sleep(Duration::from_millis(300));
    server
}

fn next_event(rx: &std::sync::mpsc::Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(10))
        .expect("an event within 10 s")
}

#[test]
fn an_edit_is_served_and_open_pages_are_told_to_reload() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let (status, body) = get(server.addr, "/guides/rubrics/");
    assert_eq!(status, 200);
    assert!(body.contains("Points add up to 50."));
    assert!(
        body.contains("/__whiteboard/reload.js"),
        "served pages carry the reload script"
    );
    let rx = events(server.addr);
    std::fs::write(
        t.root.join("content/guides/rubrics.md"),
        "---\ntitle: Rubrics\n---\n\n## Scoring\n\nNow 60 points.\n",
    )
    .unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    let (_, body) = get(server.addr, "/guides/rubrics/");
    assert!(body.contains("Now 60 points."), "{body}");
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_shows_the_error_until_fixed() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let rx = events(server.addr);
    let path = t.root.join("content/problems/first-problem.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replace("time_limit: 45", "time_limt: 45")).unwrap();
    let (name, data) = next_event(&rx);
    assert_eq!(name, "error");
    assert!(
        data.contains("unknown field `time_limt`")
            && data.contains("content/problems/first-problem.md:5:1"),
        "{data}"
    );
    let (status, body) = get(server.addr, "/problems/first-problem/");
    assert_eq!(status, 200);
    assert!(
        body.contains("First Problem"),
        "the last good page is still served"
    );
    // A page opened now learns about the error at once.
    let late = events(server.addr);
    assert_eq!(next_event(&late).0, "error");
    std::fs::write(&path, good).unwrap();
    assert_eq!(next_event(&rx).0, "reload");
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let mut t = SiteTest::from_fixture("minimal");
    t.write(
        "themes/default/static/css/site.css",
        "body { color: red; }\n",
    );
    t.write("themes/default/templates/base.html", "<!doctype html><html><head><link rel=\"stylesheet\" href=\"{{ static }}css/site.css\"></head><body><nav data-nav=\"{{ nav_src }}\"></nav>{% block main %}{% endblock main %}</body></html>");
    for name in ["index", "problem", "guide", "page", "404", "progress"] {
        t.write(
            &format!("themes/default/templates/{name}.html"),
            "{% extends \"base.html\" %}{% block main %}x{% endblock main %}",
        );
    }
    t.write("themes/default/templates/partials/nav.html", "nav");
    let server = start(&t);
    let rx = events(server.addr);
    t.write(
        "themes/default/static/css/site.css",
        "body { color: blue; }\n",
    );
    assert_eq!(next_event(&rx).0, "css");
}

#[test]
fn nothing_outside_the_site_is_served() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/static/%2E%2E/%2E%2E/site.yaml",
        "/no/such/page/",
    ] {
        let (status, body) = get(server.addr, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            body.contains("Page not found"),
            "{path} gets the site's 404 page"
        );
    }
}

#[test]
fn the_build_output_has_no_reload_script() {
    let mut t = SiteTest::from_fixture("minimal");
    t.build().assert_ok();
    for e in walkdir::WalkDir::new(t.public())
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path()
            .extension()
            .is_some_and(|x| x == "html" || x == "js")
        {
            let text = std::fs::read_to_string(e.path()).unwrap();
            assert!(!text.contains("__whiteboard"), "{}", e.path().display());
        }
    }
}

#[test]
fn a_new_title_reaches_every_page_that_lists_the_problem() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let rx = events(server.addr);
    let path = t.root.join("content/problems/first-problem.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: First Problem"));
    let nav_src = |body: &str| {
        let at = body.find("data-nav=").expect("pages load the navigation");
        body[at..].split(['>', ' ']).next().unwrap().to_string()
    };
    let before = nav_src(&get(server.addr, "/guides/rubrics/").1);
    std::fs::write(
        &path,
        text.replace("title: First Problem", "title: Renamed Problem"),
    )
    .unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    for page in ["/", "/nav.html", "/problems/second-problem/"] {
        let (_, body) = get(server.addr, page);
        assert!(
            body.contains("Renamed Problem") && !body.contains("First Problem"),
            "{page} still lists the old title"
        );
    }
    // Every other page asks for the new navigation, not the one its reader has cached.
    let after = nav_src(&get(server.addr, "/guides/rubrics/").1);
    assert_ne!(before, after, "the navigation's version did not change");
}

/// Every page's fragment in the served search index.
fn served_search_records(server: &Server) -> Vec<String> {
    server
        .state
        .paths()
        .into_iter()
        .filter(|path| path.starts_with("search/p/"))
        .map(|path| String::from_utf8(server.state.file(&path).unwrap().to_vec()).unwrap())
        .collect()
}

#[test]
fn the_search_index_follows_edits_and_deletions() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let rx = events(server.addr);
    let wait_for = |what: &str, found: &dyn Fn(&[String]) -> bool| {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !found(&served_search_records(&server)) {
            assert!(
                std::time::Instant::now() < deadline,
                "the search index never showed {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("the first build", &|r| {
        r.iter().any(|r| r.contains("\"problems/second-problem/\""))
    });

    let path = t.root.join("content/guides/rubrics.md");
    std::fs::write(
        &path,
        "---\ntitle: Rubrics\n---\n\n## Scoring\n\nZephyrine points.\n",
    )
    .unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    wait_for("the edited word", &|r| {
        r.iter().any(|r| r.contains("Zephyrine"))
    });

    let extra = t.root.join("content/problems/extra-problem.md");
    let second = std::fs::read_to_string(t.root.join("content/problems/second-problem.md"));
    std::fs::write(
        &extra,
        second
            .unwrap()
            .replace("title: Second Problem", "title: Extra Problem"),
    )
    .unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    wait_for("the new page", &|r| {
        r.iter().any(|r| r.contains("\"problems/extra-problem/\""))
    });
    std::fs::remove_file(&extra).unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    wait_for("the deleted page gone", &|r| {
        !r.is_empty()
            && !r.iter().any(|r| r.contains("\"problems/extra-problem/\""))
            && r.iter().any(|r| r.contains("Zephyrine"))
    });
}

#[test]
fn edits_made_while_another_file_is_broken_are_not_lost() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let rx = events(server.addr);
    let broken = t.root.join("content/problems/first-problem.md");
    let good = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, good.replace("level: L6", "level: L9")).unwrap();
    assert_eq!(next_event(&rx).0, "error");
    std::fs::write(
        t.root.join("content/guides/rubrics.md"),
        "---\ntitle: Rubrics\n---\n\n## Scoring\n\nEdited while broken.\n",
    )
    .unwrap();
    assert_eq!(next_event(&rx).0, "error", "still broken");
    std::fs::write(&broken, good).unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    let (_, body) = get(server.addr, "/guides/rubrics/");
    assert!(body.contains("Edited while broken."), "{body}");
}

/// Sends `request` as it is on a fresh connection; returns what came back before the
/// server closed it (or after 10 s).
fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before a large request is fully sent.
    let _ = stream.write_all(request);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_huge_request_head_is_refused_and_the_server_stays_up() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let long = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let answer = raw(server.addr, long.as_bytes());
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    let line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(40_000));
    assert!(raw(server.addr, line.as_bytes()).starts_with("HTTP/1.1 431"));
    assert_eq!(get(server.addr, "/").0, 200);
}

#[test]
fn only_requests_for_this_machine_are_answered() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let ask = |host: &str| {
        raw(
            server.addr,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        )
    };
    assert!(
        ask("evil.example").starts_with("HTTP/1.1 403"),
        "DNS rebinding"
    );
    assert!(ask("127.0.0.1.evil.example:1111").starts_with("HTTP/1.1 403"));
    assert!(
        raw(server.addr, b"GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 403"),
        "no Host"
    );
    for ok in ["localhost:1111", "127.0.0.1", "[::1]:1111"] {
        let answer = ask(ok);
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "{ok}: {}",
            &answer[..80]
        );
        assert!(
            answer.contains("Content-Security-Policy: default-src 'self'"),
            "{answer}"
        );
    }
}

#[test]
fn head_gets_the_headers_without_the_body() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let get_answer = raw(
        server.addr,
        b"GET /guides/rubrics/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    let head_answer = raw(
        server.addr,
        b"HEAD /guides/rubrics/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    let (get_head, get_body) = get_answer.split_once("\r\n\r\n").unwrap();
    let (head_head, head_body) = head_answer.split_once("\r\n\r\n").unwrap();
    assert!(!get_body.is_empty());
    assert_eq!(head_body, "");
    assert_eq!(
        get_head, head_head,
        "the same headers, Content-Length included"
    );
}

#[test]
fn connections_are_capped_idle_ones_time_out_and_event_streams_end_with_their_page() {
    use std::io::Read;
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    // Open more idle connections than the server serves at once.
    let idle: Vec<std::net::TcpStream> = (0..whiteboard::serve::MAX_CONNECTIONS + 8)
        .map(|_| std::net::TcpStream::connect(server.addr).unwrap())
        .collect();
    let started = std::time::Instant::now();
    let mut refused = 0;
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut buf = String::new();
        let _ = s.read_to_string(&mut buf);
        if buf.starts_with("HTTP/1.1 503") {
            refused += 1;
        }
    }
    assert!(
        refused >= 8,
        "connections over the cap are answered 503 ({refused})"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "idle connections were closed by the server"
    );
    assert_eq!(get(server.addr, "/").0, 200, "the server still answers");

    // A page that goes away stops its event stream's thread.
    let before = server.state.listeners();
    {
        use std::io::Write;
        let mut page = std::net::TcpStream::connect(server.addr).unwrap();
        page.write_all(b"GET /__whiteboard/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while server.state.listeners() == before && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(server.state.listeners(), before + 1);
        // The tab is closed: the connection goes away.
    }
    drop_event_streams(&server, before);
}

/// Waits for the server to notice closed event streams (it writes a heartbeat every few
/// seconds; the write to a closed page fails and its thread ends).
fn drop_event_streams(server: &whiteboard::serve::Server, expected: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while server.state.listeners() > expected && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        server.state.listeners(),
        expected,
        "the closed page's stream ended"
    );
}

#[test]
fn an_error_with_emoji_and_control_characters_reaches_the_page_as_json() {
    let t = SiteTest::from_fixture("minimal");
    let server = start(&t);
    let rx = events(server.addr);
    let path = t.root.join("content/problems/first-problem.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        good.replace("time_limit: 45", "time_limt: 45 # ⚠️ \u{7} \"x\""),
    )
    .unwrap();
    let (name, data) = next_event(&rx);
    assert_eq!(name, "error");
    let text: String = serde_json::from_str(&data).expect("the data is a JSON string");
    assert!(text.contains("⚠️") && text.contains('\u{7}'), "{text}");
}
