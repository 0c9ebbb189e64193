//! Raw HTML passes through (content is reviewed), but a `<script>` in content is reported:
//! pages must work under a `script-src 'self'` policy, and scripts belong in the theme.

use pulldown_cmark::Event;

use super::Events;

/// Byte offsets of raw HTML that holds a `<script` element.
pub fn scripts(events: &Events<'_>) -> Vec<usize> {
    events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.to_ascii_lowercase().contains("<script")))
        .map(|(_, r)| r.start)
        .collect()
}
