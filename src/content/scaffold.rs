//! `whiteboard new`: a new problem file holding every section a problem needs, with TODO
//! markers where the author's words go. The scaffold builds as it is (its diagram renders,
//! its rubric adds up to 50 points, its phases are the evaluation guide's split for the
//! level, filling the time limit), so `whiteboard check` on it reports only the TODO
//! markers left to write.

use std::path::{Path, PathBuf};

use super::front_matter::{Difficulty, Level, TIME_LIMIT_RANGE, default_plan};
use super::page::slugify;
use crate::diagnostics::Diagnostic;

pub struct NewProblem {
    pub title: String,
    pub level: Level,
    pub difficulty: Difficulty,
    /// Minutes; the level's usual limit when absent.
    pub time_limit: Option<u32>,
    pub tags: Vec<String>,
}

/// Writes `content/problems/<slug>.md` under `root`; never replaces a file.
pub fn write(root: &Path, new: &NewProblem) -> Result<PathBuf, Diagnostic> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err(
            Diagnostic::error(root, "the problem needs a title").with_help(
                "whiteboard new \"Design a Rate Limiter\" --level L6 --difficulty intermediate",
            ),
        );
    }
    let slug = slugify(short_title(title));
    if slug.is_empty() {
        return Err(Diagnostic::error(
            root,
            format!("“{title}” gives no file name: it has no letters or digits"),
        )
        .with_help("give the problem a title with words in it"));
    }
    let time_limit = new.time_limit.unwrap_or(match new.level {
        Level::L6 => 45,
        Level::L7 => 90,
    });
    if !TIME_LIMIT_RANGE.contains(&time_limit) {
        return Err(
            Diagnostic::error(root, format!("--time {time_limit} is out of range")).with_help(
                format!(
                    "the time limit is in minutes, from {} to {}",
                    TIME_LIMIT_RANGE.start(),
                    TIME_LIMIT_RANGE.end()
                ),
            ),
        );
    }
    let dir = root.join("content/problems");
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(Diagnostic::error(&path, "this problem already exists")
            .with_help("edit it, or give the new problem another title"));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(&dir, format!("cannot create the folder: {e}")))?;
    let text = scaffold(title, new, time_limit);
    // `create_new` so a file that appeared meanwhile is not replaced either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    written.map_err(|e| Diagnostic::error(&path, format!("cannot write the problem: {e}")))?;
    Ok(path)
}

/// The title without a leading "Design a/an/the": "Design a Rate Limiter" → "Rate Limiter".
fn short_title(title: &str) -> &str {
    let Some(rest) = title.strip_prefix("Design ") else {
        return title;
    };
    ["a ", "an ", "the "]
        .iter()
        .find_map(|article| rest.strip_prefix(article))
        .unwrap_or(rest)
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn scaffold(title: &str, new: &NewProblem, time_limit: u32) -> String {
    let plan = default_plan(new.level, time_limit);
    let phase_lines: String = plan
        .iter()
        .map(|p| {
            format!(
                "  - {{ name: {}, minutes: {} }}\n",
                yaml_string(&p.name),
                p.minutes
            )
        })
        .collect();
    let tags = new
        .tags
        .iter()
        .map(|t| yaml_string(t.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let minutes = |m: u32| format!("{m} minute{}", if m == 1 { "" } else { "s" });
    let step = |i: usize| format!("{} ({})", plan[i].name, minutes(plan[i].minutes));
    format!(
        r#"---
title: {title}
level: {level}
difficulty: {difficulty}
time_limit: {time_limit}
tags: [{tags}]
summary: "TODO: one sentence with the scale that makes this problem hard."
phases:
{phase_lines}---

## Problem Statement

TODO: what the candidate is asked to design, for whom, and at what scale.

## Requirements Gathering ({m0})

**Functional Requirements:**

- TODO: what users can do

**Non-Functional Requirements:**

- TODO: availability, latency, durability, consistency targets

**Scale Estimation:**

```python
# TODO: daily users, requests per second, storage per year
requests_per_day = 0
requests_per_second = requests_per_day / 86400
```

## Step-by-Step Solution Walkthrough

### Step 1: {s1}

```mermaid
graph LR
    Client[Client] --> API[API Gateway]
    API --> Service[Service]
    Service --> Store[(Database)]
```

TODO: walk through the request path and why each component is there.

### Step 2: {s2}

TODO: data model, APIs and the core algorithm.

### Step 3: {s3}

TODO: bottlenecks, partitioning, caching and replication.

### Step 4: {s4}

TODO: key metrics, alerts, failure modes and the trade-offs made.

## Self-Assessment Criteria

- [ ] Clarified functional and non-functional requirements (5 points)
- [ ] Estimated scale and capacity with numbers (5 points)
- [ ] Drew a high-level architecture that serves the requirements (10 points)
- [ ] Designed the data model and APIs (10 points)
- [ ] Explained the core algorithm or flow in detail (10 points)
- [ ] Addressed scaling bottlenecks (5 points)
- [ ] Covered monitoring, failures and trade-offs (5 points)

**Total Score: ___/50 points**
"#,
        title = yaml_string(title),
        level = new.level,
        difficulty = new.difficulty,
        m0 = minutes(plan[0].minutes),
        s1 = step(1),
        s2 = step(2),
        s3 = step(3),
        s4 = step(4),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_leave_out_the_leading_design_a() {
        assert_eq!(
            slugify(short_title("Design a Rate Limiter")),
            "rate-limiter"
        );
        assert_eq!(slugify(short_title("Design an Ad Server")), "ad-server");
        assert_eq!(slugify(short_title("Design Twitter")), "twitter");
        assert_eq!(slugify(short_title("Web Crawler")), "web-crawler");
    }
}
