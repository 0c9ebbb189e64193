//! The stylesheet merman writes into every diagram, cut down to the rules that can match
//! something in that diagram.
//!
//! Each diagram carries the whole stylesheet of its diagram type (a flowchart's is about
//! 30 KB: colour sets, swimlanes, clusters, error glyphs), scoped to the diagram by its id
//! (`#d .cluster rect`). A rule whose selector needs, inside the diagram, an element that
//! the diagram does not have cannot apply to anything, so removing it changes nothing.
//!
//! The test is deliberately one-sided: a selector is dropped only when one of its compound
//! selectors after the diagram's `#id` asks for a type, class, id or attribute that no
//! single element of the diagram has together (or for `:root` below the diagram).
//! Pseudo-classes are assumed to match, combinators are not followed, and anything this
//! scanner does not understand (escapes, namespaces, unknown syntax) keeps the selector.
//! Rules not scoped to the diagram's id, and at-rules other than unused `@keyframes`, are
//! kept as they are.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

/// One element of the diagram, as far as selectors can see it: its name and attributes
/// (values as written in the SVG, entities not decoded).
pub(super) struct Shape<'a> {
    pub name: &'a str,
    pub attrs: Vec<(&'a str, &'a str)>,
}

impl Shape<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// The stylesheet that is left, and whether any rule left depends on the document's
/// structure (`:nth-of-type`, `+`…), in which case removing elements could change what
/// it matches.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Pruned {
    pub css: String,
    pub structural: bool,
}

/// Keeps the rules of `css` that may match in the diagram whose root has `root_id` and
/// whose elements are `shapes`; `@keyframes` stay when a kept rule or `inline` (the
/// diagram's `style` attributes) names them. `None` when the stylesheet is not one this scanner reads
/// with confidence (unbalanced blocks, an unterminated string or comment).
pub(super) fn prune(
    css: &str,
    root_id: &str,
    shapes: &[Shape<'_>],
    inline: &str,
) -> Option<Pruned> {
    let items = items(css)?;
    let mut fit = Fit {
        seen: FxHashMap::default(),
        index: Index::new(shapes),
        shapes,
    };
    let mut out = String::with_capacity(css.len() / 4);
    let mut structural = false;
    let mut kept_blocks = String::new();
    let mut pieces: Vec<Piece> = Vec::new();
    for item in items {
        match item {
            Item::Rule { prelude, block } => {
                let selectors: Vec<&str> = split_top(prelude, b',')
                    .into_iter()
                    .map(str::trim)
                    .filter(|s| may_match(s, root_id, &mut fit))
                    .collect();
                if selectors.is_empty() {
                    continue;
                }
                structural |= selectors.iter().any(|s| is_structural(s));
                kept_blocks.push_str(block);
                pieces.push(Piece::Text(format!("{}{block}", selectors.join(","))));
            }
            Item::Keyframes { name, text } => {
                pieces.push(Piece::Keyframes(name, text));
            }
            Item::Other(text) => {
                // An at-rule we do not read may hold rules of any kind.
                structural |= text.contains('{');
                kept_blocks.push_str(text);
                pieces.push(Piece::Text(text.to_string()));
            }
        }
    }
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Keyframes(name, text) => {
                if mentions_ident(&kept_blocks, name) || mentions_ident(inline, name) {
                    out.push_str(text);
                }
            }
        }
    }
    Some(Pruned {
        css: out,
        structural,
    })
}

enum Piece<'a> {
    Text(String),
    Keyframes(&'a str, &'a str),
}

enum Item<'a> {
    /// A style rule: selectors, then the block with its braces.
    Rule { prelude: &'a str, block: &'a str },
    /// `@keyframes name {…}`, kept only if a kept rule names it.
    Keyframes { name: &'a str, text: &'a str },
    /// Any other at-rule, kept as written.
    Other(&'a str),
}

/// The stylesheet's top-level rules; comments between them are dropped.
fn items(css: &str) -> Option<Vec<Item<'_>>> {
    let b = css.as_bytes();
    let mut items = Vec::new();
    let mut i = 0;
    loop {
        // Whitespace and comments between rules.
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b[i..].starts_with(b"/*") {
                i = find(b, i + 2, b"*/")? + 2;
            } else {
                break;
            }
        }
        if i >= b.len() {
            return Some(items);
        }
        let start = i;
        // The prelude runs to the first `{` or `;` outside strings, brackets and parens.
        let (stop, at) = scan_until(b, i, |c| c == b'{' || c == b';')?;
        if b[start] == b'@' {
            if at == b';' {
                items.push(Item::Other(&css[start..=stop]));
                i = stop + 1;
                continue;
            }
            let end = block_end(b, stop)?;
            let text = &css[start..=end];
            let prelude = css[start + 1..stop].trim();
            let mut words = prelude.split_ascii_whitespace();
            let kind = words.next().unwrap_or("");
            match (words.next(), words.next()) {
                (Some(name), None)
                    if (kind.eq_ignore_ascii_case("keyframes")
                        || kind.eq_ignore_ascii_case("-webkit-keyframes"))
                        && name.bytes().all(is_ident_byte) =>
                {
                    items.push(Item::Keyframes { name, text });
                }
                _ => items.push(Item::Other(text)),
            }
            i = end + 1;
        } else {
            if at != b'{' {
                return None;
            }
            let end = block_end(b, stop)?;
            items.push(Item::Rule {
                prelude: &css[start..stop],
                block: &css[stop..=end],
            });
            i = end + 1;
        }
    }
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The first byte at or after `i`, outside strings, comments, `(…)` and `[…]`, for which
/// `stop` holds, and that byte.
fn scan_until(b: &[u8], mut i: usize, stop: impl Fn(u8) -> bool) -> Option<(usize, u8)> {
    let mut depth = 0usize;
    while i < b.len() {
        let c = b[i];
        if depth == 0 && stop(c) {
            return Some((i, c));
        }
        match c {
            b'"' | b'\'' => i = string_end(b, i)?,
            b'/' if b.get(i + 1) == Some(&b'*') => i = find(b, i + 2, b"*/")? + 1,
            b'\\' => i += 1,
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.checked_sub(1)?,
            b'{' | b'}' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the closing quote of the string opening at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let quote = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'\n' => return None,
            c if c == quote => return Some(j),
            _ => {}
        }
        j += 1;
    }
    None
}

/// The index of the `}` that closes the block opening at `open`.
fn block_end(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => i = string_end(b, i)?,
            b'/' if b.get(i + 1) == Some(&b'*') => i = find(b, i + 2, b"*/")? + 1,
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `s` split at `sep` where it is outside strings, `(…)` and `[…]`.
fn split_top(s: &str, sep: u8) -> Vec<&str> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some((at, _)) = scan_until(b, i, |c| c == sep) {
        parts.push(&s[start..at]);
        start = at + 1;
        i = at + 1;
    }
    parts.push(&s[start..]);
    parts
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
}

/// Whether `ident` occurs in `text` as a whole identifier.
fn mentions_ident(text: &str, ident: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices(ident).any(|(at, _)| {
        let before = at.checked_sub(1).map(|p| b[p]);
        let after = b.get(at + ident.len()).copied();
        !before.is_some_and(is_ident_byte) && !after.is_some_and(is_ident_byte)
    })
}

const STRUCTURAL: [&str; 12] = [
    "nth-child",
    "nth-last-child",
    "nth-of-type",
    "nth-last-of-type",
    "first-child",
    "last-child",
    "first-of-type",
    "last-of-type",
    "only-child",
    "only-of-type",
    "empty",
    "has",
];

/// Whether a selector's matches depend on an element's siblings or children.
fn is_structural(selector: &str) -> bool {
    match parse_selector(selector) {
        Some(compounds) => compounds.iter().any(|(comb, c)| {
            matches!(comb, b'+' | b'~') || c.pseudo.iter().any(|p| STRUCTURAL.contains(p))
        }),
        None => true,
    }
}

/// What one compound selector (`rect.actor[data-look="neo"]:hover`) asks of an element.
#[derive(Default, Debug)]
struct Compound<'a> {
    /// As written, without the pseudo-class arguments' meaning: the memo's key.
    text: &'a str,
    name: Option<&'a str>,
    ids: Vec<&'a str>,
    classes: Vec<&'a str>,
    attrs: Vec<AttrTest<'a>>,
    /// Pseudo-class and pseudo-element names (lowercased by the caller's comparison).
    pseudo: Vec<&'a str>,
    /// A plain `:root`.
    root: bool,
}

#[derive(Debug)]
struct AttrTest<'a> {
    name: &'a str,
    /// Operator and value; `None` tests presence only.
    test: Option<(u8, &'a str)>,
}

/// A selector as compounds, each with the combinator before it (`b' '` for descendant,
/// `0` for the first). `None` for syntax this scanner does not read.
fn parse_selector(selector: &str) -> Option<Vec<(u8, Compound<'_>)>> {
    let s = selector.trim();
    let b = s.as_bytes();
    if s.is_empty() || s.contains('\\') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut comb = 0u8;
    while i < b.len() {
        let (compound, end) = parse_compound(s, i)?;
        out.push((comb, compound));
        i = end;
        // The combinator, with whitespace around it.
        let mut saw_space = false;
        while i < b.len() && b[i].is_ascii_whitespace() {
            saw_space = true;
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        comb = match b[i] {
            c @ (b'>' | b'+' | b'~') => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                c
            }
            _ if saw_space => b' ',
            _ => return None,
        };
    }
    Some(out)
}

fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ident_byte(b[i]) {
        i += 1;
    }
    i
}

/// One compound selector starting at `i`, and where it ends.
fn parse_compound(s: &str, mut i: usize) -> Option<(Compound<'_>, usize)> {
    let b = s.as_bytes();
    let mut c = Compound::default();
    let start = i;
    if b.get(i) == Some(&b'*') {
        i += 1;
    } else if b.get(i).is_some_and(|&x| is_ident_byte(x)) {
        let end = ident_end(b, i);
        c.name = Some(&s[i..end]);
        i = end;
    }
    while i < b.len() {
        match b[i] {
            b'#' | b'.' => {
                let end = ident_end(b, i + 1);
                if end == i + 1 {
                    return None;
                }
                let ident = &s[i + 1..end];
                if b[i] == b'#' {
                    c.ids.push(ident);
                } else {
                    c.classes.push(ident);
                }
                i = end;
            }
            b'[' => {
                let close = scan_until(b, i + 1, |x| x == b']')?.0;
                c.attrs.push(parse_attr_test(&s[i + 1..close])?);
                i = close + 1;
            }
            b':' => {
                let element = b.get(i + 1) == Some(&b':');
                let from = if element { i + 2 } else { i + 1 };
                let end = ident_end(b, from);
                if end == from {
                    return None;
                }
                let name = &s[from..end];
                i = end;
                if b.get(i) == Some(&b'(') {
                    let close = scan_until(b, i + 1, |x| x == b')')?.0;
                    i = close + 1;
                } else if !element && name.eq_ignore_ascii_case("root") {
                    c.root = true;
                }
                c.pseudo.push(name);
            }
            x if x.is_ascii_whitespace() || matches!(x, b'>' | b'+' | b'~') => break,
            _ => return None,
        }
    }
    c.text = &s[start..i];
    (i > start).then_some((c, i))
}

/// `name`, `name="v"`, `name$=v`, with an optional `s` flag; `None` for namespaces, the
/// `i` flag and anything else.
fn parse_attr_test(inner: &str) -> Option<AttrTest<'_>> {
    let b = inner.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let name_start = i;
    i = ident_end(b, i);
    if i == name_start {
        return None;
    }
    let name = &inner[name_start..i];
    let rest = inner[i..].trim();
    if rest.is_empty() {
        return Some(AttrTest { name, test: None });
    }
    let rb = rest.as_bytes();
    let (op, after) = match rb {
        [b'=', ..] => (b'=', &rest[1..]),
        [op @ (b'~' | b'|' | b'^' | b'$' | b'*'), b'=', ..] => (*op, &rest[2..]),
        _ => return None,
    };
    let after = after.trim_start();
    let ab = after.as_bytes();
    let (value, tail) = match ab.first() {
        Some(b'"' | b'\'') => {
            let end = string_end(ab, 0)?;
            (&after[1..end], after[end + 1..].trim())
        }
        Some(_) => {
            let end = ident_end(ab, 0);
            (&after[..end], after[end..].trim())
        }
        None => return None,
    };
    if !(tail.is_empty() || tail.eq_ignore_ascii_case("s")) {
        return None;
    }
    Some(AttrTest {
        name,
        test: Some((op, value)),
    })
}

/// Whether `selector` may match something: `false` only when it is scoped to the diagram
/// (`#root_id …`) and a compound inside the diagram can match none of its elements.
fn may_match<'s>(selector: &'s str, root_id: &str, fit: &mut Fit<'s, '_, '_>) -> bool {
    let Some(compounds) = parse_selector(selector) else {
        return true;
    };
    let Some(scope) = compounds.iter().position(|(_, c)| c.ids.contains(&root_id)) else {
        return true;
    };
    // `#d + x` and `#d ~ x` reach outside the diagram.
    if compounds
        .get(scope + 1)
        .is_some_and(|(comb, _)| matches!(comb, b'+' | b'~'))
    {
        return true;
    }
    compounds[scope..].iter().enumerate().all(|(n, (_, c))| {
        if n > 0 && c.root {
            // The document's root is never inside the diagram.
            return false;
        }
        fit.any(c)
    })
}

/// Whether a compound fits some element, remembered by its text: stylesheets repeat the
/// same compounds hundreds of times.
struct Fit<'s, 'e, 'a> {
    seen: FxHashMap<&'s str, bool>,
    index: Index<'a>,
    shapes: &'e [Shape<'a>],
}

impl<'s> Fit<'s, '_, '_> {
    fn any(&mut self, c: &Compound<'s>) -> bool {
        if let Some(&known) = self.seen.get(c.text) {
            return known;
        }
        let found = self.index.may_fit(c) && self.shapes.iter().any(|shape| fits(c, shape));
        self.seen.insert(c.text, found);
        found
    }
}

/// Everything the diagram's elements have, each part on its own: a compound asking for a
/// class no element has fits none, without looking at every element.
struct Index<'a> {
    names: FxHashSet<Cow<'a, str>>,
    classes: FxHashSet<&'a str>,
    attrs: FxHashSet<Cow<'a, str>>,
    /// Attribute values up to [`SHORT`] bytes (ids, classes, `data-look`), with their
    /// attribute's name: a selector compares against those, and hashing every path's
    /// data to find out would cost more than the rest of the pass.
    values: FxHashSet<(Cow<'a, str>, &'a str)>,
    /// Some value has a character reference: only `fits` compares those (and lets them
    /// pass).
    loose: bool,
}

/// The longest attribute value [`Index`] keeps; a selector asking for a longer one is
/// assumed to fit.
const SHORT: usize = 128;

fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

impl<'a> Index<'a> {
    fn new(shapes: &[Shape<'a>]) -> Self {
        let mut index = Index {
            names: FxHashSet::default(),
            classes: FxHashSet::default(),
            attrs: FxHashSet::default(),
            values: FxHashSet::default(),
            loose: false,
        };
        for shape in shapes {
            index.names.insert(lowercase(shape.name));
            for &(name, value) in &shape.attrs {
                let name = lowercase(name);
                if name == "class" {
                    index.classes.extend(value.split_ascii_whitespace());
                }
                index.loose |= value.contains('&');
                if value.len() <= SHORT {
                    index.values.insert((name.clone(), value));
                }
                index.attrs.insert(name);
            }
        }
        index
    }

    fn has_value(&self, name: &str, value: &str) -> bool {
        value.len() > SHORT || self.values.contains(&(lowercase(name), value))
    }

    /// `false` when some part of the compound is on no element at all.
    fn may_fit(&self, c: &Compound<'_>) -> bool {
        if self.loose {
            return true;
        }
        c.name.is_none_or(|n| self.names.contains(&lowercase(n)))
            && c.classes.iter().all(|x| self.classes.contains(x))
            && c.ids.iter().all(|x| self.has_value("id", x))
            && c.attrs.iter().all(|t| match t.test {
                Some((b'=', want)) => self.has_value(t.name, want),
                _ => self.attrs.contains(&lowercase(t.name)),
            })
    }
}

/// Whether an element has everything a compound asks for (pseudo-classes aside).
fn fits(c: &Compound<'_>, shape: &Shape<'_>) -> bool {
    if c.name.is_some_and(|n| !n.eq_ignore_ascii_case(shape.name)) {
        return false;
    }
    let uncertain = |v: &str| v.contains('&');
    if !c.ids.is_empty() {
        match shape.attr("id") {
            Some(id) if uncertain(id) || c.ids.iter().all(|x| *x == id) => {}
            _ => return false,
        }
    }
    if !c.classes.is_empty() {
        match shape.attr("class") {
            Some(list) if uncertain(list) => {}
            Some(list) => {
                if !c
                    .classes
                    .iter()
                    .all(|x| list.split_ascii_whitespace().any(|have| have == *x))
                {
                    return false;
                }
            }
            None => return false,
        }
    }
    c.attrs.iter().all(|t| match shape.attr(t.name) {
        None => false,
        Some(v) if uncertain(v) => true,
        Some(v) => match t.test {
            None => true,
            Some((op, want)) => match op {
                b'=' => v == want,
                b'~' => v.split_ascii_whitespace().any(|w| w == want),
                b'|' => v == want || v.strip_prefix(want).is_some_and(|r| r.starts_with('-')),
                b'^' => !want.is_empty() && v.starts_with(want),
                b'$' => !want.is_empty() && v.ends_with(want),
                b'*' => !want.is_empty() && v.contains(want),
                _ => true,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> Shape<'a> {
        Shape {
            name,
            attrs: attrs.to_vec(),
        }
    }

    fn diagram() -> Vec<Shape<'static>> {
        vec![
            shape("svg", &[("id", "d"), ("class", "flowchart")]),
            shape("g", &[("class", "node default"), ("data-look", "neo")]),
            shape("rect", &[("class", "basic label-container")]),
            shape("marker", &[("id", "d-arrowhead")]),
            shape("path", &[]),
            shape("p", &[]),
        ]
    }

    fn kept(css: &str) -> String {
        prune(css, "d", &diagram(), "").unwrap().css
    }

    #[test]
    fn rules_for_elements_the_diagram_has_stay() {
        let css = "#d{fill:red;}#d .node rect{stroke:blue;}#d g.node[data-look=\"neo\"]>rect.basic{x:1}#d [id$=\"-arrowhead\"] path{fill:#000}#d p{margin:0}";
        assert_eq!(kept(css), css);
    }

    #[test]
    fn rules_for_elements_the_diagram_lacks_go() {
        assert_eq!(
            kept(
                "#d .cluster rect{a:b}#d [data-color-id=\"color-0\"].node rect{a:b}#d text{a:b}#d .node.edge{a:b}#d .node rect{c:d}"
            ),
            "#d .node rect{c:d}"
        );
        assert_eq!(kept("#d [data-look=\"old\"]{a:b}"), "");
        assert_eq!(kept("#d :root{--x:1}"), "");
        assert_eq!(kept("#d .label,#d p{a:b}"), "#d p{a:b}");
    }

    #[test]
    fn whatever_it_cannot_judge_stays() {
        for css in [
            ".cluster{a:b}",
            "#other .cluster{a:b}",
            "#d + .cluster{a:b}",
            "#d .clu\\73 ter{a:b}",
            "#d svg|rect{a:b}",
            "#d [data-x=\"y\" i]{a:b}",
            "@media print{#d .cluster{a:b}}",
            "@import url(x.css);",
            "#d .node:not(.cluster) rect:hover{a:b}",
        ] {
            assert_eq!(kept(css), css, "{css}");
        }
    }

    #[test]
    fn unused_keyframes_go_and_used_ones_stay() {
        assert_eq!(
            kept(
                "@keyframes dash{to{x:0}}#d .anim{animation:dash 1s}#d .node{animation:spin 2s}@keyframes spin{to{x:1}}"
            ),
            "#d .node{animation:spin 2s}@keyframes spin{to{x:1}}"
        );
        let p = prune(
            "@keyframes dash{to{x:0}}",
            "d",
            &diagram(),
            "animation: dash 1s",
        )
        .unwrap();
        assert_eq!(
            p.css, "@keyframes dash{to{x:0}}",
            "named in a style attribute"
        );
    }

    #[test]
    fn structure_dependent_rules_are_reported() {
        let p = prune("#d .node path:first-of-type{a:b}", "d", &diagram(), "").unwrap();
        assert!(p.structural);
        let p = prune("#d .node + p{a:b}", "d", &diagram(), "").unwrap();
        assert!(p.structural);
        let p = prune(
            "#d .cluster path:first-of-type{a:b}#d p{c:d}",
            "d",
            &diagram(),
            "",
        )
        .unwrap();
        assert!(!p.structural, "only kept rules count");
    }

    #[test]
    fn strings_comments_and_nesting_are_read() {
        let css = "/* a } */#d p{content:\"}{\";font-family:'a,b'}#d .cluster{x:url(\"a{b\")}";
        assert_eq!(kept(css), "#d p{content:\"}{\";font-family:'a,b'}");
    }

    #[test]
    fn broken_stylesheets_are_refused() {
        for css in ["#d p{a:b", "#d p", "#d p{content:\"a}", "/* open", "#d p}"] {
            assert_eq!(prune(css, "d", &diagram(), ""), None, "{css}");
        }
    }
}
