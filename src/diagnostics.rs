//! What the tool tells a person about their input.
//!
//! Every problem found in a site (bad front matter, a broken link, a template that does not
//! parse) becomes a [`Diagnostic`] that names the file and, where there is one, the line and
//! column, and prints like rustc: the message, the location, the source line with a caret,
//! and a line of help saying what to do.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root when it is inside it.
    pub path: PathBuf,
    /// 1-based line and column, when the problem has a place in the file.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub help: Option<String>,
    /// The text of `line`, shown under the location with a caret; of a long line, only
    /// the part around the column.
    pub source_line: Option<String>,
    /// Where the caret goes in `source_line` (1-based, in characters), when that is not
    /// `column` because a long line was cut.
    pub caret: Option<u16>,
}

/// Lines longer than this many characters are shown cut around the column.
const SHOWN_LINE: usize = 120;

/// `line` cut to about [`SHOWN_LINE`] characters around `column` (1-based), and the
/// column's place in what is kept.
fn excerpt(line: &str, column: usize) -> (String, Option<u16>) {
    if line.len() <= SHOWN_LINE {
        return (line.to_string(), None);
    }
    let half = SHOWN_LINE / 2;
    let from = column.saturating_sub(half + 1);
    let kept: String = line.chars().skip(from).take(SHOWN_LINE).collect();
    let cut_end = line.chars().nth(from + SHOWN_LINE).is_some();
    let (lead, caret) = if from > 0 {
        ("…", column - from + 1)
    } else {
        ("", column)
    };
    let tail = if cut_end { "…" } else { "" };
    (
        format!("{lead}{kept}{tail}"),
        Some(u16::try_from(caret).unwrap_or(u16::MAX)),
    )
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path.into(), message.into())
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path.into(), message.into())
    }

    fn new(severity: Severity, path: PathBuf, message: String) -> Self {
        Self {
            severity,
            path,
            line: None,
            column: None,
            message,
            help: None,
            source_line: None,
            caret: None,
        }
    }

    /// Points the diagnostic at `line`:`column` (1-based) of `source`, the file's text.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(clamp(line));
        self.column = Some(clamp(column));
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r'));
        self.set_source(text, column);
        self
    }

    fn set_source(&mut self, line: Option<&str>, column: usize) {
        if let Some(l) = line {
            let (shown, caret) = excerpt(l, column.max(1));
            self.source_line = Some(shown);
            self.caret = caret;
        }
    }

    /// Like [`Diagnostic::at`], with the lines of `source` already found.
    pub fn at_indexed(
        mut self,
        source: &str,
        index: &LineIndex,
        line: usize,
        column: usize,
    ) -> Self {
        self.line = Some(clamp(line));
        self.column = Some(clamp(column));
        self.set_source(index.line(source, line), column);
        self
    }

    /// Points the diagnostic at a line when the source text is not at hand.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(clamp(line));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Makes the path relative to `root` for display, when it lies inside it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            // The root itself is `.`, not an empty name.
            self.path = if rel.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                rel.to_path_buf()
            };
        }
        self
    }

    /// `file:line:col`, as far as it is known.
    pub fn location(&self) -> String {
        let mut loc = self.path.display().to_string();
        if let Some(line) = self.line {
            loc.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                loc.push_str(&format!(":{col}"));
            }
        }
        loc
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = self.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        write!(f, "{pad}--> {}", self.location())?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let col = self.caret.map(u32::from).or(self.column).unwrap_or(1) as usize;
            // The caret sits under the column, counted in characters; tabs keep their width.
            let lead: String = text
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{line} | {text}\n{pad} | {lead}^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}

/// Where each line of a text starts, so many positions can be looked up in one text
/// without counting lines from the start each time.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        Self { starts }
    }

    /// Like [`line_col`], in logarithmic time.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |&s| s - 1);
        Some(text[start..end].trim_end_matches('\r'))
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Converts a byte offset in `text` to a 1-based (line, column), the column counted in
/// characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_rustc_with_a_caret_under_the_column() {
        let src = "---\ntitle: X\ntime_limt: 45\n---\n";
        let d = Diagnostic::error("content/problems/x.md", "unknown field `time_limt`")
            .at(src, 3, 1)
            .with_help("did you mean `time_limit`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `time_limt`\n --> content/problems/x.md:3:1\n  |\n3 | time_limt: 45\n  | ^\n  = help: did you mean `time_limit`?"
        );
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}BROKEN{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("x.md", "bad").at(&line, 1, 5001);
        let shown = d.to_string();
        assert!(shown.len() < 600, "{shown}");
        let text_line = shown.lines().find(|l| l.contains("BROKEN")).unwrap();
        let caret_line = shown.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        let at = text_line.find("BROKEN").unwrap();
        let caret = caret_line.find('^').unwrap();
        assert_eq!(
            text_line[..at].chars().count(),
            caret_line[..caret].chars().count(),
            "{shown}"
        );
        assert_eq!(d.column, Some(5001));
    }

    #[test]
    fn the_line_index_agrees_with_counting() {
        let text = "ab\r\nçé x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
        assert_eq!(index.line(text, 1), Some("ab"));
        assert_eq!(index.line(text, 2), Some("çé x"));
        assert_eq!(index.line(text, 4), Some("last"));
        assert_eq!(index.line(text, 5), None);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nçé x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn suggests_only_near_misses() {
        let keys = ["title", "time_limit", "tags"];
        assert_eq!(did_you_mean("time_limt", keys), Some("time_limit"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
