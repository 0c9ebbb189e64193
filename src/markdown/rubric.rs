//! Rubric items: in a problem, a task list whose items end in `(N points)` is the
//! self-assessment rubric. Each item becomes a labelled checkbox carrying a stable id (the
//! slug of its text without the points, so reordering or editing other items keeps a
//! reader's ticks) and its points; the list carries the total. The
//! `**Total Score: ___/50 points**` line becomes a slot the theme fills with the live score.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use super::Events;
use super::finding::{At, Finding};
use super::headings::plain_text;
use super::ids::{Slug, slug};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricItem {
    pub id: String,
    pub text: String,
    pub points: u32,
    /// Byte offset of the item, for messages.
    #[serde(skip)]
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rubric {
    pub items: Vec<RubricItem>,
    /// The sum of the items' points.
    pub total: u32,
    /// The total the page states (`Total Score: ___/50 points`).
    pub declared: Option<u32>,
    /// Byte offset of the stated total, for messages.
    #[serde(skip)]
    pub declared_at: Option<usize>,
}

/// `…text (N points)` → (text, N).
fn points_of(text: &str) -> Option<(&str, u32)> {
    let t = text.trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let mut words = inner[open + 1..].split_whitespace();
    let n: u32 = words.next()?.parse().ok()?;
    let unit = words.next()?;
    if words.next().is_some() || !(unit == "points" || unit == "point" || unit == "pts") {
        return None;
    }
    Some((t[..open].trim_end(), n))
}

/// Rewrites rubric lists and the total line; returns the rubric when the page has one.
pub fn apply(events: &mut Events<'_>) -> Option<Rubric> {
    let mut rubric = Rubric::default();
    let mut ids = Ids::default();
    // Rewritten into a new vector, so a page of many lists costs one pass, not one
    // shift of the whole page per list.
    let mut input = std::mem::take(events);
    events.reserve(input.len());
    let mut i = 0;
    while i < input.len() {
        if matches!(input[i].0, Event::Start(Tag::List(None)))
            && let Some(end) = rubric_list(&input, i)
        {
            rewrite_list(&input, i, end, &mut rubric, &mut ids, events);
            i = end + 1;
            continue;
        }
        events.push(super::take_event(&mut input[i]));
        i += 1;
    }
    for i in 0..events.len() {
        if matches!(events[i].0, Event::Start(Tag::Strong)) {
            total_line(events, i, &mut rubric);
        }
    }
    (!rubric.items.is_empty()).then_some(rubric)
}

/// The end index of the list starting at `start` if every item is a task with points.
fn rubric_list(events: &Events<'_>, start: usize) -> Option<usize> {
    let mut depth = 0;
    let mut items = 0;
    let mut i = start;
    loop {
        match &events.get(i)?.0 {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    return (items > 0).then_some(i);
                }
            }
            Event::Start(Tag::Item) if depth == 1 => {
                let end = item_end(events, i);
                let marker = (i..end).find(|&j| matches!(events[j].0, Event::TaskListMarker(_)))?;
                points_of(&plain_text(&events[marker + 1..end]))?;
                items += 1;
            }
            _ => {}
        }
        i += 1;
    }
}

fn item_end(events: &Events<'_>, start: usize) -> usize {
    let mut depth = 0;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Item) => depth += 1,
            Event::End(TagEnd::Item) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len()
}

fn rewrite_list<'a>(
    events: &Events<'a>,
    start: usize,
    end: usize,
    rubric: &mut Rubric,
    ids: &mut Ids,
    page: &mut Events<'a>,
) {
    let first_item = rubric.items.len();
    let mut out: Events<'_> = Vec::with_capacity(end - start + 16);
    let mut i = start + 1;
    while i < end {
        if !matches!(events[i].0, Event::Start(Tag::Item)) {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let item_end = item_end(events, i);
        let range = events[i].1.clone();
        let marker = (i..item_end)
            .find(|&j| matches!(events[j].0, Event::TaskListMarker(_)))
            .expect("checked by rubric_list");
        let checked = matches!(events[marker].0, Event::TaskListMarker(true));
        let full = plain_text(&events[marker + 1..item_end]);
        let (text, points) = points_of(&full).expect("checked by rubric_list");
        let id = unique(slug(text, Slug::Anchor), ids);
        rubric.items.push(RubricItem {
            id: id.clone(),
            text: text.to_string(),
            points,
            offset: range.start,
        });
        rubric.total = rubric.total.saturating_add(points);
        let html = |s: String| (Event::Html(CowStr::from(s)), range.clone());
        out.push(html("<li class=\"rubric-item\">".into()));
        out.extend(events[i + 1..marker].iter().cloned());
        out.push(html(format!(
            "<label><input type=\"checkbox\" class=\"rubric-check\" data-rubric-id=\"{id}\" data-points=\"{points}\"{}> ",
            if checked { " checked" } else { "" }
        )));
        // The closing `</label>` goes where the marker's block (paragraph or item) ends.
        let block_end = (marker..item_end)
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::Paragraph)))
            .unwrap_or(item_end);
        for j in marker + 1..block_end {
            match &events[j].0 {
                Event::Text(t)
                    if j + 1 == block_end || !has_text_after(events, j + 1, block_end) =>
                {
                    split_points(t, &events[j].1, &mut out);
                }
                _ => out.push(events[j].clone()),
            }
        }
        out.push(html("</label>".into()));
        out.extend(events[block_end..item_end].iter().cloned());
        out.push(html("</li>\n".into()));
        i = item_end + 1;
    }
    let total = rubric.items[first_item..]
        .iter()
        .fold(0u32, |sum, it| sum.saturating_add(it.points));
    let range = events[start].1.clone();
    page.push((
        Event::Html(CowStr::from(format!(
            "<ul class=\"rubric\" data-rubric-total=\"{total}\">\n"
        ))),
        range.clone(),
    ));
    page.append(&mut out);
    page.push((Event::Html(CowStr::Borrowed("</ul>\n")), range));
}

/// What a rubric is worth when the page does not say.
pub const TOTAL: u32 = crate::bank::RUBRIC_TOTAL;

/// What is wrong with a problem's rubric: none at all, a stated total its items do not
/// add up to, items worth nothing (or more than a whole rubric), the same item twice.
/// `file_line` gives the file line of an offset, for messages that name another line.
pub fn problems(rubric: Option<&Rubric>, file_line: impl Fn(usize) -> usize) -> Vec<Finding> {
    let Some(rubric) = rubric else {
        return vec![Finding::error(
            At::File,
            "this problem has no rubric",
            "add a `## Self-Assessment Rubric` list of `- [ ] what to check \
             (N points)` items adding up to 50; `whiteboard new` writes one",
        )];
    };
    let mut out = Vec::new();
    if let (Some(declared), Some(offset)) = (rubric.declared, rubric.declared_at)
        && declared != rubric.total
    {
        out.push(Finding::error(
            At::Offset(offset),
            format!(
                "the rubric's items add up to {} points, but the page states {declared}",
                rubric.total
            ),
            "make the items' points add up to the stated total",
        ));
    }
    if rubric.declared.is_none()
        && rubric.total != TOTAL
        && let Some(first) = rubric.items.first()
    {
        out.push(Finding::error(
            At::Offset(first.offset),
            format!(
                "the rubric's items add up to {} points; a rubric is worth {TOTAL}",
                rubric.total
            ),
            format!(
                "make the items add up to {TOTAL}, and end the list with \
                 `**Total Score: ___/{TOTAL} points**`"
            ),
        ));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in &rubric.items {
        let at = At::Offset(item.offset);
        if item.points == 0 {
            out.push(Finding::error(
                at,
                "this rubric item is worth 0 points",
                "give every item a positive number of points",
            ));
        } else if item.points > TOTAL {
            out.push(Finding::error(
                at,
                format!(
                    "this rubric item is worth {} points, more than a whole rubric",
                    item.points
                ),
                format!("an item is worth 1 to {TOTAL} points"),
            ));
        }
        let key = item.text.to_lowercase();
        if let Some(&first) = seen.get(&key) {
            out.push(Finding::error(
                at,
                format!(
                    "this rubric item repeats the one on line {}",
                    file_line(first)
                ),
                "merge the two items, or say what differs",
            ));
        } else {
            seen.insert(key, item.offset);
        }
    }
    out
}

fn has_text_after(events: &Events<'_>, from: usize, to: usize) -> bool {
    events[from..to]
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(_)))
}

/// The last text of an item: `… (5 points)` with the points in their own element.
fn split_points<'a>(t: &CowStr<'a>, range: &std::ops::Range<usize>, out: &mut Events<'a>) {
    match t.rfind('(') {
        Some(open) if points_of(&t[open..]).is_some() => {
            out.push((
                Event::Text(CowStr::from(t[..open].to_string())),
                range.clone(),
            ));
            out.push((
                Event::Html(CowStr::from(format!(
                    "<span class=\"rubric-points\">{}</span>",
                    t[open..].trim_end()
                ))),
                range.clone(),
            ));
        }
        _ => out.push((Event::Text(t.clone()), range.clone())),
    }
}

/// The rubric's item ids: unique among its items, numbered like headings.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    unique: super::ids::UniqueIds,
}

fn unique(base: String, ids: &mut Ids) -> String {
    ids.unique.make(&base, &mut ids.taken)
}

/// `**Total Score: ___/50 points**` → the score slot, and the declared total.
fn total_line(events: &mut Events<'_>, strong: usize, rubric: &mut Rubric) {
    let Some((Event::Text(t), range)) = events.get(strong + 1).cloned() else {
        return;
    };
    let Some(rest) = t.strip_prefix("Total Score:") else {
        return;
    };
    let Some((blank, total)) = rest.split_once('/') else {
        return;
    };
    let Some(declared) = total
        .trim()
        .strip_suffix("points")
        .and_then(|n| n.trim().parse::<u32>().ok())
    else {
        return;
    };
    rubric.declared = Some(declared);
    rubric.declared_at = Some(range.start);
    events[strong + 1].0 = Event::Html(CowStr::from(format!(
        "Total Score: <span class=\"rubric-score\" data-rubric-declared=\"{declared}\">{}</span>/{declared} points",
        crate::html::escape(blank.trim())
    )));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_from_the_end_of_an_item() {
        assert_eq!(
            points_of("Designed the API (10 points)"),
            Some(("Designed the API", 10))
        );
        assert_eq!(points_of("Caching (1 point) "), Some(("Caching", 1)));
        assert_eq!(points_of("Uses (parentheses) well"), None);
        assert_eq!(points_of("Bad (ten points)"), None);
    }
}
