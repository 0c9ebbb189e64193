//! Making merman's SVG small. merman draws what mermaid.js draws, and mermaid.js writes
//! every diagram for an interactive page: the whole stylesheet of the diagram type, every
//! arrowhead and icon the type can use, and layout data for its own scripts. Most of a
//! diagram's bytes are therefore things nothing draws. This pass removes them, and only
//! them:
//!
//! - **CSS rules that cannot match.** The stylesheet is cut down to the rules whose
//!   selectors may match an element of this diagram ([`super::css`] says how the test
//!   stays on the safe side). A rule that matches nothing styles nothing.
//! - **Definitions nothing uses.** `<symbol>`, `<marker>`, `<filter>`, `<clipPath>`,
//!   `<mask>`, gradients and patterns are never drawn where they stand, only where
//!   something refers to their id (`url(#id)`, `href="#id"`, `xlink:href`). One that no
//!   remaining attribute, stylesheet or kept definition names is removed, with a `<defs>`
//!   left empty by that. If a remaining rule depends on siblings or children
//!   (`:nth-of-type`, `+`, `:has()`), nothing is removed, since removing an element
//!   could change what such a rule matches.
//! - **Attributes with no effect on the drawing**: `data-*` attributes that no remaining
//!   rule names (mermaid.js's own bookkeeping, such as every edge's points in base64) and
//!   empty `style=""`; the spaces and empty declarations of the others' `style`.
//!
//! Coordinates are left as merman wrote them, to the last digit: rounding them (even to
//! five decimals) changed pixels in the browser test, because an edge's dash pattern is
//! computed from its path's exact length and labels are laid out as HTML inside
//! `<foreignObject>`. The browser test in `tests/diagrams.rs` compares
//! screenshots of every diagram of the bank before and after this pass.
//!
//! The ids left inside the diagram get short names (`d0-1` for
//! `d0_flowchart-v2-pointEnd-margin`, which every edge repeats), renamed everywhere they
//! are mentioned; the diagram's own id, which scopes its CSS and names it on the page, is
//! kept. Classes, text and everything else are written back as they were.
//! The SVG is read with a small XML scanner; anything it does not expect (a doctype, a
//! processing instruction, mismatched tags, a stylesheet it cannot read) leaves the SVG as
//! merman wrote it.

use std::collections::HashSet;

use rustc_hash::{FxHashMap, FxHashSet};

use super::css::{self, Shape};

/// Elements that are drawn only where something refers to them by id.
const REFERENCED_ONLY: [&str; 8] = [
    "symbol",
    "marker",
    "filter",
    "clipPath",
    "mask",
    "linearGradient",
    "radialGradient",
    "pattern",
];

/// The smaller SVG, or `None` to keep merman's as it is.
pub(crate) fn shrink(svg: &str) -> Option<String> {
    let tokens = tokenize(svg)?;
    let tree = Tree::build(&tokens)?;
    let root = &tree.nodes[0];
    let Token::Start(root_tag) = &tokens[root.start] else {
        return None;
    };
    let root_id = root_tag.attr("id")?;
    if root_id.contains('&') {
        return None;
    }

    // Each stylesheet's text, decoded as the HTML parser decodes it inside `<svg>`.
    let mut styles = Vec::new();
    for (n, node) in tree.nodes.iter().enumerate() {
        if node.name == "style" && node.end > node.start {
            let mut text = String::new();
            for t in &tokens[node.start + 1..node.end] {
                match t {
                    Token::Text(raw) => text.push_str(&decode(raw)?),
                    _ => return None,
                }
            }
            styles.push((n, text));
        }
    }
    let inline: String = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Start(tag) => tag.attr("style"),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(";");

    let shapes = |removed: &[bool]| -> Vec<Shape<'_>> {
        tree.nodes
            .iter()
            .enumerate()
            .filter(|(n, _)| !removed[*n])
            .filter_map(|(_, node)| match &tokens[node.start] {
                Token::Start(tag) => Some(Shape {
                    name: tag.name,
                    attrs: tag.attrs.iter().map(|a| (a.name, a.value)).collect(),
                }),
                _ => None,
            })
            .collect()
    };

    // First cut of the stylesheets, against every element.
    let mut removed = vec![false; tree.nodes.len()];
    let all = shapes(&removed);
    let mut pruned = Vec::new();
    for (n, text) in &styles {
        pruned.push((*n, css::prune(text, root_id, &all, &inline)?));
    }
    let structural = pruned.iter().any(|(_, p)| p.structural);

    if !structural {
        let kept_css: String = pruned.iter().map(|(_, p)| p.css.as_str()).collect();
        removed = unreferenced(&tokens, &tree, &kept_css);
        blank(&tokens, &tree, &kept_css, &mut removed);
        // Second cut, against what is left: rules for removed definitions go too. A rule
        // the first cut dropped matches nothing among fewer elements either, so the second
        // reads the first's result, a tenth of merman's stylesheet.
        let left = shapes(&removed);
        for (_, p) in pruned.iter_mut() {
            *p = css::prune(&p.css, root_id, &left, &inline)?;
        }
    }
    let kept_css: String = pruned.iter().map(|(_, p)| p.css.as_str()).collect();
    let lowered = kept_css.to_ascii_lowercase();
    let ids = (!structural).then(|| ids_in_use(&tokens, &tree, &removed, &kept_css));
    // A rule that reads ids by their spelling (`[id$="-arrowhead"]`) would lose its
    // elements to new names.
    let renames = ids
        .as_ref()
        .filter(|_| !lowered.contains("[id"))
        .map(|ids| short_ids(root_id, ids, &tokens, &kept_css))
        .unwrap_or_default();
    let kept = Kept {
        data: data_names(&lowered),
        ids,
        dedupe_classes: !lowered.contains("[class"),
        renames,
    };

    let mut out = String::with_capacity(svg.len() / 2);
    let mut skip_until: Option<usize> = None;
    let node_at = &tree.starts;
    let mut i = 0;
    while i < tokens.len() {
        if let Some(end) = skip_until {
            if i <= end {
                i += 1;
                continue;
            }
            skip_until = None;
        }
        if let Some(n) = node_at[i]
            && removed[n]
        {
            skip_until = Some(tree.nodes[n].end);
            i += 1;
            continue;
        }
        match &tokens[i] {
            Token::Start(tag) => {
                write_start(&mut out, tag, i == root.start, &kept);
                if let Some(n) = node_at[i]
                    && let Some((_, p)) = pruned.iter().find(|(s, _)| *s == n)
                {
                    // The stylesheet replaces the style element's text.
                    out.push_str(&encode(&renamed(&p.css, &kept.renames)));
                    i = tree.nodes[n].end;
                    continue;
                }
            }
            Token::End(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Token::Text(raw) | Token::Other(raw) => out.push_str(raw),
        }
        i += 1;
    }
    Some(out)
}

#[derive(Debug)]
enum Token<'a> {
    Start(Tag<'a>),
    End(&'a str),
    Text(&'a str),
    /// A comment or CDATA section, written back as it was.
    Other(&'a str),
}

#[derive(Debug)]
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<Attr<'a>>,
    self_closing: bool,
}

#[derive(Debug)]
struct Attr<'a> {
    name: &'a str,
    /// As written, entities not decoded.
    value: &'a str,
    quote: char,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.name == name).map(|a| a.value)
    }
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.') || c >= 0x80
}

/// The SVG as tags and text; `None` for anything but elements, attributes in quotes,
/// text, comments and CDATA.
fn tokenize(s: &str) -> Option<Vec<Token<'_>>> {
    let b = s.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = s[i..].find('<').map_or(b.len(), |p| i + p);
            tokens.push(Token::Text(&s[i..end]));
            i = end;
            continue;
        }
        let rest = &s[i..];
        if rest.starts_with("<!--") {
            let end = i + rest.find("-->")? + 3;
            tokens.push(Token::Other(&s[i..end]));
            i = end;
        } else if rest.starts_with("<![CDATA[") {
            let end = i + rest.find("]]>")? + 3;
            tokens.push(Token::Other(&s[i..end]));
            i = end;
        } else if let Some(after) = rest.strip_prefix("</") {
            let close = after.find('>')?;
            let name = after[..close].trim_end();
            if name.is_empty() || !name.bytes().all(is_name_byte) {
                return None;
            }
            tokens.push(Token::End(name));
            i += 2 + close + 1;
        } else {
            let (tag, len) = start_tag(rest)?;
            tokens.push(Token::Start(tag));
            i += len;
        }
    }
    Some(tokens)
}

/// A start tag at the beginning of `s`, and its length.
fn start_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() && is_name_byte(b[i]) {
        i += 1;
    }
    if i == 1 || !b[1].is_ascii_alphabetic() {
        return None;
    }
    let name = &s[1..i];
    let mut attrs = Vec::new();
    loop {
        let before = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        self_closing: false,
                    },
                    i + 1,
                ));
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        self_closing: true,
                    },
                    i + 2,
                ));
            }
            _ if i == before => return None,
            _ => {}
        }
        let name_start = i;
        while i < b.len() && is_name_byte(b[i]) {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let attr_name = &s[name_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *b.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = i + 1 + s[i + 1..].find(quote as char)?;
        let value = &s[i + 1..close];
        if value.contains('<') {
            return None;
        }
        attrs.push(Attr {
            name: attr_name,
            value,
            quote: quote as char,
        });
        i = close + 1;
    }
}

/// An element: its start token, its end token (the same one if self-closing), its parent.
struct Node<'a> {
    name: &'a str,
    start: usize,
    end: usize,
    parent: Option<usize>,
}

/// The elements in document order; the first is the root `<svg>`.
struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    /// For each token, the element it starts, if any.
    starts: Vec<Option<usize>>,
}

impl<'a> Tree<'a> {
    fn build(tokens: &[Token<'a>]) -> Option<Self> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut closed_root = false;
        for (i, t) in tokens.iter().enumerate() {
            match t {
                Token::Start(tag) => {
                    if closed_root || (open.is_empty() && !nodes.is_empty()) {
                        return None;
                    }
                    let n = nodes.len();
                    nodes.push(Node {
                        name: tag.name,
                        start: i,
                        end: i,
                        parent: open.last().copied(),
                    });
                    if tag.self_closing {
                        closed_root |= open.is_empty();
                    } else {
                        open.push(n);
                    }
                }
                Token::End(name) => {
                    let n = open.pop()?;
                    if nodes[n].name != *name {
                        return None;
                    }
                    nodes[n].end = i;
                    closed_root |= open.is_empty();
                }
                Token::Text(text) if open.is_empty() => {
                    if !text.trim().is_empty() {
                        return None;
                    }
                }
                Token::Text(_) => {}
                Token::Other(_) if open.is_empty() => return None,
                Token::Other(_) => {}
            }
        }
        let root_is_svg = nodes.first().is_some_and(|n| n.name == "svg");
        let mut starts = vec![None; tokens.len()];
        for (n, node) in nodes.iter().enumerate() {
            starts[node.start] = Some(n);
        }
        (open.is_empty() && root_is_svg).then_some(Self { nodes, starts })
    }
}

fn is_id_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.') || c >= 0x80
}

/// Every `#name` in `text`: the ids it may refer to.
fn references(text: &str, into: &mut HashSet<String>) {
    let b = text.as_bytes();
    for (at, _) in text.match_indices('#') {
        let mut end = at + 1;
        while end < b.len() && is_id_byte(b[end]) {
            end += 1;
        }
        if end > at + 1 {
            into.insert(text[at + 1..end].to_string());
        }
    }
}

/// Which nodes to remove: definitions drawn only by reference that nothing kept refers
/// to, and `<defs>` left with nothing in them. `css` is the stylesheet that stays.
fn unreferenced(tokens: &[Token<'_>], tree: &Tree<'_>, css: &str) -> Vec<bool> {
    let n = tree.nodes.len();
    let mut removed = vec![false; n];
    // A reference could be spelled with an entity or an escape this does not decode.
    let unreadable = css.contains('\\')
        || tokens.iter().any(|t| match t {
            Token::Start(tag) => tag.attrs.iter().any(|a| a.value.contains("&#")),
            _ => false,
        });
    if unreadable {
        return removed;
    }
    // Outermost candidates whose id this scanner can recognise in a reference.
    let candidate: Vec<bool> = tree
        .nodes
        .iter()
        .map(|node| {
            let Token::Start(tag) = &tokens[node.start] else {
                return false;
            };
            REFERENCED_ONLY
                .iter()
                .any(|k| k.eq_ignore_ascii_case(tag.name))
                && tag
                    .attr("id")
                    .is_some_and(|id| !id.is_empty() && id.bytes().all(is_id_byte))
        })
        .collect();
    let outer: Vec<Option<usize>> = (0..n)
        .map(|i| {
            let mut top = None;
            let mut at = Some(i);
            while let Some(a) = at {
                if candidate[a] {
                    top = Some(a);
                }
                at = tree.nodes[a].parent;
            }
            top
        })
        .collect();
    let mut refs = HashSet::new();
    references(css, &mut refs);
    let refs_of = |node: usize, refs: &mut HashSet<String>| {
        if let Token::Start(tag) = &tokens[tree.nodes[node].start] {
            for a in &tag.attrs {
                // Its own id is not a reference to itself.
                if a.name != "id" {
                    references(a.value, refs);
                }
            }
        }
    };
    for (i, o) in outer.iter().enumerate() {
        if o.is_none() {
            refs_of(i, &mut refs);
        }
    }
    let mut kept = vec![false; n];
    loop {
        let mut changed = false;
        for c in 0..n {
            if !candidate[c] || outer[c] != Some(c) || kept[c] {
                continue;
            }
            let Token::Start(tag) = &tokens[tree.nodes[c].start] else {
                continue;
            };
            if tag.attr("id").is_some_and(|id| refs.contains(id)) {
                kept[c] = true;
                changed = true;
                for i in (0..n).filter(|&i| outer[i] == Some(c)) {
                    refs_of(i, &mut refs);
                }
            }
        }
        if !changed {
            break;
        }
    }
    for c in 0..n {
        removed[c] = candidate[c] && outer[c] == Some(c) && !kept[c];
    }
    // A `<defs>` left with nothing but whitespace.
    for d in 0..n {
        let node = &tree.nodes[d];
        if !node.name.eq_ignore_ascii_case("defs") || node.start == node.end {
            continue;
        }
        let gone: Vec<(usize, usize)> = (d + 1..n)
            .filter(|&c| removed[c] && tree.nodes[c].parent == Some(d))
            .map(|c| (tree.nodes[c].start, tree.nodes[c].end))
            .collect();
        let empty = (node.start + 1..node.end).all(|t| {
            gone.iter().any(|&(s, e)| s <= t && t <= e)
                || matches!(&tokens[t], Token::Text(text) if text.trim().is_empty())
        });
        if empty {
            removed[d] = true;
        }
    }
    removed
}

/// What of a start tag's attributes the smaller SVG still needs.
struct Kept<'a> {
    /// The `data-*` attributes the kept stylesheet names.
    data: HashSet<&'a str>,
    /// The ids something still refers to; `None` keeps every id.
    ids: Option<FxHashSet<&'a str>>,
    /// Whether a class may be written once however often merman repeats it: not when a
    /// rule compares the whole attribute (`[class="a b"]`).
    dedupe_classes: bool,
    /// Shorter names for ids merman spelled long ([`short_ids`]).
    renames: FxHashMap<&'a str, String>,
}

/// Writes a start tag back, leaving out attributes that draw nothing: `data-*` no rule
/// reads, an empty `style`, a namespace declaration below the root (the SVG is only ever
/// read by the HTML parser, inline in a page), an id nothing refers to, a class written
/// twice. The root keeps every attribute as it was.
fn write_start(out: &mut String, tag: &Tag<'_>, is_root: bool, kept: &Kept<'_>) {
    out.push('<');
    out.push_str(tag.name);
    for a in &tag.attrs {
        let name = a.name;
        let mut value = std::borrow::Cow::Borrowed(a.value);
        if !is_root {
            if name.starts_with("data-") && !kept.data.contains(name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if name == "style" {
                if a.value.trim().is_empty() {
                    continue;
                }
                if let Some(compact) = compact_style(a.value) {
                    value = compact.into();
                }
            }
            // The HTML parser gives an element inside `<svg>` its namespace by where it
            // stands; a declaration on it changes nothing.
            if name == "xmlns" || name.starts_with("xmlns:") {
                continue;
            }
            if name == "id" && kept.ids.as_ref().is_some_and(|ids| !ids.contains(a.value)) {
                continue;
            }
            if name == "class" && kept.dedupe_classes {
                let mut seen = Vec::new();
                for class in a.value.split_ascii_whitespace() {
                    if !seen.contains(&class) {
                        seen.push(class);
                    }
                }
                if seen.len() < a.value.split_ascii_whitespace().count() {
                    value = seen.join(" ").into();
                }
            }
        }
        if !matches!(name, "d" | "points")
            && let std::borrow::Cow::Owned(new) = renamed(&value, &kept.renames)
        {
            value = new.into();
        }
        out.push(' ');
        out.push_str(name);
        out.push('=');
        out.push(a.quote);
        out.push_str(&value);
        out.push(a.quote);
    }
    out.push_str(if tag.self_closing { "/>" } else { ">" });
}

/// A `style` attribute's declarations without the spaces around `:`, `;` and `,` and the
/// empty ones (`stroke-dashoffset: 0;;`), which CSS reads the same; `None` for a value with
/// quotes, escapes, comments or character references, which is kept as it is.
fn compact_style(value: &str) -> Option<String> {
    if value.contains(['&', '"', '\'', '\\']) || value.contains("/*") {
        return None;
    }
    let mut out = String::with_capacity(value.len());
    for declaration in value.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let (property, val) = declaration.split_once(':')?;
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(property.trim());
        out.push(':');
        out.push_str(&val.trim().replace(", ", ","));
    }
    (out.len() < value.len()).then_some(out)
}

/// Shorter names for the ids left in the SVG: merman names its markers and filters after
/// the diagram (`d0_flowchart-v2-pointEnd-margin`) and every edge names its arrowhead, so
/// `d0-1` saves dozens of bytes an edge. An id is renamed only where every mention of it
/// in the attributes and the stylesheet is a whole word, so each is renamed with it; the
/// root's id, which scopes the stylesheet and names the diagram on the page, keeps its
/// name, and the new names start with it, so they meet no other id on the page.
fn short_ids<'a>(
    root_id: &str,
    ids: &FxHashSet<&'a str>,
    tokens: &[Token<'a>],
    css: &str,
) -> FxHashMap<&'a str, String> {
    let mut every_id = FxHashSet::default();
    let mut order = Vec::new();
    let mut partly = FxHashSet::default();
    mentioned_in_part(css, &mut partly);
    for t in tokens {
        if let Token::Start(tag) = t {
            for a in &tag.attrs {
                if a.name == "id" {
                    every_id.insert(a.value);
                    if ids.contains(a.value) && a.value != root_id {
                        order.push(a.value);
                    }
                }
                if !matches!(a.name, "d" | "points") {
                    mentioned_in_part(a.value, &mut partly);
                }
            }
        }
    }
    let mut renames = FxHashMap::default();
    let mut n = 0;
    for id in order {
        if partly.contains(id) {
            continue;
        }
        let short = loop {
            let candidate = format!("{root_id}-{n}");
            n += 1;
            if !every_id.contains(candidate.as_str()) {
                break candidate;
            }
        };
        if short.len() < id.len() {
            renames.insert(id, short);
        }
    }
    renames
}

/// Adds to `into` the names `text` mentions inside a longer run of id characters, next
/// to a `:` or `.`, where they may still be references (`#id:hover`, `#id.cls`) that
/// renaming whole words would miss. A run that goes on with a letter, digit, `-` or `_`
/// is another name (`id-small`), and is not split.
fn mentioned_in_part<'t>(text: &'t str, into: &mut FxHashSet<&'t str>) {
    for run in text.split(|c: char| c.is_ascii() && !is_id_byte(c as u8)) {
        if run.contains([':', '.']) {
            into.extend(run.split([':', '.']));
        }
    }
}

/// `text` with every word (run of id characters) that `renames` names replaced.
fn renamed<'t>(text: &'t str, renames: &FxHashMap<&str, String>) -> std::borrow::Cow<'t, str> {
    if renames.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out = String::new();
    let (mut last, mut i) = (0, 0);
    while i < b.len() {
        if !is_id_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_id_byte(b[i]) {
            i += 1;
        }
        if let Some(new) = renames.get(&text[start..i]) {
            out.push_str(&text[last..start]);
            out.push_str(new);
            last = i;
        }
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// The words of `text` (runs of id characters) that are among `ids`.
fn words<'a>(text: &str, ids: &FxHashSet<&'a str>, into: &mut FxHashSet<&'a str>) {
    for word in text.split(|c: char| c.is_ascii() && !is_id_byte(c as u8)) {
        if let Some(id) = ids.get(word) {
            into.insert(id);
        }
    }
}

/// The ids that anything left in the SVG may name: as `#id` in a rule or a `url()`, as an
/// IDREF (`aria-labelledby`, `href`), or anywhere else a word of an attribute or of the
/// stylesheet. An id no remaining word spells is never looked up, so it can go. Path data
/// (`d`, `points`) is numbers and commands only, never a reference, and is not read.
fn ids_in_use<'a>(
    tokens: &[Token<'a>],
    tree: &Tree<'a>,
    removed: &[bool],
    css: &str,
) -> FxHashSet<&'a str> {
    let mut gone = vec![false; tokens.len()];
    for (n, node) in tree.nodes.iter().enumerate() {
        if removed[n] {
            gone[node.start..=node.end]
                .iter_mut()
                .for_each(|g| *g = true);
        }
    }
    let kept = || {
        tokens.iter().enumerate().filter_map(|(i, t)| match t {
            Token::Start(tag) if !gone[i] => Some(tag),
            _ => None,
        })
    };
    let ids: FxHashSet<&'a str> = kept()
        .filter_map(|tag| tag.attrs.iter().find(|a| a.name == "id").map(|a| a.value))
        .collect();
    let mut used = FxHashSet::default();
    words(css, &ids, &mut used);
    for tag in kept() {
        for a in &tag.attrs {
            if !matches!(a.name, "id" | "d" | "points") {
                words(a.value, &ids, &mut used);
            }
        }
    }
    used
}

/// Marks for removal what draws nothing however it is styled: a `<foreignObject>` with no
/// width or no height and no text in it (its content is clipped to its empty box; merman
/// writes one for every edge without a label), and then any `<g>` left with nothing in it.
/// Left alone if the stylesheet or the box's own style says anything about overflow.
fn blank(tokens: &[Token<'_>], tree: &Tree<'_>, css: &str, removed: &mut [bool]) {
    if css.contains("overflow") {
        return;
    }
    let zero = |v: Option<&str>| v.is_some_and(|v| v.trim().parse::<f64>() == Ok(0.0));
    for (n, node) in tree.nodes.iter().enumerate() {
        let Token::Start(tag) = &tokens[node.start] else {
            continue;
        };
        if !tag.name.eq_ignore_ascii_case("foreignObject")
            || !(zero(tag.attr("width")) || zero(tag.attr("height")))
            || tag.attr("style").is_some_and(|s| s.contains("overflow"))
        {
            continue;
        }
        let has_text = tokens[node.start..=node.end].iter().any(|t| match t {
            Token::Text(text) => !text.trim().is_empty(),
            Token::Other(_) => true,
            _ => false,
        });
        if !has_text {
            removed[n] = true;
        }
    }
    // Innermost first: a group emptied by this empties its parent in the same pass.
    for g in (1..tree.nodes.len()).rev() {
        let node = &tree.nodes[g];
        if removed[g] || !node.name.eq_ignore_ascii_case("g") {
            continue;
        }
        let mut t = node.start + 1;
        let mut empty = true;
        while t < node.end {
            match tree.starts[t] {
                Some(c) if removed[c] => t = tree.nodes[c].end + 1,
                Some(_) => {
                    empty = false;
                    break;
                }
                None => {
                    if matches!(&tokens[t], Token::Text(text) if text.trim().is_empty()) {
                        t += 1;
                    } else {
                        empty = false;
                        break;
                    }
                }
            }
        }
        removed[g] |= empty;
    }
}

/// Every `data-…` name in a (lowercased) stylesheet, wherever it stands.
fn data_names(css: &str) -> HashSet<&str> {
    let b = css.as_bytes();
    css.match_indices("data-")
        .map(|(at, _)| {
            let mut end = at + 5;
            while end < b.len() && (is_name_byte(b[end]) && b[end] != b':') {
                end += 1;
            }
            &css[at..end]
        })
        .collect()
}

/// Text with XML's character references decoded; `None` for one it does not know.
fn decode(raw: &str) -> Option<String> {
    if !raw.contains('&') {
        return Some(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let semi = after.find(';')?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code).filter(|c| *c != '\0')?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Stylesheet text for inside `<style>` in SVG: `&` and `<` as references.
fn encode(css: &str) -> String {
    css.replace('&', "&amp;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flowchart() -> String {
        let id = "p-diagram-0";
        format!(
            r#"<svg id="{id}" width="100%" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100.123456 50"><style>#{id}{{fill:#333;}}#{id} .cluster rect{{fill:red;}}#{id} .node rect{{stroke:blue;}}#{id} .marker{{fill:#000;}}#{id} text.actor&gt;tspan{{fill:#111;}}</style><defs><filter id="{id}-shadow"><feDropShadow dx="1"/></filter></defs><g><marker id="{id}-pointEnd" class="marker"><path d="M 0 0 L 10 5 z"/></marker><marker id="{id}-crossEnd" class="marker"><path d="M 1,1 l 9,9"/></marker><symbol id="{id}-database"><path d="M1.123456 2"/></symbol><g class="root"><path d="M1.23456,2" style="" data-points="W3siIn0=" data-look="neo" marker-end="url(#{id}-pointEnd)"/><g class="node"><rect x="1.00001" width="10"/><foreignObject width="120" height="21"><div xmlns="http://www.w3.org/1999/xhtml"><span class="nodeLabel"><p>Cache &amp; DB</p></span></div></foreignObject></g></g></g></svg>"#
        )
    }

    #[test]
    fn a_flowchart_loses_what_draws_nothing() {
        let out = shrink(&flowchart()).unwrap();
        let id = "p-diagram-0";
        assert_eq!(
            out,
            format!(
                r#"<svg id="{id}" width="100%" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100.123456 50"><style>#{id}{{fill:#333;}}#{id} .node rect{{stroke:blue;}}#{id} .marker{{fill:#000;}}</style><g><marker id="{id}-0" class="marker"><path d="M 0 0 L 10 5 z"/></marker><g class="root"><path d="M1.23456,2" marker-end="url(#{id}-0)"/><g class="node"><rect x="1.00001" width="10"/><foreignObject width="120" height="21"><div><span class="nodeLabel"><p>Cache &amp; DB</p></span></div></foreignObject></g></g></g></svg>"#
            )
        );
    }

    #[test]
    fn definitions_stay_while_anything_kept_refers_to_them() {
        let svg = r##"<svg id="d"><defs><filter id="d-f"/><marker id="d-m" filter="url(#d-f)"/><symbol id="d-s"/><linearGradient id="d-g"/></defs><style>#d .a{fill:url(#d-g)}</style><rect class="a" marker-start="url(#d-m)"/><use xlink:href="#d-s"/></svg>"##;
        assert_eq!(shrink(svg).unwrap(), svg);
    }

    #[test]
    fn nothing_is_removed_when_a_rule_depends_on_structure() {
        let svg = r#"<svg id="d"><style>#d g path:first-of-type{fill:red}</style><g><marker id="d-m"/><path d="M0 0"/></g></svg>"#;
        assert_eq!(shrink(svg).unwrap(), svg);
    }

    #[test]
    fn data_attributes_a_rule_reads_stay() {
        let svg = r#"<svg id="d"><style>#d [data-look="neo"]{fill:red}</style><rect data-look="neo" data-id="x"/></svg>"#;
        assert_eq!(
            shrink(svg).unwrap(),
            r#"<svg id="d"><style>#d [data-look="neo"]{fill:red}</style><rect data-look="neo"/></svg>"#
        );
    }

    #[test]
    fn edges_without_labels_lose_their_empty_label_boxes() {
        let empty = r#"<g class="edgeLabel"><g class="label" transform="translate(0,0)"><foreignObject width="0" height="0"><div xmlns="http://www.w3.org/1999/xhtml" class="labelBkg"><span class="edgeLabel"></span></div></foreignObject></g></g>"#;
        let labelled = r#"<g class="edgeLabel"><g class="label" transform="translate(5,5)"><foreignObject width="40" height="21"><div xmlns="http://www.w3.org/1999/xhtml"><span class="edgeLabel"><p>read</p></span></div></foreignObject></g></g>"#;
        let svg = format!(
            r#"<svg id="d"><style>#d .edgeLabel{{fill:red}}</style><g class="edgeLabels">{empty}{labelled}{empty}</g><g class="edgeLabels">{empty}</g></svg>"#
        );
        assert_eq!(
            shrink(&svg).unwrap(),
            format!(
                r#"<svg id="d"><style>#d .edgeLabel{{fill:red}}</style><g class="edgeLabels">{}</g></svg>"#,
                labelled.replace(r#" xmlns="http://www.w3.org/1999/xhtml""#, "")
            )
        );
        // Said to overflow its box, an empty label might draw its background: it stays.
        let overflowing = format!(
            r#"<svg id="d"><style>#d foreignObject{{overflow:visible}}</style>{empty}</svg>"#
        );
        assert_eq!(
            shrink(&overflowing).unwrap(),
            overflowing.replace(r#" xmlns="http://www.w3.org/1999/xhtml""#, "")
        );
        let own = r#"<svg id="d"><g><foreignObject width="0" height="0" style="overflow: visible;"><div></div></foreignObject></g></svg>"#;
        assert_eq!(
            shrink(own).unwrap(),
            own.replace("overflow: visible;", "overflow:visible")
        );
    }

    #[test]
    fn a_class_is_written_once_unless_a_rule_reads_the_whole_attribute() {
        let svg = r#"<svg id="d"><style>#d .a{fill:red}</style><path class="a b a b c"/></svg>"#;
        assert_eq!(
            shrink(svg).unwrap(),
            r#"<svg id="d"><style>#d .a{fill:red}</style><path class="a b c"/></svg>"#
        );
        let exact =
            r#"<svg id="d"><style>#d [class="a b a"]{fill:red}</style><path class="a b a"/></svg>"#;
        assert_eq!(shrink(exact).unwrap(), exact);
    }

    #[test]
    fn ids_nothing_names_are_dropped_and_named_ones_kept_under_short_names() {
        let svg = r##"<svg id="d" aria-labelledby="d-title"><title id="d-title">Flow</title><style>#d #d-node-A rect{fill:red}</style><defs><marker id="d-arrow"/></defs><g id="d-node-A"><rect/></g><g id="d-node-B"><rect/></g><path id="d-L_A_B_0" marker-end="url(#d-arrow)"/><use href="#d-shape"/><g id="d-shape"/><rect id="actor0"/></svg>"##;
        assert_eq!(
            shrink(svg).unwrap(),
            r##"<svg id="d" aria-labelledby="d-0"><title id="d-0">Flow</title><style>#d #d-2 rect{fill:red}</style><defs><marker id="d-1"/></defs><g id="d-2"><rect/></g><g><rect/></g><path marker-end="url(#d-1)"/><use href="#d-shape"/><rect/></svg>"##
        );
    }

    #[test]
    fn an_id_mentioned_where_a_rename_could_miss_it_keeps_its_name() {
        // `#d-arrow:hover` names the marker inside a longer word; `d-arrow-small` is
        // another id, and the new name must not be one the SVG already has.
        let svg = r##"<svg id="d"><style>#d #d-arrow:hover{fill:red}</style><marker id="d-arrow"/><marker id="d-arrow-small"/><linearGradient id="d-0"/><path marker-end="url(#d-arrow)" marker-start="url(#d-arrow-small)" style="fill:url(#d-0)"/></svg>"##;
        assert_eq!(
            shrink(svg).unwrap(),
            r##"<svg id="d"><style>#d #d-arrow:hover{fill:red}</style><marker id="d-arrow"/><marker id="d-1"/><linearGradient id="d-0"/><path marker-end="url(#d-arrow)" marker-start="url(#d-1)" style="fill:url(#d-0)"/></svg>"##
        );
        // A rule that selects by the id's spelling keeps every name.
        let by_spelling = r##"<svg id="d"><style>#d [id$="-arrowhead"] path{fill:red}</style><marker id="d-arrowhead"><path/></marker><path marker-end="url(#d-arrowhead)"/></svg>"##;
        assert_eq!(shrink(by_spelling).unwrap(), by_spelling);
    }

    #[test]
    fn odd_input_is_left_alone() {
        for svg in [
            "",
            "plain text",
            "<svg id=\"d\"><g></svg>",
            "<svg id=\"d\"></g></svg>",
            "<?xml version=\"1.0\"?><svg id=\"d\"/>",
            "<!DOCTYPE svg><svg id=\"d\"/>",
            "<svg id=\"d\"/><svg id=\"e\"/>",
            "<svg id=\"d\"><rect x=1/></svg>",
            "<svg id=\"d\"><rect x=\"1/></svg>",
            "<svg><rect/></svg>",
            "<g id=\"d\"/>",
            "<svg id=\"d\"><style>#d p{</style></svg>",
            "<svg id=\"d\"><style>#d p{content:\"&bogus;\"}</style></svg>",
            "<svg id=\"d\"><style><![CDATA[#d p{}]]></style></svg>",
            "<svg id=\"d\"><rect x=\"1\"",
            "<svg id=\"d\"><é/></svg>",
            "<svg id=\"a&amp;b\"/>",
        ] {
            assert_eq!(shrink(svg), None, "{svg}");
        }
    }

    #[test]
    fn text_and_comments_pass_through() {
        let svg = "<svg id=\"d\"><!-- a --><text x=\"1.5\">é &lt; 2.123456</text></svg>";
        assert_eq!(shrink(svg).unwrap(), svg);
    }

    #[test]
    fn stylesheets_are_written_back_escaped() {
        let svg = "<svg id=\"d\"><style>#d text&gt;tspan{font-family:&quot;A&amp;B&quot;}</style><text><tspan/></text></svg>";
        assert_eq!(
            shrink(svg).unwrap(),
            "<svg id=\"d\"><style>#d text>tspan{font-family:\"A&amp;B\"}</style><text><tspan/></text></svg>"
        );
    }

    #[test]
    fn styles_lose_their_spaces_but_not_their_quotes() {
        use super::compact_style;
        assert_eq!(
            compact_style("stroke-dasharray: 0 0 42 4; stroke-dashoffset: 0;;").as_deref(),
            Some("stroke-dasharray:0 0 42 4;stroke-dashoffset:0")
        );
        assert_eq!(
            compact_style("stroke: rgb(232, 121, 249); fill: none").as_deref(),
            Some("stroke:rgb(232,121,249);fill:none")
        );
        assert_eq!(compact_style("font-family: &quot;A, B&quot;"), None);
        assert_eq!(compact_style("fill:none"), None, "already compact");
        assert_eq!(compact_style("not a declaration"), None);
    }
}
