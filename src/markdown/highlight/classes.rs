//! Which short class a token gets: syntect's scope names mapped to Pygments-style
//! classes (`k` keyword, `s` string, `c` comment…), most specific scope first.

use std::collections::HashMap;

use syntect::parsing::{Scope, ScopeStack};

pub(crate) fn class_of(
    stack: &ScopeStack,
    cache: &mut HashMap<Scope, Option<&'static str>>,
) -> Option<&'static str> {
    for scope in stack.as_slice().iter().rev() {
        let class = *cache
            .entry(*scope)
            .or_insert_with(|| class_for_scope(&scope.build_string()));
        if class.is_some() {
            return class;
        }
    }
    None
}

/// Scope prefixes and their classes, most specific first.
pub(crate) const CLASSES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("punctuation.definition.comment", "c"),
    ("string.regexp", "sr"),
    ("constant.character.escape", "se"),
    ("string", "s"),
    ("constant.numeric", "m"),
    ("constant.language", "kc"),
    ("keyword.operator", "o"),
    ("keyword", "k"),
    ("storage.type", "kt"),
    ("storage.modifier", "kd"),
    ("storage", "k"),
    ("entity.name.function", "nf"),
    ("support.function", "nf"),
    ("variable.function", "nf"),
    ("entity.name.tag", "nt"),
    ("entity.other.attribute-name", "na"),
    ("entity.name.type", "nc"),
    ("entity.name.class", "nc"),
    ("entity.other.inherited-class", "nc"),
    ("support.type", "nc"),
    ("support.class", "nc"),
    ("entity.name.section", "gh"),
    ("markup.heading", "gh"),
    ("variable.parameter", "nv"),
    ("variable.language", "bp"),
    ("support.constant", "no"),
    ("variable.other.constant", "no"),
    ("constant", "no"),
    ("entity.name", "nn"),
    ("meta.annotation", "nd"),
    ("entity.name.decorator", "nd"),
    ("markup.bold", "gs"),
    ("markup.italic", "ge"),
    ("markup.inserted", "gi"),
    ("markup.deleted", "gd"),
    ("markup.raw", "sb"),
    ("markup.list", "o"),
    ("invalid", "err"),
];

fn class_for_scope(scope: &str) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(prefix, _)| {
            scope == *prefix
                || scope
                    .strip_prefix(prefix)
                    .is_some_and(|r| r.starts_with('.'))
        })
        .map(|(_, class)| *class)
}
