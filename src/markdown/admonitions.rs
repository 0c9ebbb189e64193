//! MkDocs / Python-Markdown admonitions: `!!! type "Title"`, collapsible `??? type` and
//! `???+ type`, with MkDocs Material's types and aliases and its HTML class names.
//! The indented body is handled by [`super::containers`]; this file knows the markers.

use crate::html::escape;

/// MkDocs Material's types; each alias maps to the type whose style it takes.
const TYPES: &[(&str, &str)] = &[
    ("note", "note"),
    ("abstract", "abstract"),
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("info", "info"),
    ("todo", "info"),
    ("tip", "tip"),
    ("hint", "tip"),
    ("important", "tip"),
    ("success", "success"),
    ("check", "success"),
    ("done", "success"),
    ("question", "question"),
    ("help", "question"),
    ("faq", "question"),
    ("warning", "warning"),
    ("caution", "warning"),
    ("attention", "warning"),
    ("failure", "failure"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("danger", "danger"),
    ("error", "danger"),
    ("bug", "bug"),
    ("example", "example"),
    ("quote", "quote"),
    ("cite", "quote"),
];

pub const UNKNOWN_TYPE_HELP: &str = "use one of note, abstract, info, tip, success, question, warning, failure, danger, bug, example, quote (or an alias such as hint, caution, error)";

/// The style of an admonition type or alias; `None` for an unknown one.
pub fn canonical(kind: &str) -> Option<&'static str> {
    let lower = kind.to_ascii_lowercase();
    TYPES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, c)| *c)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fold {
    /// `!!!`
    None,
    /// `???`
    Closed,
    /// `???+`
    Open,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The style class: a canonical type, or `note` for an unknown one.
    pub class: &'static str,
    /// Extra words after the type (`inline end`), kept as classes.
    pub extra: Vec<String>,
    /// `None` for `""` (no title bar).
    pub title: Option<String>,
    pub fold: Fold,
    pub warning: Option<String>,
}

impl Marker {
    pub fn parse(line: &str) -> Option<Self> {
        let rest = line.trim_start_matches([' ', '\t']);
        let (fold, rest) = if let Some(r) = rest.strip_prefix("???+") {
            (Fold::Open, r)
        } else if let Some(r) = rest.strip_prefix("???") {
            (Fold::Closed, r)
        } else if let Some(r) = rest.strip_prefix("!!!") {
            (Fold::None, r)
        } else {
            return None;
        };
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let rest = rest.trim();
        let (words, title) = match rest.find('"') {
            Some(q) => (&rest[..q], Some(unquote(&rest[q..])?)),
            None => (rest, None),
        };
        let mut words = words.split_whitespace();
        let kind = words.next()?;
        if !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return None;
        }
        let extra: Vec<String> = words
            .filter(|w| {
                w.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            })
            .map(str::to_string)
            .collect();
        let (class, warning) = match canonical(kind) {
            Some(c) => (c, None),
            None => (
                "note",
                Some(format!(
                    "unknown admonition type `{kind}`, styled as a note"
                )),
            ),
        };
        let title = match title {
            Some(t) if t.is_empty() => None,
            Some(t) => Some(t),
            None => Some(capitalise(kind)),
        };
        Some(Self {
            class,
            extra,
            title,
            fold,
            warning,
        })
    }

    fn classes(&self) -> String {
        let mut c = self.class.to_string();
        for e in &self.extra {
            c.push(' ');
            c.push_str(e);
        }
        c
    }

    /// The lines that open the admonition.
    pub fn open_html(&self) -> Vec<String> {
        let title = self.title.as_deref().map(escape);
        match (&self.fold, title) {
            (Fold::None, Some(t)) => vec![
                format!("<div class=\"admonition {}\">", self.classes()),
                format!("<p class=\"admonition-title\">{t}</p>"),
            ],
            (Fold::None, None) => vec![format!("<div class=\"admonition {}\">", self.classes())],
            (fold, t) => {
                let open = if *fold == Fold::Open { " open" } else { "" };
                let summary = t.unwrap_or_else(|| escape(&capitalise(self.class)));
                vec![
                    format!("<details class=\"{}\"{open}>", self.classes()),
                    format!("<summary>{summary}</summary>"),
                ]
            }
        }
    }

    pub fn close_html(&self) -> &'static str {
        if self.fold == Fold::None {
            "</div>"
        } else {
            "</details>"
        }
    }
}

/// `"text with \"quotes\""` → `text with "quotes"`; `None` if the quote is not closed.
fn unquote(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.strip_prefix('"')?.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next().unwrap_or('\\')),
            '"' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_marker_form() {
        let m = Marker::parse("!!! success \"Complete Practice Framework\"").unwrap();
        assert_eq!(
            (m.class, m.title.as_deref(), &m.fold),
            ("success", Some("Complete Practice Framework"), &Fold::None)
        );
        assert_eq!(
            Marker::parse("!!! hint").unwrap().title.as_deref(),
            Some("Hint")
        );
        assert_eq!(Marker::parse("!!! hint").unwrap().class, "tip");
        assert_eq!(Marker::parse("!!! note \"\"").unwrap().title, None);
        assert_eq!(
            Marker::parse("??? faq \"Why?\"").unwrap().fold,
            Fold::Closed
        );
        assert_eq!(Marker::parse("???+ bug").unwrap().fold, Fold::Open);
        assert!(Marker::parse("!!!note").is_none());
        assert!(Marker::parse("Wow!!! great").is_none());
    }

    #[test]
    fn unknown_types_are_notes_with_a_warning() {
        let m = Marker::parse("!!! sucess \"Done\"").unwrap();
        assert_eq!(m.class, "note");
        assert_eq!(
            m.warning.as_deref(),
            Some("unknown admonition type `sucess`, styled as a note")
        );
    }

    #[test]
    fn titles_are_escaped() {
        let m = Marker::parse(r#"!!! note "Use <b> & \"quotes\"""#).unwrap();
        assert_eq!(
            m.open_html()[1],
            "<p class=\"admonition-title\">Use &lt;b&gt; &amp; &quot;quotes&quot;</p>"
        );
    }
}
