//! The development server's HTTP side: a thread per connection over std's TCP, serving the
//! site from memory, the live-reload event stream, and the reload script.
//!
//! Requests outside the site (`..`, encoded or not) and unknown paths get the site's
//! `404.html` with status 404.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc::Receiver;

use super::State;

pub const EVENTS: &str = "/__whiteboard/events";
pub const SCRIPT: &str = "/__whiteboard/reload.js";
const RELOAD_JS: &str = include_str!("reload.js");

pub fn handle(stream: TcpStream, state: &State) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only".to_vec(),
        );
    }
    match path {
        EVENTS => return events(stream, state.subscribe()),
        SCRIPT => {
            return respond(
                &mut stream,
                "200 OK",
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
            );
        }
        _ => {}
    }
    let (status, kind, body) = match resolve(path) {
        Some(key) => match state.file(&key) {
            Some(bytes) => ("200 OK", content_type(&key), bytes.to_vec()),
            None => not_found(state),
        },
        None => not_found(state),
    };
    let body = if kind.starts_with("text/html") {
        inject(&body)
    } else {
        body
    };
    respond(&mut stream, status, kind, body)
}

fn not_found(state: &State) -> (&'static str, &'static str, Vec<u8>) {
    let body = state
        .file("404.html")
        .map(|b| b.to_vec())
        .unwrap_or_else(|| b"not found".to_vec());
    ("404 Not Found", "text/html; charset=utf-8", body)
}

/// The output file a URL path names, or `None` for a path that leaves the site.
pub fn resolve(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Adds the reload script to a served page (never to the build's output).
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script type=\"module\" src=\"{SCRIPT}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: Vec<u8>) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}

/// Server-sent events: one line per rebuild, until the page goes away.
fn events(mut stream: TcpStream, updates: Receiver<String>) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n")?;
    stream.flush()?;
    for message in updates {
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
    Ok(())
}

/// The `Content-Type` of a file, by its extension (also used by the tests' static server).
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_output_files_and_never_leave_the_site() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/problems/x/").as_deref(),
            Some("problems/x/index.html")
        );
        assert_eq!(
            resolve("/static/a/site.css").as_deref(),
            Some("static/a/site.css")
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a/..%2f..%2fx",
            "/%zz",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }
}
