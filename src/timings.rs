//! Where a render's time went, recorded when someone asks (`build --timings`, the
//! benchmarks): an observer handed down the render (the site's stages, the markdown
//! passes), not a field of what they make.

use std::sync::Mutex;
use std::time::Duration;

#[derive(Default)]
pub struct Timings {
    stages: Mutex<Stages>,
}

/// Wall-clock time of each stage, except `*_cpu`: CPU time summed over the rendering
/// threads.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stages {
    /// Static files and assets, read and handed on.
    pub copy: Duration,
    /// Rendering every page: markdown, templates and minifying, in parallel.
    pub render: Duration,
    pub markdown_cpu: Duration,
    /// Highlighting's part of `markdown_cpu`.
    pub highlight_cpu: Duration,
    pub code_blocks: usize,
    /// Drawing diagrams (merman, then shrinking its SVG): part of `markdown_cpu`.
    pub diagrams_cpu: Duration,
    pub diagrams: usize,
    /// Templates and minifying.
    pub templates_cpu: Duration,
    /// Time the search index's own thread spent working: reading pages as they were
    /// rendered and bundling the index.
    pub search_work: Duration,
    /// Time the build waited for the search index once its own files were written.
    pub search_wait: Duration,
    pub search_pages: usize,
}

impl Timings {
    pub fn record(&self, f: impl FnOnce(&mut Stages)) {
        f(&mut self.stages.lock().unwrap_or_else(|p| p.into_inner()));
    }

    pub fn stages(&self) -> Stages {
        *self.stages.lock().unwrap_or_else(|p| p.into_inner())
    }
}
