//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) render
//! as the admonition of the matching MkDocs type, so a problem previews well on GitHub and
//! looks the same here as a `!!!` block.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::Events;

fn style(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("tip", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("danger", "Caution"),
    }
}

pub fn apply(events: &mut Events<'_>) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = style(*kind);
                *event = Event::Html(CowStr::from(format!(
                    "<div class=\"admonition {class}\"><p class=\"admonition-title\">{title}</p>\n"
                )));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                *event = Event::Html(CowStr::Borrowed("</div>\n"))
            }
            _ => {}
        }
    }
}
