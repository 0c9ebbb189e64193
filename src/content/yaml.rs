//! The one place that knows which YAML crate reads front matter and `site.yaml`.
//!
//! serde_yaml is archived upstream; serde-saphyr is maintained, never panics on malformed
//! input, and reports every serde error as a typed value with a line and column, which is
//! what lets us point at the exact key in the `.md` file and suggest the right one.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlLibError;

use crate::diagnostics::{Diagnostic, did_you_mean};

/// A YAML problem, its line already counted in the file that holds the YAML.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub help: Option<String>,
}

impl YamlError {
    pub fn into_diagnostic(self, path: &Path, file_text: &str) -> Diagnostic {
        let d = Diagnostic::error(path, self.message).at(file_text, self.line, self.column);
        match self.help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }
}

/// Parses `yaml` into `T`. `line_offset` is the number of file lines before the YAML, so
/// errors carry lines of the whole file. The valid top-level keys, for "did you mean"
/// hints, are `T`'s own fields.
pub fn parse<T: DeserializeOwned>(yaml: &str, line_offset: usize) -> Result<T, YamlError> {
    serde_saphyr::from_str::<T>(yaml)
        .map_err(|e| translate(&e, yaml, line_offset, field_names::<T>()))
}

/// The field names a struct deserializes from, as serde's derive states them: asked of a
/// deserializer that only records what it is asked for.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldProbe) {
        Err(Probed(Some(fields))) => fields,
        _ => &[],
    }
}

struct FieldProbe;

#[derive(Debug)]
struct Probed(Option<&'static [&'static str]>);

impl std::fmt::Display for Probed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names probed")
    }
}

impl std::error::Error for Probed {}

impl serde::de::Error for Probed {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Probed(None)
    }
}

impl<'de> serde::Deserializer<'de> for FieldProbe {
    type Error = Probed;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Probed> {
        Err(Probed(None))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probed> {
        Err(Probed(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

fn translate(err: &YamlLibError, yaml: &str, line_offset: usize, keys: &[&str]) -> YamlError {
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    let source_line = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let key = source_line
        .split_once(':')
        .map(|(k, _)| k.trim().trim_start_matches("- ").to_string())
        .filter(|k| !k.is_empty() && !k.contains(' '));
    let found: String = source_line
        .chars()
        .skip(column.saturating_sub(1))
        .collect::<String>()
        .trim()
        .to_string();
    let text = err.without_snippet().to_string();
    // The library's wording ends with its own position; ours is printed separately.
    let text = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(t, _)| t)
        .trim();
    let (message, help) = describe(text, key.as_deref(), &found, keys);
    YamlError {
        message,
        line: line + line_offset,
        column,
        help,
    }
}

/// Rewords serde's messages (the same from any serde format) in the reader's terms.
fn describe(text: &str, key: Option<&str>, found: &str, keys: &[&str]) -> (String, Option<String>) {
    let quoted = |t: &str| t.split('`').nth(1).map(str::to_string);
    let for_key = key.map_or(String::new(), |k| format!(" for `{k}`"));
    if let Some(field) = text.strip_prefix("unknown field ").and_then(quoted) {
        let help = match did_you_mean(&field, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("valid keys are {}", list(keys)),
        };
        return (format!("unknown field `{field}`"), Some(help));
    }
    if let Some(variant) = text.strip_prefix("unknown variant ").and_then(quoted) {
        let expected: Vec<&str> = text
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of "))
            .unwrap_or("")
            .split([',', ' '])
            .map(|v| v.trim_matches('`'))
            .filter(|v| !v.is_empty() && *v != "or")
            .collect();
        let help = match did_you_mean(&variant, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("expected one of {}", list(&expected)),
        };
        return (format!("unknown value `{variant}`{for_key}"), Some(help));
    }
    if let Some(field) = text.strip_prefix("missing field ").and_then(quoted) {
        return (
            format!("missing required field `{field}`"),
            Some(format!("add a line `{field}: …` to the front matter")),
        );
    }
    if let Some(kind) = text.strip_prefix("invalid ").filter(|k| !k.contains(' ')) {
        let expects = if kind.starts_with('u') {
            "a whole number"
        } else if kind.starts_with('i') || kind.starts_with('f') {
            "a number"
        } else {
            kind
        };
        return (
            format!(
                "{}expects {expects}, found `{found}`",
                key.map_or(String::new(), |k| format!("`{k}` "))
            ),
            None,
        );
    }
    if let Some(rest) = text.strip_prefix("duplicate mapping key: ") {
        let dup = rest.split(',').next().unwrap_or(rest);
        return (
            format!("`{dup}` is given twice"),
            Some("keep one of the two lines".into()),
        );
    }
    if text == "expected string scalar" {
        return (
            format!(
                "{}expects text, found `{found}`",
                key.map_or(String::new(), |k| format!("`{k}` "))
            ),
            Some("quote the value if it contains `:`, `[` or `{`".into()),
        );
    }
    (
        text.to_string(),
        Some("check the YAML syntax: `key: value`, one per line".into()),
    )
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 1-based line of a top-level `key:` in a YAML text, for values checked after parsing.
pub fn key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Decodes a file's bytes, or says where the first byte that is not UTF-8 sits.
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&bytes[..at]);
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(
            path,
            format!("file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
        )
        .at(&String::from_utf8_lossy(bytes), line, column)
        .with_help("save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[test]
    fn the_valid_keys_are_the_structs_own_fields() {
        use crate::content::front_matter::{PageMeta, ProblemMeta};
        assert_eq!(
            field_names::<PageMeta>(),
            ["title", "summary", "order", "draft"]
        );
        let problem = field_names::<ProblemMeta>();
        for key in ["title", "time_limit", "phases", "summary", "order", "draft"] {
            assert!(problem.contains(&key), "{key}: {problem:?}");
        }
        assert!(field_names::<crate::config::SiteConfig>().contains(&"base_url"));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        time_limit: u32,
    }

    #[test]
    fn unknown_key_points_at_the_file_line_and_suggests() {
        let e = parse::<Fm>("title: A\ntime_limt: 4\n", 1).unwrap_err();
        assert_eq!(e.message, "unknown field `time_limt`");
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(e.help.as_deref(), Some("did you mean `time_limit`?"));
    }

    #[test]
    fn wrong_type_names_the_key() {
        let e = parse::<Fm>("title: A\ntime_limit: soon\n", 1).unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(
            e.message,
            "`time_limit` expects a whole number, found `soon`"
        );
    }

    #[test]
    fn finds_a_key_line() {
        assert_eq!(key_line("a: 1\ntime_limit: 3\n", "time_limit"), Some(2));
        assert_eq!(key_line("a: 1\n", "time_limit"), None);
    }
}
