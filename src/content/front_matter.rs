//! The YAML block at the top of every content file, split off and read into typed values.
//!
//! Problems and the other pages have different schemas; both deny unknown keys, and every
//! error carries the line and column in the `.md` file itself.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::yaml;
use crate::diagnostics::Diagnostic;

/// The interview level a problem prepares for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[value(rename_all = "UPPER")]
pub enum Level {
    L6,
    L7,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::L6, Level::L7];

    pub fn label(self) -> &'static str {
        match self {
            Level::L6 => "L6 · Senior",
            Level::L7 => "L7 · Staff / Platform",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::L6 => "L6",
            Level::L7 => "L7",
        })
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [
        Difficulty::Beginner,
        Difficulty::Intermediate,
        Difficulty::Advanced,
    ];
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        })
    }
}

/// One phase of a problem's time plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    pub minutes: u32,
}

pub const TIME_LIMIT_RANGE: std::ops::RangeInclusive<u32> = 5..=240;

/// Declares a front matter struct: the keys every page takes, declared here once
/// (`title`, then the struct's own keys, then `summary`, `order` and `draft`), unknown keys
/// denied.
///
/// Not `#[serde(flatten)]` of a shared struct: serde reads a flattened struct through a
/// buffered map, which loses the line of an unknown key, the list of valid keys the
/// "did you mean" hint needs, and the wording of type errors in the shared keys.
macro_rules! front_matter {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $($(#[$field_attr:meta])* pub $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Deserialize, Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub title: String,
            $($(#[$field_attr])* pub $field: $ty,)*
            #[serde(default)]
            pub summary: String,
            /// Position in its list; pages without one come last, by title.
            #[serde(default)]
            pub order: Option<i64>,
            /// Built only with `--drafts`.
            #[serde(default)]
            pub draft: bool,
        }
    };
}

front_matter! {
    /// Front matter of a problem page (`content/problems/*.md`).
    pub struct ProblemMeta {
        pub level: Level,
        pub difficulty: Difficulty,
        /// Minutes.
        pub time_limit: u32,
        #[serde(default)]
        pub tags: Vec<String>,
        /// The time plan; when absent, the evaluation guide's split for the level applies.
        #[serde(default)]
        pub phases: Vec<Phase>,
    }
}

impl ProblemMeta {
    /// The phases to practise by: the problem's own, or else [`default_plan`].
    pub fn time_plan(&self) -> Vec<Phase> {
        if !self.phases.is_empty() {
            return self.phases.clone();
        }
        default_plan(self.level, self.time_limit)
    }
}

/// The evaluation guide's split for a level (L6: 60 minutes, L7: 90), scaled to
/// `time_limit`: every phase at least a minute, together exactly the limit (rounding is
/// taken up by the last phase, or by the longest when the last is down to a minute).
pub fn default_plan(level: Level, time_limit: u32) -> Vec<Phase> {
    let (base, split) = crate::bank::guide_split(level);
    let mut plan: Vec<Phase> = split
        .iter()
        .map(|(name, m)| Phase {
            name: (*name).to_string(),
            minutes: ((m * time_limit + base / 2) / base).max(1),
        })
        .collect();
    let last = plan.len() - 1;
    let mut sum: u32 = plan.iter().map(|p| p.minutes).sum();
    while sum < time_limit {
        plan[last].minutes += 1;
        sum += 1;
    }
    while sum > time_limit {
        let i = if plan[last].minutes > 1 {
            last
        } else {
            (0..plan.len())
                .max_by_key(|&i| plan[i].minutes)
                .unwrap_or(last)
        };
        if plan[i].minutes <= 1 {
            break; // fewer minutes than phases; cannot happen within TIME_LIMIT_RANGE
        }
        plan[i].minutes -= 1;
        sum -= 1;
    }
    plan
}

front_matter! {
    /// Front matter of guides, the home page and any other page: the common keys only.
    pub struct PageMeta {}
}

/// A content file cut in two: the YAML and the markdown below it.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines of the file before the first YAML line.
    pub yaml_line_offset: usize,
    /// Byte offset of the body in the file, to turn body positions into file lines.
    pub body_offset: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` at its `---` lines. `what` names the kind of file for the messages.
pub fn split<'a>(path: &Path, text: &'a str, what: &str) -> Result<Split<'a>, Diagnostic> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        let (help, column) = if first.trim_start().starts_with("+++") {
            (
                "whiteboard front matter is YAML between `---` lines, not TOML between `+++`",
                1,
            )
        } else {
            (
                "start the file with a `---` line, then `title: …` and the other keys, then another `---` line",
                1,
            )
        };
        return Err(
            Diagnostic::error(path, format!("{what} has no front matter"))
                .at(text, 1, column)
                .with_help(help),
        );
    }
    let yaml_start = start + first.len();
    let mut offset = yaml_start;
    for line in lines {
        if is_fence(line) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "front matter is not closed")
        .at(text, 1, 1)
        .with_help(
            "add a line `---` after the last front matter key; the front matter opened here",
        ))
}

/// Reads a problem's front matter and checks the values YAML types cannot.
pub fn parse_problem(path: &Path, text: &str, split: &Split) -> Result<ProblemMeta, Diagnostic> {
    let meta: ProblemMeta = parse(path, text, split)?;
    check_title(path, text, split, &meta.title)?;
    if !TIME_LIMIT_RANGE.contains(&meta.time_limit) {
        let line = yaml::key_line(split.yaml, "time_limit").unwrap_or(1) + split.yaml_line_offset;
        let column = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(':'))
            .map_or(1, |c| c + 3);
        return Err(Diagnostic::error(
            path,
            format!("time_limit {} is out of range", meta.time_limit),
        )
        .at(text, line, column)
        .with_help(format!(
            "time_limit is in minutes, from {} to {}",
            TIME_LIMIT_RANGE.start(),
            TIME_LIMIT_RANGE.end()
        )));
    }
    let planned: u32 = meta.phases.iter().map(|p| p.minutes).sum();
    if !meta.phases.is_empty() && planned != meta.time_limit {
        let line = yaml::key_line(split.yaml, "phases").unwrap_or(1) + split.yaml_line_offset;
        return Err(Diagnostic::error(
            path,
            format!(
                "the phases add up to {planned} minutes, but time_limit is {}",
                meta.time_limit
            ),
        )
        .at(text, line, 1)
        .with_help("make the phases' minutes add up to time_limit, or leave phases out to use the guide's split"));
    }
    Ok(meta)
}

/// Reads the front matter of a guide, the home page or any other page.
pub fn parse_page(path: &Path, text: &str, split: &Split) -> Result<PageMeta, Diagnostic> {
    let meta: PageMeta = parse(path, text, split)?;
    check_title(path, text, split, &meta.title)?;
    Ok(meta)
}

fn parse<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    split: &Split,
) -> Result<T, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(path, "front matter is empty")
            .at(text, 1, 1)
            .with_help("add at least `title: …` between the `---` lines"));
    }
    yaml::parse(split.yaml, split.yaml_line_offset).map_err(|e| e.into_diagnostic(path, text))
}

fn check_title(path: &Path, text: &str, split: &Split, title: &str) -> Result<(), Diagnostic> {
    if title.trim().is_empty() {
        let line = yaml::key_line(split.yaml, "title").unwrap_or(1) + split.yaml_line_offset;
        return Err(Diagnostic::error(path, "title is empty")
            .at(text, line, 1)
            .with_help("give the page a title, e.g. `title: URL Shortening Service`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "content/problems/x.md";

    fn problem(text: &str) -> Result<ProblemMeta, Diagnostic> {
        let s = split(Path::new(P), text, "problem")?;
        parse_problem(Path::new(P), text, &s)
    }

    #[test]
    fn splits_yaml_from_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split(Path::new(P), text, "page").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
        let s = split(Path::new(P), text, "page").unwrap();
        assert_eq!(&text[s.body_offset..], "body");
    }

    #[test]
    fn reads_a_full_problem() {
        let m = problem(
            "---\ntitle: T\nlevel: L7\ndifficulty: advanced\ntime_limit: 90\ntags: [a, b]\n---\n",
        )
        .unwrap();
        assert_eq!(m.level, Level::L7);
        assert_eq!(m.difficulty, Difficulty::Advanced);
        assert_eq!(m.tags, ["a", "b"]);
    }

    #[test]
    fn bad_enum_value_suggests_the_nearest() {
        let e = problem("---\ntitle: T\nlevel: L6\ndifficulty: beginer\ntime_limit: 45\n---\n")
            .unwrap_err();
        assert_eq!(e.message, "unknown value `beginer` for `difficulty`");
        assert_eq!(e.line, Some(4));
        assert_eq!(e.help.as_deref(), Some("did you mean `beginner`?"));
    }

    #[test]
    fn phases_must_fill_the_time_limit() {
        let e = problem(
            "---\ntitle: T\nlevel: L6\ndifficulty: beginner\ntime_limit: 45\nphases:\n  - name: Design\n    minutes: 30\n---\n",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "the phases add up to 30 minutes, but time_limit is 45"
        );
        assert_eq!(e.line, Some(6));
        let ok = "---\ntitle: T\nlevel: L6\ndifficulty: beginner\ntime_limit: 45\nphases:\n  - name: Design\n    minutes: 45\n---\n";
        assert_eq!(problem(ok).unwrap().time_plan().len(), 1);
    }

    #[test]
    fn time_limit_out_of_range_points_at_the_value() {
        let e = problem("---\ntitle: T\nlevel: L6\ndifficulty: beginner\ntime_limit: 600\n---\n")
            .unwrap_err();
        assert_eq!(e.message, "time_limit 600 is out of range");
        assert_eq!((e.line, e.column), (Some(5), Some(13)));
    }

    #[test]
    fn the_default_time_plan_is_the_guides_split_scaled_to_the_limit() {
        let m = problem("---\ntitle: T\nlevel: L6\ndifficulty: beginner\ntime_limit: 45\n---\n")
            .unwrap();
        let plan = m.time_plan();
        assert_eq!(plan.iter().map(|p| p.minutes).sum::<u32>(), 45);
        assert_eq!(plan[0].name, "Requirements and scale");
        let m = problem("---\ntitle: T\nlevel: L7\ndifficulty: advanced\ntime_limit: 90\n---\n")
            .unwrap();
        assert_eq!(
            m.time_plan().iter().map(|p| p.minutes).collect::<Vec<_>>(),
            [15, 25, 25, 15, 10]
        );
    }

    #[test]
    fn the_default_plan_fills_every_time_limit() {
        for level in Level::ALL {
            for limit in TIME_LIMIT_RANGE {
                let plan = default_plan(level, limit);
                assert_eq!(
                    plan.iter().map(|p| p.minutes).sum::<u32>(),
                    limit,
                    "{level} {limit}"
                );
                assert!(plan.iter().all(|p| p.minutes >= 1), "{level} {limit}");
            }
        }
    }

    #[test]
    fn unknown_keys_point_at_their_line_and_suggest_shared_and_own_keys() {
        for (typo, meant) in [("drat", "draft"), ("time_limt", "time_limit")] {
            let e = problem(&format!(
                "---\ntitle: T\nlevel: L6\ndifficulty: beginner\ntime_limit: 45\n{typo}: 1\n---\n"
            ))
            .unwrap_err();
            assert_eq!(e.message, format!("unknown field `{typo}`"));
            assert_eq!((e.line, e.column), (Some(6), Some(1)));
            assert_eq!(e.help, Some(format!("did you mean `{meant}`?")));
        }
        let text = "---\ntitle: T\nlevl: L6\n---\n";
        let s = split(Path::new(P), text, "page").unwrap();
        let e = parse_page(Path::new(P), text, &s).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line),
            ("unknown field `levl`", Some(3))
        );
        assert_eq!(
            e.help.as_deref(),
            Some("valid keys are `title`, `summary`, `order`, `draft`")
        );
    }

    #[test]
    fn missing_field_is_named() {
        let e = problem("---\ntitle: T\nlevel: L6\ndifficulty: beginner\n---\n").unwrap_err();
        assert_eq!(e.message, "missing required field `time_limit`");
    }
}
