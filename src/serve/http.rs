//! The development server's HTTP side: a thread per connection over std's TCP, serving the
//! site from memory, the live-reload event stream, and the reload script.
//!
//! Requests outside the site (`..`, encoded or not) and unknown paths get the site's
//! `404.html` with status 404.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::State;

pub const EVENTS: &str = "/__whiteboard/events";
pub const SCRIPT: &str = "/__whiteboard/reload.js";
const RELOAD_JS: &str = include_str!("reload.js");

/// The request line and headers together may not be longer than this.
pub const MAX_HEAD: u64 = 16 * 1024;
/// How long a connection may stay silent (or take to accept a response) before it is
/// closed, so idle connections cannot pin threads.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an open event stream is written to, so a page that went away is noticed
/// (the write fails) and its thread ends.
pub const HEARTBEAT: Duration = Duration::from_secs(3);

struct Head {
    method: String,
    target: String,
    host: Option<String>,
}

enum BadRequest {
    TooLarge,
    Malformed,
    Io(std::io::Error),
}

/// Reads the request line and headers, at most [`MAX_HEAD`] bytes of them.
fn read_head(stream: &TcpStream) -> Result<Head, BadRequest> {
    let mut reader = BufReader::new(Read::take(stream, MAX_HEAD));
    let mut line = Vec::new();
    let mut next_line = |line: &mut Vec<u8>| -> Result<String, BadRequest> {
        line.clear();
        let n = reader.read_until(b'\n', line).map_err(BadRequest::Io)?;
        if n == 0 || line.last() != Some(&b'\n') {
            // The limit cut the line, or the client stopped mid-line.
            return Err(if reader.get_ref().limit() == 0 {
                BadRequest::TooLarge
            } else {
                BadRequest::Malformed
            });
        }
        String::from_utf8(std::mem::take(line))
            .map(|l| l.trim_end_matches(['\r', '\n']).to_string())
            .map_err(|_| BadRequest::Malformed)
    };
    let request = next_line(&mut line)?;
    let mut parts = request.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(BadRequest::Malformed);
    };
    let mut head = Head {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
    };
    loop {
        let header = next_line(&mut line)?;
        if header.is_empty() {
            return Ok(head);
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            head.host = Some(value.trim().to_ascii_lowercase());
        }
    }
}

/// Whether a `Host` header names this machine: `localhost` or an IP address. A domain name
/// is refused, so a web page cannot reach the server through DNS rebinding (its name
/// resolving to 127.0.0.1).
pub fn host_allowed(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok()
}

pub fn handle(stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let mut out = &stream;
    let head = match read_head(&stream) {
        Ok(head) => head,
        Err(BadRequest::TooLarge) => {
            return respond(
                &mut out,
                "431 Request Header Fields Too Large",
                "text/plain; charset=utf-8",
                Body::Static(b"request head too large"),
                true,
            );
        }
        Err(BadRequest::Malformed) => {
            return respond(
                &mut out,
                "400 Bad Request",
                "text/plain; charset=utf-8",
                Body::Static(b"bad request"),
                true,
            );
        }
        Err(BadRequest::Io(e)) => return Err(e),
    };
    if !head.host.as_deref().is_some_and(host_allowed) {
        return respond(
            &mut out,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            Body::Static(
                b"this preview server answers requests for localhost or an IP address only",
            ),
            true,
        );
    }
    let with_body = head.method != "HEAD";
    if head.method != "GET" && head.method != "HEAD" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            Body::Static(b"GET and HEAD only"),
            true,
        );
    }
    let path = head.target.split(['?', '#']).next().unwrap_or("/");
    match path {
        EVENTS if with_body => {
            let (updates, _listening) = state.subscribe();
            return events(&stream, updates);
        }
        SCRIPT => {
            return respond(
                &mut out,
                "200 OK",
                "text/javascript; charset=utf-8",
                Body::Static(RELOAD_JS.as_bytes()),
                with_body,
            );
        }
        _ => {}
    }
    let (status, kind, body) = match resolve(path) {
        Some(key) => match state.file(&key) {
            Some(bytes) => ("200 OK", content_type(&key), bytes),
            None => not_found(state),
        },
        None => not_found(state),
    };
    respond(&mut out, status, kind, Body::Shared(body), with_body)
}

fn not_found(state: &State) -> (&'static str, &'static str, Arc<[u8]>) {
    let body = state
        .file("404.html")
        .unwrap_or_else(|| Arc::from(&b"not found"[..]));
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

/// A response body: served files are shared with the site in memory, never copied.
enum Body {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Static(b) => b,
            Body::Shared(b) => b,
        }
    }
}

fn respond(
    stream: &mut impl Write,
    status: &str,
    kind: &str,
    body: Body,
    with_body: bool,
) -> std::io::Result<()> {
    let bytes = body.bytes();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        bytes.len(),
        crate::html::CONTENT_SECURITY_POLICY,
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(bytes)?;
    }
    stream.flush()
}

/// Answers a connection over the limit at once, without a thread of its own.
pub fn busy(stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
    let mut out = &stream;
    let _ = respond(
        &mut out,
        "503 Service Unavailable",
        "text/plain; charset=utf-8",
        Body::Static(b"too many open connections; close some tabs"),
        true,
    );
}

/// Server-sent events: one message per rebuild, and a comment line every [`HEARTBEAT`]
/// so the thread ends soon after the page goes away.
fn events(stream: &TcpStream, updates: Receiver<String>) -> std::io::Result<()> {
    let mut out = stream;
    out.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n")?;
    out.flush()?;
    loop {
        match updates.recv_timeout(HEARTBEAT) {
            Ok(message) => out.write_all(message.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
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
    fn only_this_machine_s_names_are_hosts() {
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "localhost",
            "[::1]:1111",
            "192.168.1.20:1111",
        ] {
            assert!(host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "",
            "localhost.evil.example",
        ] {
            assert!(!host_allowed(bad), "{bad}");
        }
    }

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
