//! What a markdown pass reports: one shape for every pass, so the pipeline places them
//! all in the author's file the same way.

use crate::diagnostics::Severity;

/// Where a finding is, in the terms the pass that made it knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A byte offset in the expanded text (what the parser read).
    Offset(usize),
    /// A line and column of the body before expansion, both 0-based (the container
    /// expansion reads the body itself).
    Body { line: usize, column: usize },
    /// The file's first line: the page as a whole.
    File,
}

/// A problem a pass found: where, how bad, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub at: At,
    pub severity: Severity,
    pub message: String,
    pub help: String,
}

impl Finding {
    pub fn error(at: At, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            at,
            severity: Severity::Error,
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn warning(at: At, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            at,
            severity: Severity::Warning,
            message: message.into(),
            help: help.into(),
        }
    }
}
