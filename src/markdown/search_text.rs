//! The page's text as the search index reads it, taken from the same events as the page
//! just before code and diagrams become HTML: one section per heading (with its id, so a
//! result can point at it), its prose apart from its code (code is searchable but weighs
//! less, and excerpts come from prose), diagrams left out (their source is not prose) and
//! markup the passes wrote (rubric boxes, anchors, admonition frames) skipped.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::Events;
use super::mermaid::is_mermaid;

/// A part of the page from one heading to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's text; empty for what comes before the first heading.
    pub heading: String,
    /// The heading's id, for a link straight to the section.
    pub id: Option<String>,
    /// The heading's level, 1 to 6; 0 before the first heading.
    pub depth: u8,
    /// Prose, words separated as the reader sees them.
    pub prose: String,
    /// Code blocks' text.
    pub code: String,
}

/// The page's sections; the first holds what comes before the first heading.
pub fn sections(events: &Events<'_>) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut in_heading = false;
    let mut in_code = false;
    let mut in_diagram = false;
    for (event, _) in events {
        let section = out.last_mut().expect("starts with one");
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                out.push(Section {
                    id: id.as_ref().map(ToString::to_string),
                    depth: *level as u8,
                    ..Section::default()
                });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(kind)) => {
                if matches!(kind, CodeBlockKind::Fenced(info) if is_mermaid(info)) {
                    in_diagram = true;
                } else {
                    in_code = true;
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if in_code && !section.code.ends_with('\n') {
                    section.code.push('\n');
                }
                (in_code, in_diagram) = (false, false);
            }
            _ if in_diagram => {}
            Event::Text(text) | Event::Code(text) => {
                let into = if in_heading {
                    &mut section.heading
                } else if in_code {
                    &mut section.code
                } else {
                    &mut section.prose
                };
                into.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak => section.prose.push(' '),
            // The end of a block keeps the words either side apart, and so does markup
            // the passes wrote between blocks (a rubric's items, an admonition's frame),
            // whose own text is not prose.
            Event::Html(_)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !section.prose.ends_with(' ') && !section.prose.is_empty() => {
                section.prose.push(' ');
            }
            _ => {}
        }
    }
    for section in &mut out {
        section.prose.truncate(section.prose.trim_end().len());
    }
    out
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::Section;

    #[test]
    fn sections_keep_prose_apart_from_code_and_leave_diagrams_out() {
        let md = "Intro *text*.\n\n## Design {#design}\n\nSome *prose*\nover lines.\n\n```python\nx = \"a<b\"\n```\n\n```mermaid\ngraph TB\n  A[Zeppelin] --> B\n```\n\n- one\n- two\n";
        let mut events: super::Events<'_> = Parser::new_ext(md, Options::ENABLE_HEADING_ATTRIBUTES)
            .into_offset_iter()
            .collect();
        // A pass that writes its own markup for list items, as the rubric does.
        for (event, _) in &mut events {
            if matches!(
                event,
                pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Item)
            ) {
                *event = pulldown_cmark::Event::Html("</li>".into());
            }
        }
        assert_eq!(
            super::sections(&events),
            vec![
                Section {
                    prose: "Intro text.".into(),
                    ..Section::default()
                },
                Section {
                    heading: "Design".into(),
                    id: Some("design".into()),
                    depth: 2,
                    prose: "Some prose over lines. one two".into(),
                    code: "x = \"a<b\"\n".into(),
                },
            ]
        );
    }
}
