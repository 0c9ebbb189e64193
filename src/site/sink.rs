//! Where a site's files go as they are finished. The command chooses: `build` writes them
//! into the output's staging folder and hands search records to its indexer, `serve`
//! keeps them in memory for its live index, `check` keeps nothing.

use std::sync::Mutex;
use std::sync::mpsc::Sender;

use super::output::Staging;
use crate::diagnostics::Diagnostic;
use crate::published::OutputFile;
use crate::search::SearchPage;

pub trait Sink: Sync {
    /// A finished file of the site.
    fn file(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A page's record for the search index (only when the site has search on).
    fn search(&self, page: SearchPage);
}

/// Keeps nothing: `check` wants the diagnostics alone.
pub struct Discard;

impl Sink for Discard {
    fn file(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn search(&self, _: SearchPage) {}
}

/// Keeps every file and search record in memory (`serve`).
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<Vec<OutputFile>>,
    pub search: Mutex<Vec<SearchPage>>,
}

impl Memory {
    pub fn into_parts(self) -> (Vec<OutputFile>, Vec<SearchPage>) {
        let files = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        let search = self.search.into_inner().unwrap_or_else(|p| p.into_inner());
        (files, search)
    }
}

impl Sink for Memory {
    fn file(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(file);
        Ok(())
    }

    fn search(&self, page: SearchPage) {
        self.search
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(page);
    }
}

/// Writes each file into the output's staging folder as soon as it is finished, and sends
/// each search record to the indexer's thread (`build`): nothing waits for the whole site
/// in memory.
pub struct Staged<'a> {
    pub staging: &'a Staging,
    pub index: Option<Sender<SearchPage>>,
}

impl Sink for Staged<'_> {
    fn file(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.staging.write(&file)
    }

    fn search(&self, page: SearchPage) {
        if let Some(index) = &self.index {
            // A closed channel means indexing failed; the indexer's finish says why.
            let _ = index.send(page);
        }
    }
}
