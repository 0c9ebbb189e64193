//! The bank's lists in reading order, made from front matter alone: the navigation
//! (problems by level, `order`, title; guides by `order`, title), each page's previous and
//! next page, and each page's rank for sorting search results.
//!
//! The navigation is one file of the site (`nav.html`, from `partials/nav.html`), which
//! every page loads and caches: a page's size does not grow with the bank. A reader
//! without JavaScript reaches every problem from the home page, which lists them all.

use std::collections::HashMap;

use super::context::{Nav, PageSummary};
use crate::content::PageKind;

/// Where the navigation is published, relative to the site root.
pub const FILE: &str = "nav.html";

/// Problems in reading order (by level, `order`, title) and guides by `order`, title.
pub fn navigation(summaries: &[PageSummary]) -> Nav {
    let mut problems: Vec<PageSummary> = summaries
        .iter()
        .filter(|s| s.kind == PageKind::Problem)
        .cloned()
        .collect();
    problems.sort_by(|a, b| {
        (a.level, a.order.unwrap_or(i64::MAX), &a.title).cmp(&(
            b.level,
            b.order.unwrap_or(i64::MAX),
            &b.title,
        ))
    });
    let mut guides: Vec<PageSummary> = summaries
        .iter()
        .filter(|s| s.kind == PageKind::Guide)
        .cloned()
        .collect();
    guides.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title))
    });
    Nav::new(problems, guides)
}

/// Each page's previous and next page, by its path.
pub type Neighbours<'a> = HashMap<&'a str, (Option<&'a PageSummary>, Option<&'a PageSummary>)>;

/// Previous and next page of each problem among the problems, and of each guide among
/// the guides, in reading order.
pub fn neighbours(nav: &Nav) -> Neighbours<'_> {
    [&nav.problems, &nav.guides]
        .into_iter()
        .flat_map(|list| {
            list.iter().enumerate().map(move |(i, p)| {
                let prev = i.checked_sub(1).and_then(|j| list.get(j));
                (p.path.as_str(), (prev, list.get(i + 1)))
            })
        })
        .collect()
}

/// Each listed page's place in reading order (problems first, then guides); pages in
/// neither list rank after them all.
pub fn ranks(nav: &Nav) -> HashMap<&str, usize> {
    nav.problems
        .iter()
        .chain(&nav.guides)
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect()
}
