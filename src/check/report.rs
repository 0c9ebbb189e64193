//! How `whiteboard check` prints what it found: for people (rustc-style), for tools
//! (JSON), or as GitHub Actions workflow commands that show inline on a pull request.

use std::fmt::Write;

use serde::Serialize;

use super::Report;
use crate::diagnostics::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "human" => Ok(Self::Human),
            "json" => Ok(Self::Json),
            "github" => Ok(Self::Github),
            _ => Err(format!("unknown format `{s}`; use human, json or github")),
        }
    }
}

pub fn formatted(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human(report),
        Format::Json => json(report),
        Format::Github => github(report),
    }
}

fn human(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(out, "{d}\n");
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    let files = plural(report.files, "markdown file");
    if errors + warnings == 0 {
        let _ = writeln!(out, "Checked {files}: no problems found.");
    } else {
        let _ = writeln!(
            out,
            "Checked {files}: {}, {}.",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    out
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

fn json(report: &Report) -> String {
    let value = JsonReport {
        files: report.files,
        errors: report.errors(),
        warnings: report.warnings(),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: severity(d),
                file: slash_path(d),
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `::error file=…,line=…,col=…,title=…::message` lines, with the help on a second line.
fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let mut props = format!("file={}", property(&slash_path(d)));
        if let Some(line) = d.line {
            let _ = write!(props, ",line={line}");
        }
        if let Some(col) = d.column {
            let _ = write!(props, ",col={col}");
        }
        let _ = write!(
            props,
            ",title={}",
            property(&format!("whiteboard {}", severity(d)))
        );
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(out, "::{} {props}::{}", severity(d), data(&message));
    }
    let _ = writeln!(
        out,
        "Checked {}: {}, {}.",
        plural(report.files, "markdown file"),
        plural(report.errors(), "error"),
        plural(report.warnings(), "warning")
    );
    out
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn slash_path(d: &Diagnostic) -> String {
    d.path.to_string_lossy().replace('\\', "/")
}

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_github_would_misread() {
        let report = Report {
            diagnostics: vec![
                Diagnostic::error("content/a, b.md", "50% done: really\nno")
                    .at("x\n", 1, 1)
                    .with_help("fix it"),
            ],
            files: 1,
        };
        assert_eq!(
            github(&report).lines().next().unwrap(),
            "::error file=content/a%2C b.md,line=1,col=1,title=whiteboard error::50%25 done: really%0Ano%0Ahelp: fix it"
        );
    }
}
