//! The page's content as the search index reads it, written from the same events as the
//! page just before code and diagrams become HTML: code blocks as plain text (weighted
//! down, so prose ranks first), diagrams left out (their source is not prose). Headings
//! keep their ids, so results can point at a section.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::Events;
use super::mermaid::is_mermaid;

pub fn html(events: &Events<'_>) -> String {
    let mut out = String::new();
    let mut in_diagram = false;
    let stream = events.iter().filter_map(|(event, _)| {
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                if matches!(kind, CodeBlockKind::Fenced(info) if is_mermaid(info)) {
                    in_diagram = true;
                    return None;
                }
                Cow::Owned(Event::Html(CowStr::Borrowed(
                    "<pre data-pagefind-weight=\"0.5\"><code>",
                )))
            }
            Event::End(TagEnd::CodeBlock) if in_diagram => {
                in_diagram = false;
                return None;
            }
            Event::End(TagEnd::CodeBlock) => {
                Cow::Owned(Event::Html(CowStr::Borrowed("</code></pre>\n")))
            }
            _ if in_diagram => return None,
            other => Cow::Borrowed(other),
        };
        Some(event.into_owned())
    });
    pulldown_cmark::html::push_html(&mut out, stream);
    out
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    #[test]
    fn code_is_plain_text_and_diagrams_are_left_out() {
        let md = "# Title\n\nSome *prose*.\n\n```python\nx = \"a<b\"\n```\n\n```mermaid\ngraph TB\n  A --> B\n```\n\nAfter.\n";
        let events = Parser::new(md).into_offset_iter().collect();
        let html = super::html(&events);
        assert_eq!(
            html,
            "<h1>Title</h1>\n<p>Some <em>prose</em>.</p>\n\
             <pre data-pagefind-weight=\"0.5\"><code>x = \"a&lt;b\"\n</code></pre>\n\
             <p>After.</p>\n"
        );
    }
}
