//! A client for the live-reload event stream of `whiteboard serve`.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{Receiver, channel};

/// Connects to `/__whiteboard/events`; yields each event's name and data.
pub fn events(addr: SocketAddr) -> Receiver<(String, String)> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"GET /__whiteboard/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("request");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ")
                && tx.send((name.clone(), d.to_string())).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// GETs a path; returns the status code and body.
pub fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .expect("request");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut stream, &mut text).expect("response");
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}
