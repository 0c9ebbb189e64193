//! A small static file server for browser tests: serves built sites under path prefixes
//! (`/bank1/`, `/bank2/`) on 127.0.0.1 with the theme's Content-Security-Policy, and text
//! compressed with gzip when the browser accepts it, so tests see what a reader on GitHub
//! Pages sees.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;

pub const CSP: &str = whiteboard::html::CONTENT_SECURITY_POLICY;

pub struct StaticServer {
    pub port: u16,
}

impl StaticServer {
    /// Serves each `(prefix, folder)`; `prefix` starts and ends with `/`.
    pub fn start(mounts: Vec<(String, PathBuf)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local addr").port();
        let mounts = Arc::new(mounts);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mounts = Arc::clone(&mounts);
                std::thread::spawn(move || {
                    let _ = handle(stream, &mounts);
                });
            }
        });
        Self { port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn handle(mut stream: TcpStream, mounts: &[(String, PathBuf)]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut gzip = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        gzip |= lower.starts_with("accept-encoding:") && lower.contains("gzip");
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .replace("%20", " ");
    let (status, mut body, kind) = resolve(&path, mounts);
    let compress =
        gzip && (kind.starts_with("text/") || kind.contains("svg") || kind.contains("json"));
    let mut encoding = "";
    if compress {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&body)?;
        body = z.finish()?;
        encoding = "Content-Encoding: gzip\r\n";
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nContent-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}

fn resolve(path: &str, mounts: &[(String, PathBuf)]) -> (&'static str, Vec<u8>, &'static str) {
    for (prefix, dir) in mounts {
        let Some(rest) = path.strip_prefix(prefix.as_str()) else {
            continue;
        };
        if rest.split('/').any(|s| s == "..") {
            break;
        }
        let mut file = dir.join(rest);
        if file.is_dir() {
            file = file.join("index.html");
        }
        if let Ok(bytes) = std::fs::read(&file) {
            return (
                "200 OK",
                bytes,
                whiteboard::serve::content_type(&file.to_string_lossy()),
            );
        }
        let not_found = std::fs::read(dir.join("404.html")).unwrap_or_default();
        return ("404 Not Found", not_found, "text/html; charset=utf-8");
    }
    ("404 Not Found", b"not found".to_vec(), "text/plain")
}
