//! A session renders sites and owns what renders may share: highlighted code and diagrams
//! (the markdown caches) and, for a session that renders the same bank again (`serve`),
//! the pages of its last render. `build` and `check` use a session once and drop it.

use super::pages::{self, Made};
use super::reuse::Reuse;
use super::sink::Sink;
use super::{BuildFailure, Site};
use crate::markdown::Caches;
use crate::timings::Timings;

#[derive(Default)]
pub struct Session {
    pub(super) caches: Caches,
    /// The last render's pages, when the session keeps them.
    pub(super) reuse: Option<Reuse>,
}

impl Session {
    /// A session for one render: nothing is kept for a next one, not even within it.
    pub fn once() -> Self {
        Self {
            caches: Caches::off(),
            reuse: None,
        }
    }

    /// A session for one render whose blocks are kept in (and read from) `caches`.
    pub fn once_with(caches: Caches) -> Self {
        Self {
            caches,
            reuse: None,
        }
    }

    /// A session that keeps each render's pages, so the next render of the same bank
    /// redoes only what changed.
    pub fn kept() -> Self {
        Self {
            reuse: Some(Reuse::default()),
            ..Self::default()
        }
    }

    /// Renders every page of `site` and hands each finished file to `sink`. Warnings come
    /// back with the count of pages; any error fails the whole render.
    pub fn render(
        &mut self,
        site: &Site,
        sink: &dyn Sink,
        timings: Option<&Timings>,
    ) -> Result<Made, BuildFailure> {
        let made = pages::make(site, self, sink, timings);
        if let Some(reuse) = &mut self.reuse {
            reuse.rotate();
        }
        made.map_err(|f| f.relative_to(&site.root))
    }
}
