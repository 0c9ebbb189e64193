//! Lints over a markdown file's raw text, before any parsing: mojibake (UTF-8 that was read
//! as Windows-1252 and saved again, so `’` became `â€™`), with the corrected line
//! suggested, and leftover `TODO` markers.

use std::path::Path;

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::containers::{fence_closes, fence_open};

/// Every text problem in one file.
pub fn lint(path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lines = LineIndex::new(text);
    let mut fence = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if let Some((column, fixed)) = mojibake(line) {
            let help = match fixed {
                Some(fixed) => format!("it probably should read: {}", fixed.trim()),
                None => "retype the garbled characters, or copy them again from a UTF-8 \
                         source"
                    .into(),
            };
            out.push(
                Diagnostic::error(
                    path,
                    "this line looks garbled: UTF-8 text that was once read as Windows-1252",
                )
                .at_indexed(text, &lines, line_no, column)
                .with_help(help),
            );
        }
        // Code is left alone: a TODO there is the example's, not the author's.
        match fence {
            Some(open) => {
                if fence_closes(line, open) {
                    fence = None;
                }
                continue;
            }
            None => {
                if let Some(open) = fence_open(line) {
                    fence = Some(open);
                    continue;
                }
            }
        }
        if let Some(column) = todo_marker(line) {
            out.push(
                Diagnostic::warning(path, "a TODO marker is left in the text")
                    .at_indexed(text, &lines, line_no, column)
                    .with_help("finish this part, or remove the marker"),
            );
        }
    }
    out
}

/// The 1-based column of a `TODO` written as a word.
fn todo_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    line.match_indices("TODO").find_map(|(at, _)| {
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(at + 4).copied();
        let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        (!word(before) && !word(after)).then(|| line[..at].chars().count() + 1)
    })
}

/// Windows-1252's characters for bytes 0x80–0x9F; the other bytes map to the code point of
/// the same number (bytes 1252 leaves undefined were read as C1 controls).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The byte Windows-1252 writes for `c`, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    if let Some(i) = CP1252_HIGH.iter().position(|&h| h == c) {
        return Some(0x80 + i as u8);
    }
    let n = c as u32;
    (n < 0x100 && !(0x80..0xA0).contains(&n)).then_some(n as u8)
}

/// Finds UTF-8 sequences spelled out as Windows-1252 characters (`Ã©` for `é`); returns
/// the 1-based column of the first and, when every garbled sequence could be decoded, the
/// line as it should read. (A byte Windows-1252 leaves undefined is often dropped on the
/// way, as in `ðŸ—` for 🏗; such lines are found by their telltale start but cannot be
/// corrected with confidence.)
fn mojibake(line: &str) -> Option<(usize, Option<String>)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut first = None;
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = utf8_spelled_at(&chars[i..]) {
            first.get_or_insert(i + 1);
            out.push(decoded);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    let broken = ["ðŸ", "â€", "Ã¢â", "ï¸"]
        .iter()
        .filter_map(|m| out.find(m))
        .min();
    match (first, broken) {
        (_, Some(at)) => {
            let column = first.unwrap_or_else(|| out[..at].chars().count() + 1);
            Some((column, None))
        }
        (Some(column), None) => Some((column, Some(out))),
        (None, None) => None,
    }
}

/// A lead byte and its continuation bytes, each written as a Windows-1252 character.
fn utf8_spelled_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for c in chars.get(1..len)? {
        let b = cp1252_byte(*c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes.push(b);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    Some((decoded, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbled_punctuation_accents_and_emoji_are_found_and_corrected() {
        assert_eq!(
            mojibake("Itâ€™s a â€œcacheâ€\u{9d} â€” cafÃ© ðŸš€"),
            Some((3, Some("It’s a “cache” — café 🚀".to_string())))
        );
        // A dropped byte: found, but not guessed at.
        assert_eq!(mojibake("## ðŸ—ï¸ L6 Problems"), Some((4, None)));
        assert_eq!(mojibake("It’s a “cache” — café 🚀, naïve, Ångström"), None);
    }

    #[test]
    fn todo_markers_outside_code_are_warnings() {
        let text = "TODO: write this\n\n```\n// TODO in code\n```\nTODOS and toDo are words.\n";
        let d = lint(Path::new("p.md"), text);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(1), Some(1)));
    }
}
