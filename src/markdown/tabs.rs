//! Content tabs (pymdownx.tabbed): consecutive `=== "Label"` blocks at one indent form a
//! tab set; `===!` starts a new set, `===+` selects a tab. The build writes each panel
//! under a visible label, so without JavaScript the panels read stacked; the theme's
//! `tabs.js` turns the labels into an ARIA tablist with arrow-key navigation.

use crate::html::escape;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub label: String,
    pub selected: bool,
    pub new_set: bool,
}

impl Marker {
    pub fn parse(line: &str) -> Option<Self> {
        let rest = line.trim_start_matches([' ', '\t']).strip_prefix("===")?;
        let (selected, new_set, rest) = match rest.chars().next() {
            Some('+') => (true, false, &rest[1..]),
            Some('!') => (false, true, &rest[1..]),
            _ => (false, false, rest),
        };
        let rest = rest.strip_prefix([' ', '\t'])?.trim();
        let label = rest.strip_prefix('"')?.strip_suffix('"')?;
        Some(Self {
            label: label.replace("\\\"", "\""),
            selected,
            new_set,
        })
    }
}

pub fn open_set(page_id: &str, set: usize) -> String {
    format!("<div class=\"tabbed-set\" id=\"{page_id}-tabs-{set}\" data-tabs>")
}

pub fn open_panel(page_id: &str, set: usize, n: usize, label: &str, selected: bool) -> Vec<String> {
    let id = format!("{page_id}-tabs-{set}-{n}");
    let sel = if selected { " data-selected" } else { "" };
    vec![
        format!("<div class=\"tabbed-block\" id=\"{id}\"{sel}>"),
        format!(
            "<p class=\"tabbed-label\" id=\"{id}-label\">{}</p>",
            escape(label)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_flags() {
        assert_eq!(Marker::parse("=== \"Python\"").unwrap().label, "Python");
        assert!(Marker::parse("===+ \"Go\"").unwrap().selected);
        assert!(Marker::parse("===! \"Go\"").unwrap().new_set);
        assert!(Marker::parse("=== Python").is_none());
        assert!(Marker::parse("====").is_none());
    }
}
