//! HTTP messages as a design doc writes them: request lines (`POST /v1/items HTTP/1.1`),
//! status lines (`HTTP/1.1 202 Accepted`, or just `202 Accepted`), headers, and bodies,
//! which are JSON more often than not. No grammar of arborium's reads HTTP; this reader is
//! one pass over the lines.

use std::ops::Range;

use super::classes::Token;

const METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
];

/// The block's tokens; `json` highlights a body that looks like JSON (its ranges are
/// relative to the body).
pub(crate) fn tokens(code: &str, json: impl Fn(&str) -> Vec<Token>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut in_headers = false;
    let mut body: Option<usize> = None;
    let mut at = 0;
    for line in code.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let text = line.trim_end_matches('\n').trim_end_matches('\r');
        let head = start_line(text);
        if head.is_empty() {
            if text.trim().is_empty() {
                if in_headers {
                    in_headers = false;
                    body = Some(at);
                }
            } else if in_headers && let Some(colon) = header(text) {
                tokens.push((start..start + colon, "k"));
                let value = text[colon + 1..].trim_start();
                if !value.is_empty() {
                    let from = start + text.len() - value.len();
                    tokens.push((from..start + text.len(), "s"));
                }
            } else if in_headers {
                // Not a header: the body starts without a blank line.
                in_headers = false;
                body = Some(start);
            }
            continue;
        }
        if let Some(from) = body.take() {
            body_tokens(code, from..start, &json, &mut tokens);
        }
        tokens.extend(
            head.into_iter()
                .map(|(r, c)| (start + r.start..start + r.end, c)),
        );
        in_headers = true;
    }
    if let Some(from) = body {
        body_tokens(code, from..code.len(), &json, &mut tokens);
    }
    tokens
}

fn body_tokens(
    code: &str,
    range: Range<usize>,
    json: &impl Fn(&str) -> Vec<Token>,
    tokens: &mut Vec<Token>,
) {
    let body = &code[range.clone()];
    if body.trim_start().starts_with(['{', '[']) {
        tokens.extend(
            json(body)
                .into_iter()
                .map(|(r, c)| (range.start + r.start..range.start + r.end, c)),
        );
    }
}

/// The tokens of a request or status line, relative to the line; empty if it is neither.
fn start_line(text: &str) -> Vec<Token> {
    let mut words = Vec::new();
    let mut at = 0;
    for word in text.split(' ') {
        if !word.is_empty() {
            words.push((at..at + word.len(), word));
        }
        at += word.len() + 1;
    }
    let is_version = |w: &str| {
        w.strip_prefix("HTTP/")
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    let is_status = |w: &str| w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        [(method, m), (_, target), rest @ ..]
            if METHODS.contains(m)
                && (target.starts_with('/') || target.contains("://") || *target == "*") =>
        {
            let mut tokens = vec![(method.clone(), "k")];
            if let Some((version, v)) = rest.first()
                && is_version(v)
            {
                tokens.push((version.clone(), "kc"));
            }
            tokens
        }
        [(version, v), (status, s), ..] if is_version(v) && is_status(s) => {
            vec![(version.clone(), "kc"), (status.clone(), "m")]
        }
        [(status, s), (_, reason), ..]
            if is_status(s) && reason.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            vec![(status.clone(), "m")]
        }
        _ => Vec::new(),
    }
}

/// The colon's place in a header line (`Content-Type: application/json`).
fn header(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    let name = &text[..colon];
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(colon)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(code: &str) -> Vec<(&str, &'static str)> {
        tokens(code, |body| vec![(0..body.len(), "json")])
            .into_iter()
            .map(|(r, c)| (&code[r], c))
            .collect()
    }

    #[test]
    fn reads_a_request_and_its_response() {
        let code = "POST /v1/items HTTP/1.1\nContent-Type: application/json\n\n{\"a\": 1}\n\nHTTP/1.1 201 Created\nLocation: /v1/items/7\n";
        assert_eq!(
            classes(code),
            [
                ("POST", "k"),
                ("HTTP/1.1", "kc"),
                ("Content-Type", "k"),
                ("application/json", "s"),
                ("{\"a\": 1}\n\n", "json"),
                ("HTTP/1.1", "kc"),
                ("201", "m"),
                ("Location", "k"),
                ("/v1/items/7", "s"),
            ]
        );
    }

    #[test]
    fn prose_and_tables_are_left_alone() {
        let code = "GET is safe: no body.\n202 means accepted\n";
        assert_eq!(classes(code), []);
        let code = "202 Accepted\n{ \"id\": 1 }\n";
        assert_eq!(classes(code), [("202", "m"), ("{ \"id\": 1 }\n", "json")]);
    }
}
