//! The code languages a fence may name: each with the label its block shows, the names
//! and file extensions authors write for it, and how it is highlighted.

/// How a language's tokens are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// A tree-sitter grammar compiled into the binary, by arborium's name for it.
    TreeSitter(&'static str),
    /// HTTP messages: a small reader of our own (`http.rs`), JSON bodies by the JSON grammar.
    Http,
}

#[derive(Debug)]
pub struct Language {
    /// The block's label when the fence gives no title.
    pub label: &'static str,
    pub grammar: Grammar,
    /// Every name a fence may use, the canonical one first.
    pub names: &'static [&'static str],
    /// What a `property` capture is in this language: a key worth a colour in data
    /// formats, a member access best left plain in code.
    pub keys: bool,
}

use Grammar::{Http, TreeSitter};

/// Every language with highlighting. Each tree-sitter grammar named here is an arborium
/// feature in Cargo.toml; a test checks they all load.
pub const LANGUAGES: &[Language] = &[
    lang(
        "Bash",
        TreeSitter("bash"),
        &["bash", "sh", "shell", "zsh", "console-bash"],
        false,
    ),
    lang(
        "Dockerfile",
        TreeSitter("dockerfile"),
        &["dockerfile", "docker", "containerfile"],
        false,
    ),
    lang("Go", TreeSitter("go"), &["go", "golang"], false),
    lang("GraphQL", TreeSitter("graphql"), &["graphql", "gql"], false),
    lang("HCL", TreeSitter("hcl"), &["hcl", "tf", "terraform"], true),
    lang("HTTP", Http, &["http"], false),
    lang("Java", TreeSitter("java"), &["java"], false),
    lang(
        "JavaScript",
        TreeSitter("javascript"),
        &["javascript", "js", "mjs", "cjs", "jsx", "node"],
        false,
    ),
    lang(
        "JSON",
        TreeSitter("json"),
        &["json", "jsonc", "jsonl"],
        true,
    ),
    lang(
        "Kotlin",
        TreeSitter("kotlin"),
        &["kotlin", "kt", "kts"],
        false,
    ),
    lang("Lua", TreeSitter("lua"), &["lua"], false),
    lang(
        "Markdown",
        TreeSitter("markdown"),
        &["markdown", "md"],
        false,
    ),
    lang(
        "Protocol Buffers",
        TreeSitter("proto"),
        &["protobuf", "proto", "proto3"],
        false,
    ),
    lang(
        "Python",
        TreeSitter("python"),
        &["python", "py", "python3", "py3"],
        false,
    ),
    lang("Rust", TreeSitter("rust"), &["rust", "rs"], false),
    lang(
        "SQL",
        TreeSitter("sql"),
        &["sql", "postgres", "postgresql", "psql", "mysql", "sqlite"],
        false,
    ),
    lang("TOML", TreeSitter("toml"), &["toml"], true),
    lang(
        "TypeScript",
        TreeSitter("typescript"),
        &["typescript", "ts", "mts", "cts"],
        false,
    ),
    lang("YAML", TreeSitter("yaml"), &["yaml", "yml", "k8s"], true),
];

const fn lang(
    label: &'static str,
    grammar: Grammar,
    names: &'static [&'static str],
    keys: bool,
) -> Language {
    Language {
        label,
        grammar,
        names,
        keys,
    }
}

/// Languages written as plain text on purpose: no highlighting, no warning.
pub const PLAIN: &[&str] = &[
    "",
    "text",
    "txt",
    "plain",
    "plaintext",
    "console",
    "output",
    "none",
];

/// The language a fence names (already lower-cased by the fence parser).
pub fn find(name: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.names.contains(&name))
}

/// A known language name close to a misspelt one (`pyhton` → `python`).
pub fn suggest(name: &str) -> Option<String> {
    let names = LANGUAGES
        .iter()
        .flat_map(|l| l.names.iter().copied())
        .chain(PLAIN.iter().copied().filter(|n| !n.is_empty()));
    crate::diagnostics::did_you_mean(&name.to_lowercase(), names).map(str::to_string)
}
