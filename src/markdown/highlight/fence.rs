//! A code block's fence options, as MkDocs writes them: `title="config.yaml"`,
//! `linenums="1"`, `hl_lines="2 4-6"`.

/// A code block's fence options.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Fence {
    pub lang: String,
    pub title: Option<String>,
    pub linenums: Option<usize>,
    pub hl_lines: Vec<(usize, usize)>,
}

impl Fence {
    pub fn parse(info: &str) -> Self {
        let mut fence = Fence::default();
        let info = info.trim();
        let (lang, mut rest) = match info.find(char::is_whitespace) {
            Some(i) => (&info[..i], info[i..].trim_start()),
            None => (info, ""),
        };
        if !lang.contains('=') {
            fence.lang = lang.trim_start_matches('.').to_ascii_lowercase();
        } else {
            rest = info;
        }
        while let Some(eq) = rest.find('=') {
            let key = rest[..eq].trim();
            let after = &rest[eq + 1..];
            let (value, next) = match after.strip_prefix('"') {
                Some(q) => match q.find('"') {
                    Some(end) => (&q[..end], &q[end + 1..]),
                    None => (q, ""),
                },
                None => match after.find(char::is_whitespace) {
                    Some(end) => (&after[..end], &after[end..]),
                    None => (after, ""),
                },
            };
            match key {
                "title" => fence.title = Some(value.to_string()),
                "linenums" => {
                    // A number too large for usize is out of range too, not absent.
                    fence.linenums = value.trim().parse().ok().or_else(|| {
                        value
                            .trim()
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                            .then_some(usize::MAX)
                    })
                }
                "hl_lines" => fence.hl_lines = parse_ranges(value),
                _ => {}
            }
            rest = next.trim_start();
        }
        fence
    }

    pub fn highlighted(&self, line: usize) -> bool {
        self.hl_lines.iter().any(|&(a, b)| (a..=b).contains(&line))
    }
}

fn parse_ranges(value: &str) -> Vec<(usize, usize)> {
    value
        .split_whitespace()
        .filter_map(|part| match part.split_once('-') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => part.parse().ok().map(|n| (n, n)),
        })
        .collect()
}

/// The largest first line number a block may ask for.
pub const MAX_LINENUMS: usize = 100_000;
