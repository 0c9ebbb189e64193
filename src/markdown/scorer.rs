//! Scoring frameworks: under an `##` heading, paragraphs such as
//! `**Requirements (10% of total score):**`, each followed by a list of the five levels of
//! that criterion (`- **5 - Expert**: …` down to `1`). The guide's scorer lets a reader
//! pick a level per criterion and shows the weighted result.
//!
//! The frameworks are read here, at build time: each scale's list carries its framework
//! (the section's id), criterion and weight, and each item its level, as data attributes,
//! so the theme's script reads data and never the page's wording. A weight that is not a
//! number, a scale without exactly five levels, and a framework whose weights do not add
//! up to [`crate::bank::SCORER_TOTAL`] are errors at their line.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Events;
use super::finding::{At, Finding};
use super::headings::plain_text;
use crate::bank::{SCORER_LEVELS, SCORER_TOTAL};
use crate::html::escape;

/// What marks a criterion: its weight in the framework, in a bold lead-in.
const MARK: &str = "% of total score)";

/// One criterion of a framework, as read from the page.
struct Criterion {
    /// The section (its `##` heading's id) whose framework this criterion belongs to.
    framework: String,
    /// `None` when it is not a number (already reported; the framework's total is not).
    weight: Option<u32>,
    /// Byte offset of the criterion's paragraph, for messages.
    offset: usize,
}

/// `Requirements (10% of total score):` → (`Requirements`, `10`); `None` for any other
/// text. The weight is returned as written, to be checked by the caller.
fn criterion_of(text: &str) -> Option<(&str, &str)> {
    let end = text.find(MARK)?;
    let open = text[..end].rfind('(')?;
    Some((text[..open].trim(), text[open + 1..end].trim()))
}

/// Marks every framework's scales with their data; returns what is wrong with them.
pub fn apply(events: &mut Events<'_>) -> Vec<Finding> {
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut findings = Vec::new();
    let mut section = String::from("scorer");
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id: Some(id),
                ..
            }) => section = id.to_string(),
            Event::Start(Tag::Paragraph) => {
                if let Some(next) = criterion(events, i, &section, &mut criteria, &mut findings) {
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    findings.extend(totals(&criteria));
    findings
}

/// Reads the criterion whose paragraph starts at `start`, if it is one, and marks its
/// scale; returns where to carry on.
fn criterion(
    events: &mut Events<'_>,
    start: usize,
    section: &str,
    criteria: &mut Vec<Criterion>,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    if !matches!(events.get(start + 1)?.0, Event::Start(Tag::Strong)) {
        return None;
    }
    let strong_end =
        (start + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Strong)))?;
    let lead = plain_text(&events[start + 2..strong_end]);
    let (name, weight) = criterion_of(&lead)?;
    let offset = events[start].1.start;
    let parsed = weight.parse::<u32>().ok();
    // Counted towards its framework's total even when its scale is wrong.
    criteria.push(Criterion {
        framework: section.to_string(),
        weight: parsed,
        offset,
    });
    let Some(weight) = parsed else {
        findings.push(Finding::error(
            At::Offset(offset),
            format!("the weight of `{name}` is `{weight}%`, not a number"),
            "write the weight as a whole percentage, e.g. `(10% of total score)`",
        ));
        return None;
    };
    let name = name.to_string();
    let paragraph_end = (strong_end..events.len())
        .find(|&j| matches!(events[j].0, Event::End(TagEnd::Paragraph)))?;
    let list = paragraph_end + 1;
    let scale_help = format!(
        "follow the line with a list of the {SCORER_LEVELS} levels, highest first, each \
         starting with its number: `- **5 - Expert**: …` down to `- **1 - …**: …`"
    );
    if !matches!(
        events.get(list).map(|e| &e.0),
        Some(Event::Start(Tag::List(None)))
    ) {
        findings.push(Finding::error(
            At::Offset(offset),
            format!("the criterion `{name}` has no scale under it"),
            scale_help,
        ));
        return None;
    }
    let (items, list_end) = items(events, list);
    if items.len() != SCORER_LEVELS as usize {
        findings.push(Finding::error(
            At::Offset(events[list].1.start),
            format!(
                "the scale of `{name}` has {} levels; a scale has {SCORER_LEVELS}",
                items.len()
            ),
            scale_help,
        ));
        return Some(list_end + 1);
    }
    let mut levels = Vec::new();
    for &(item, item_end) in &items {
        let text = plain_text(&events[item + 1..item_end]);
        let level = text
            .trim_start()
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .filter(|l| (1..=SCORER_LEVELS).contains(l));
        match level {
            Some(level) => levels.push((item, item_end, level)),
            None => {
                findings.push(Finding::error(
                    At::Offset(events[item].1.start),
                    format!("this level of `{name}` does not start with its number"),
                    scale_help.clone(),
                ));
                return Some(list_end + 1);
            }
        }
    }
    events[list].0 = Event::Html(CowStr::from(format!(
        "<ul data-scorer-framework=\"{}\" data-scorer-criterion=\"{}\" data-scorer-weight=\"{weight}\">\n",
        escape(section),
        escape(&name)
    )));
    events[list_end].0 = Event::Html(CowStr::Borrowed("</ul>\n"));
    for (item, item_end, level) in levels {
        events[item].0 = Event::Html(CowStr::from(format!("<li data-scorer-level=\"{level}\">")));
        events[item_end].0 = Event::Html(CowStr::Borrowed("</li>\n"));
    }
    Some(list_end + 1)
}

/// The top-level items of the list starting at `start` (each as its start and end
/// index), and the index of the list's end.
fn items(events: &Events<'_>, start: usize) -> (Vec<(usize, usize)>, usize) {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    return (items, j);
                }
            }
            Event::Start(Tag::Item) if depth == 1 => open = j,
            Event::End(TagEnd::Item) if depth == 1 => items.push((open, j)),
            _ => {}
        }
    }
    (items, events.len().saturating_sub(1))
}

/// Each framework's weights must add up to the whole score.
fn totals(criteria: &[Criterion]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for c in criteria {
        if seen.contains(&c.framework.as_str()) {
            continue;
        }
        seen.push(&c.framework);
        let Some(weights) = criteria
            .iter()
            .filter(|o| o.framework == c.framework)
            .map(|o| o.weight)
            .collect::<Option<Vec<u32>>>()
        else {
            continue;
        };
        let total: u32 = weights.iter().sum();
        if total != SCORER_TOTAL {
            out.push(Finding::error(
                At::Offset(c.offset),
                format!(
                    "this framework's weights add up to {total}%, not {SCORER_TOTAL}% ({})",
                    weights
                        .iter()
                        .map(|w| format!("{w}%"))
                        .collect::<Vec<_>>()
                        .join(" + ")
                ),
                format!("make the criteria's `(N% of total score)` add up to {SCORER_TOTAL}"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_criterion_and_its_weight() {
        assert_eq!(
            criterion_of("Requirements (10% of total score):"),
            Some(("Requirements", "10"))
        );
        assert_eq!(
            criterion_of("Data Model (and API) (12% of total score)"),
            Some(("Data Model (and API)", "12"))
        );
        assert_eq!(
            criterion_of("Scaling (ten% of total score)"),
            Some(("Scaling", "ten"))
        );
        assert_eq!(criterion_of("Requirements (10 points)"), None);
    }
}
