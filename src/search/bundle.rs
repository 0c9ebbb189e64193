//! The index as files under `search/`, read by the theme's `static/js/search-index.js`:
//!
//! - `index.json`: the build's id (every other file is fetched with it, so a new build is
//!   never mixed with a cached old one), the number of pages, the first word of each
//!   chunk of the word list, and for each filter (`level`, `difficulty`, `tag`, `kind`)
//!   the pages with each value. It is a few KB even for thousands of pages.
//! - `w/N.json`: chunk N of the word list, in sorted order, each word with its postings
//!   as a flat list of `page, weight` pairs (the page as the difference from the previous
//!   pair's). A query fetches only the chunks its words fall in.
//! - `p/N.json`: page N's title, address, meta line and its sections' headings, ids and
//!   prose. Only the results shown are fetched; the query script finds the sections that
//!   match, for the excerpt and the section results, in the fragment itself.
//!
//! Pages are numbered in the bank's reading order, which also breaks ties in ranking.
//! Weights count a word's place: in the title, in a heading, in prose or in code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;

use super::Record;
use super::words::words;
use crate::published::OutputFile;

/// The weight of a word in the page's title, in a top-level heading, in a deeper one, in
/// prose and in code. Prose counts twice code, so a page that explains a word ranks above
/// one that only names it in a code block.
const TITLE: u32 = 24;
const HEADING: u32 = 10;
const SUBHEADING: u32 = 6;
const PROSE: u32 = 2;
const CODE: u32 = 1;

/// Chunks of the word list hold about this many bytes of JSON (about 12 KB after gzip):
/// small enough that a query's words cost little, large enough that the list of chunks in
/// `index.json` stays short.
const CHUNK_BYTES: usize = 32 * 1024;

/// Where every output file of the index goes, below the site root.
pub const FOLDER: &str = "search/";

/// Postings gathered as records arrive: each word with (arrival, weight). A record is
/// kept only as its fragment and what numbering and filters need, so its code and the
/// rest of its text are freed as soon as its words are counted.
#[derive(Default)]
pub struct Builder {
    words: FxHashMap<Box<str>, u32>,
    postings: Vec<Vec<(u32, u32)>>,
    pages: Vec<Page>,
}

struct Page {
    url: String,
    rank: usize,
    filters: Vec<(&'static str, String)>,
    fragment: String,
}

impl Builder {
    pub fn add(&mut self, record: std::sync::Arc<Record>) {
        let page = self.pages.len() as u32;
        // The page's words first (a small table, borrowed from its text), then each
        // distinct word once into the index's.
        fn count<'t>(
            weights: &mut FxHashMap<std::borrow::Cow<'t, str>, u32>,
            text: &'t str,
            weight: u32,
        ) {
            for word in words(text) {
                *weights.entry(word).or_default() += weight;
            }
        }
        let mut weights = FxHashMap::default();
        count(&mut weights, &record.title, TITLE);
        count(&mut weights, &record.summary, PROSE);
        for s in record.sections.iter() {
            let heading = if s.depth <= 2 { HEADING } else { SUBHEADING };
            count(&mut weights, &s.heading, heading);
            count(&mut weights, &s.prose, PROSE);
            count(&mut weights, &s.code, CODE);
        }
        for (word, weight) in weights {
            let id = match self.words.get(&*word) {
                Some(&id) => id as usize,
                None => {
                    let id = self.words.len();
                    self.words.insert(word.into(), id as u32);
                    self.postings.push(Vec::new());
                    id
                }
            };
            self.postings[id].push((page, weight));
        }
        self.pages.push(Page {
            url: record.url.clone(),
            rank: record.rank,
            filters: record.filters.clone(),
            fragment: fragment(&record),
        });
    }

    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The index's files.
    pub fn files(mut self) -> Vec<OutputFile> {
        // Page numbers in reading order.
        let mut order: Vec<u32> = (0..self.pages.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.pages[a as usize], &self.pages[b as usize]);
            (a.rank, &a.url).cmp(&(b.rank, &b.url))
        });
        let mut number = vec![0u32; order.len()];
        for (n, &arrival) in order.iter().enumerate() {
            number[arrival as usize] = n as u32;
        }
        let mut words: Vec<(&str, u32)> = self.words.iter().map(|(w, &id)| (&**w, id)).collect();
        words.sort_unstable();

        let mut files = Vec::new();
        let mut firsts = Vec::new();
        let mut chunk = String::new();
        let mut list = Vec::new();
        for (word, id) in words {
            list.clear();
            list.extend(
                self.postings[id as usize]
                    .iter()
                    .map(|&(page, weight)| (number[page as usize], weight)),
            );
            list.sort_unstable();
            if chunk.is_empty() {
                firsts.push(word);
                chunk.push('{');
            } else {
                chunk.push(',');
            }
            json_string(&mut chunk, word);
            chunk.push_str(":[");
            let mut last = 0;
            for (i, &(page, weight)) in list.iter().enumerate() {
                if i > 0 {
                    chunk.push(',');
                }
                let _ = write!(chunk, "{},{weight}", page - last);
                last = page;
            }
            chunk.push(']');
            if chunk.len() >= CHUNK_BYTES {
                chunk.push('}');
                files.push(file(format!("w/{}.json", firsts.len() - 1), chunk));
                chunk = String::new();
            }
        }
        if !chunk.is_empty() {
            chunk.push('}');
            files.push(file(format!("w/{}.json", firsts.len() - 1), chunk));
        }

        let mut filters: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
        let mut pages = std::mem::take(&mut self.pages);
        for (n, &arrival) in order.iter().enumerate() {
            let page = &mut pages[arrival as usize];
            for (key, value) in page.filters.drain(..) {
                filters
                    .entry(key)
                    .or_default()
                    .entry(value)
                    .or_default()
                    .push(n as u32);
            }
            files.push(file(
                format!("p/{n}.json"),
                std::mem::take(&mut page.fragment),
            ));
        }

        let mut build = std::hash::DefaultHasher::new();
        for f in &files {
            f.path.hash(&mut build);
            f.bytes.hash(&mut build);
        }
        let index = serde_json::json!({
            "build": format!("{:016x}", build.finish()),
            "pages": order.len(),
            "chunks": firsts,
            "filters": filters,
        });
        files.push(file("index.json".into(), index.to_string()));
        files
    }
}

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path: format!("{FOLDER}{path}"),
        bytes: text.into_bytes().into(),
    }
}

fn json_string(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).expect("a string serializes"));
}

/// What a result shows of a page: its title, address, meta line and sections.
fn fragment(record: &Record) -> String {
    #[derive(serde::Serialize)]
    struct Fragment<'a> {
        url: &'a str,
        title: &'a str,
        summary: &'a str,
        meta: BTreeMap<&'a str, &'a str>,
        sections: Vec<(&'a str, Option<&'a str>, &'a str)>,
    }
    let fragment = Fragment {
        url: &record.url,
        title: &record.title,
        summary: &record.summary,
        meta: record.meta.iter().map(|(k, v)| (*k, v.as_str())).collect(),
        sections: record
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.id.as_deref(), s.prose.as_str()))
            .collect(),
    };
    serde_json::to_string(&fragment).expect("a fragment serializes")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Builder;
    use crate::markdown::search_text::Section;
    use crate::search::Record;

    fn record(url: &str, rank: usize, prose: String) -> Arc<Record> {
        Arc::new(Record {
            url: url.into(),
            title: format!("Title {rank}"),
            summary: String::new(),
            filters: vec![("kind", "page".into())],
            meta: Vec::new(),
            rank,
            sections: vec![Section {
                prose,
                ..Section::default()
            }]
            .into(),
        })
    }

    #[test]
    fn chunks_split_the_sorted_word_list_and_pages_follow_reading_order() {
        let mut index = Builder::default();
        // Arrival order is not reading order.
        for rank in [2, 0, 1] {
            let prose = (0..4000).map(|i| format!("w{rank}x{i} shared ")).collect();
            index.add(record(&format!("p{rank}/"), rank, prose));
        }
        let files = index.files();
        let text = |path: &str| {
            let f = files.iter().find(|f| f.path == path).unwrap();
            serde_json::from_slice::<serde_json::Value>(&f.bytes).unwrap()
        };
        let manifest = text("search/index.json");
        let firsts: Vec<&str> = manifest["chunks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(firsts.len() > 3, "{firsts:?}");
        let mut previous = String::new();
        for (n, first) in firsts.iter().enumerate() {
            let chunk = text(&format!("search/w/{n}.json"));
            let words: Vec<&String> = chunk.as_object().unwrap().keys().collect();
            assert_eq!(words[0], first);
            for w in words {
                assert!(*w > previous, "{w} after {previous}");
                previous = w.clone();
            }
        }
        for n in 0..3 {
            assert_eq!(text(&format!("search/p/{n}.json"))["url"], format!("p{n}/"));
        }
        // "shared" is on pages 0, 1 and 2 (as differences: 0, 1, 1), as prose once each.
        let chunk = firsts.iter().rposition(|f| *f <= "shared").unwrap();
        assert_eq!(
            text(&format!("search/w/{chunk}.json"))["shared"],
            serde_json::json!([0, 8000, 1, 8000, 1, 8000])
        );
        assert_eq!(
            manifest["filters"]["kind"]["page"],
            serde_json::json!([0, 1, 2])
        );
    }
}
