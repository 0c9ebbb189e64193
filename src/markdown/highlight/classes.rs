//! Which short class a token gets: the grammars' capture names (`keyword`, `string`,
//! `function.method`…) mapped to Pygments-style classes (`k` keyword, `s` string, `c`
//! comment…), and the nested captures of one block flattened into one class per byte.

use std::ops::Range;

use arborium::advanced::Span;

/// What a capture means for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    /// Text of this class.
    Class(&'static str),
    /// Plain text, even inside a coloured capture (an f-string's `{name}`).
    Plain,
    /// Not a colour at all (`spell`, `local.scope`, …): the capture is ignored.
    Ignore,
}

/// Capture names and their classes, most specific first; a name matches itself and its
/// dotted children (`keyword` matches `keyword.return`).
pub(crate) const CAPTURES: &[(&str, Paint)] = &[
    ("comment", Paint::Class("c")),
    ("string.regex", Paint::Class("sr")),
    ("string.regexp", Paint::Class("sr")),
    ("string.escape", Paint::Class("se")),
    ("escape", Paint::Class("se")),
    ("string.special.key", Paint::Class("nt")),
    ("string", Paint::Class("s")),
    ("character", Paint::Class("s")),
    ("number", Paint::Class("m")),
    ("float", Paint::Class("m")),
    ("boolean", Paint::Class("kc")),
    ("constant.builtin", Paint::Class("kc")),
    ("constant", Paint::Class("no")),
    ("keyword.operator", Paint::Class("o")),
    ("keyword.type", Paint::Class("kt")),
    ("keyword.modifier", Paint::Class("kd")),
    ("storageclass", Paint::Class("kd")),
    ("keyword", Paint::Class("k")),
    ("include", Paint::Class("k")),
    ("conditional", Paint::Class("k")),
    ("repeat", Paint::Class("k")),
    ("exception", Paint::Class("k")),
    ("preproc", Paint::Class("k")),
    ("operator", Paint::Class("o")),
    ("type.builtin", Paint::Class("kt")),
    ("type.qualifier", Paint::Class("kd")),
    ("type", Paint::Class("nc")),
    ("constructor", Paint::Class("nc")),
    ("function", Paint::Class("nf")),
    ("method", Paint::Class("nf")),
    ("variable.builtin", Paint::Class("bp")),
    ("variable.parameter", Paint::Class("nv")),
    ("parameter", Paint::Class("nv")),
    ("variable", Paint::Plain),
    ("field", Paint::Plain),
    ("attribute", Paint::Class("kd")),
    ("tag.attribute", Paint::Class("na")),
    ("tag.error", Paint::Class("err")),
    ("tag", Paint::Class("nt")),
    ("namespace", Paint::Class("nn")),
    ("module", Paint::Class("nn")),
    ("label", Paint::Class("nn")),
    ("text.title", Paint::Class("gh")),
    ("markup.heading", Paint::Class("gh")),
    ("text.strong", Paint::Class("gs")),
    ("markup.bold", Paint::Class("gs")),
    ("text.emphasis", Paint::Class("ge")),
    ("markup.italic", Paint::Class("ge")),
    ("text.literal", Paint::Class("sb")),
    ("markup.raw", Paint::Class("sb")),
    ("text.uri", Paint::Class("s")),
    ("text.reference", Paint::Class("s")),
    ("diff.plus", Paint::Class("gi")),
    ("diff.addition", Paint::Class("gi")),
    ("diff.minus", Paint::Class("gd")),
    ("diff.deletion", Paint::Class("gd")),
    ("error", Paint::Class("err")),
    ("punctuation", Paint::Plain),
    ("embedded", Paint::Plain),
    ("none", Paint::Plain),
];

/// The paint of one capture; `keys` says whether `property` is a key worth a colour
/// (YAML, TOML, JSON) or a member access left plain (code).
pub(crate) fn paint(capture: &str, keys: bool) -> Paint {
    let capture = capture.strip_prefix('@').unwrap_or(capture);
    if capture == "property" || capture.starts_with("property.") {
        return if keys {
            Paint::Class("nt")
        } else {
            Paint::Plain
        };
    }
    CAPTURES
        .iter()
        .find(|(name, _)| {
            capture == *name
                || capture
                    .strip_prefix(name)
                    .is_some_and(|r| r.starts_with('.'))
        })
        .map_or(Paint::Ignore, |(_, paint)| *paint)
}

/// One run of text of one class, by byte range in the block; runs are sorted and never
/// overlap, and text between runs is plain.
pub(crate) type Token = (Range<usize>, &'static str);

/// Turns a grammar's captures, which nest and may repeat a range, into runs with one class
/// each: the innermost capture wins; of two with the same range, one with a colour beats
/// a plain one, then the later pattern wins. `O(n log n)` in the number of captures.
pub(crate) fn flatten(code: &str, spans: Vec<Span>, keys: bool) -> Vec<Token> {
    struct Capture {
        range: Range<usize>,
        paint: Paint,
        pattern: u32,
    }
    let mut captures: Vec<Capture> = spans
        .into_iter()
        .filter_map(|s| {
            let range = s.start as usize..(s.end as usize).min(code.len());
            let paint = paint(&s.capture, keys);
            let usable = range.start < range.end
                && paint != Paint::Ignore
                && code.is_char_boundary(range.start)
                && code.is_char_boundary(range.end);
            usable.then_some(Capture {
                range,
                paint,
                pattern: s.pattern_index,
            })
        })
        .collect();
    // Outer before inner; of equal ranges, the winner last.
    let rank = |c: &Capture| (matches!(c.paint, Paint::Class(_)), c.pattern);
    captures.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
            .then(rank(a).cmp(&rank(b)))
    });
    captures.dedup_by(|later, earlier| {
        if later.range == earlier.range {
            // Keep the later (better ranked) one in the earlier one's place.
            std::mem::swap(later, earlier);
            true
        } else {
            false
        }
    });

    let mut tokens: Vec<Token> = Vec::new();
    let mut emit = |range: Range<usize>, paint: Paint| {
        let Paint::Class(class) = paint else { return };
        if range.is_empty() {
            return;
        }
        let class = if class == "s" && is_number(&code[range.clone()]) {
            // Grammars that cannot tell a number literal from a string (SQL's `literal`).
            "m"
        } else {
            class
        };
        match tokens.last_mut() {
            Some((last, c)) if *c == class && last.end == range.start => last.end = range.end,
            _ => tokens.push((range, class)),
        }
    };
    // The open captures, outermost first; each is clipped to its parent, so they nest.
    let mut open: Vec<(usize, Paint)> = Vec::new();
    let mut at = 0;
    for c in captures {
        while let Some(&(end, paint)) = open.last()
            && end <= c.range.start
        {
            emit(at..end, paint);
            at = at.max(end);
            open.pop();
        }
        let end = match open.last() {
            Some(&(parent_end, paint)) => {
                emit(at..c.range.start, paint);
                c.range.end.min(parent_end)
            }
            None => c.range.end,
        };
        at = at.max(c.range.start);
        open.push((end, c.paint));
    }
    while let Some((end, paint)) = open.pop() {
        emit(at..end, paint);
        at = at.max(end);
    }
    tokens
}

/// A number literal written alone, such as `42`, `-1` or `0.5`.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Every class a token may get, each once.
pub(crate) fn all() -> Vec<&'static str> {
    let mut classes: Vec<&str> = CAPTURES
        .iter()
        .filter_map(|(_, p)| match p {
            Paint::Class(c) => Some(*c),
            _ => None,
        })
        .chain(["nt"])
        .collect();
    classes.sort_unstable();
    classes.dedup();
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u32, end: u32, capture: &str, pattern: u32) -> Span {
        Span {
            start,
            end,
            capture: capture.to_string(),
            pattern_index: pattern,
        }
    }

    #[test]
    fn names_map_by_dotted_prefix() {
        assert_eq!(paint("keyword.return", false), Paint::Class("k"));
        assert_eq!(paint("keywords", false), Paint::Ignore);
        assert_eq!(paint("comment.documentation", false), Paint::Class("c"));
        assert_eq!(paint("function.builtin", false), Paint::Class("nf"));
        assert_eq!(paint("property", true), Paint::Class("nt"));
        assert_eq!(paint("property", false), Paint::Plain);
        assert_eq!(paint("spell", false), Paint::Ignore);
    }

    #[test]
    fn the_innermost_capture_wins_and_plain_ones_cut_holes() {
        // f"a{x}b": a string holding an interpolation left plain.
        let code = "f\"a{x}b\"";
        let spans = vec![
            span(0, 8, "string", 1),
            span(3, 6, "embedded", 2),
            span(4, 5, "variable", 0),
        ];
        assert_eq!(flatten(code, spans, false), vec![(0..3, "s"), (6..8, "s")]);
    }

    #[test]
    fn of_equal_ranges_a_colour_then_the_later_pattern_wins() {
        let spans = vec![span(0, 3, "function.method", 5), span(0, 3, "property", 9)];
        assert_eq!(flatten("run", spans.clone(), false), vec![(0..3, "nf")]);
        assert_eq!(flatten("run", spans, true), vec![(0..3, "nt")]);
    }

    #[test]
    fn crossing_and_out_of_range_captures_are_clipped() {
        let spans = vec![
            span(0, 4, "string", 0),
            span(2, 6, "comment", 0),
            span(5, 99, "keyword", 0),
            span(1, 2, "number", 0), // not a char boundary: ignored
        ];
        let tokens = flatten("é23456", spans, false);
        assert_eq!(tokens, vec![(0..2, "s"), (2..4, "c"), (5..7, "k")]);
    }

    #[test]
    fn numbers_the_grammar_calls_strings_are_numbers() {
        let spans = vec![span(0, 2, "string", 0), span(3, 7, "string", 0)];
        assert_eq!(
            flatten("42 '7'", spans, false),
            vec![(0..2, "m"), (3..6, "s")]
        );
    }
}
