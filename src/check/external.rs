//! `whiteboard check --external`: every `http(s)://` link written in the markdown is
//! fetched. One request at a time per host (several hosts at once), a timeout per request,
//! and retries with a pause for answers that may pass (timeouts, 429, 5xx). A link that is
//! gone (404, 410, no such host) is an error; one that keeps failing otherwise is a warning.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::site::{Made, Site};

const TIMEOUT: Duration = Duration::from_secs(10);
const ATTEMPTS: u32 = 3;
/// Hosts checked at once.
const HOSTS_AT_ONCE: usize = 8;

/// Where a link was written: the file, its text (for the caret line), line and column.
struct Use<'a> {
    path: &'a std::path::Path,
    text: &'a str,
    line: usize,
    column: usize,
}

/// Fetches every `http(s)` address the content writes, as the markdown pass found them
/// (the theme's own links, like "Edit this page", are not the author's to fix).
pub fn check(site: &Site, output: &Made) -> Vec<Diagnostic> {
    let texts: HashMap<&std::path::Path, &str> = site
        .documents
        .iter()
        .map(|d| (d.path.as_path(), d.text.as_str()))
        .collect();
    let mut by_host: BTreeMap<String, BTreeMap<String, Vec<Use<'_>>>> = BTreeMap::new();
    for (path, link) in &output.external_links {
        let Some(text) = texts.get(path.as_path()) else {
            continue;
        };
        by_host
            .entry(host_of(&link.url))
            .or_default()
            .entry(link.url.clone())
            .or_default()
            .push(Use {
                path,
                text,
                line: link.line,
                column: link.column,
            });
    }

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!(
            "whiteboard/",
            env!("CARGO_PKG_VERSION"),
            " link check"
        ))
        .build()
        .into();
    let hosts: Vec<_> = by_host.into_values().collect();
    let mut out = Vec::new();
    for group in hosts.chunks(HOSTS_AT_ONCE) {
        let results: Vec<Vec<Diagnostic>> = std::thread::scope(|scope| {
            let handles: Vec<_> = group
                .iter()
                .map(|links| {
                    let agent = agent.clone();
                    scope.spawn(move || check_host(&agent, links))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        out.extend(results.into_iter().flatten());
    }
    out
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_lowercase()
}

fn check_host(agent: &ureq::Agent, links: &BTreeMap<String, Vec<Use<'_>>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (url, uses) in links {
        let Some((gone, reason)) = fetch(agent, url) else {
            continue;
        };
        for u in uses {
            let message = format!("the link {url} {reason}");
            let d = if gone {
                Diagnostic::error(u.path, message)
            } else {
                Diagnostic::warning(u.path, message)
            };
            out.push(
                d.at(u.text, u.line, u.column)
                    .with_help("update the link, or remove it if the page is gone for good"),
            );
        }
    }
    out
}

/// `None` when the link works; otherwise whether it is gone for good, and why.
fn fetch(agent: &ureq::Agent, url: &str) -> Option<(bool, String)> {
    let mut last = (false, String::new());
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(500 * 2u64.pow(attempt - 1)));
        }
        // Some servers refuse HEAD; ask again with GET before believing them.
        let answer = match agent.head(url).call() {
            Ok(r) if matches!(r.status().as_u16(), 403 | 405 | 501) => agent.get(url).call(),
            other => other,
        };
        match answer {
            Ok(r) => {
                let status = r.status().as_u16();
                match status {
                    200..=399 => return None,
                    404 | 410 => return Some((true, format!("answers {status} (not found)"))),
                    429 | 500..=599 => last = (false, format!("answers {status}")),
                    _ => return Some((false, format!("answers {status}"))),
                }
            }
            Err(ureq::Error::HostNotFound) => {
                return Some((true, "names a host that does not exist".into()));
            }
            Err(e) => last = (false, format!("could not be fetched: {e}")),
        }
    }
    Some((last.0, format!("{} ({ATTEMPTS} attempts)", last.1)))
}
