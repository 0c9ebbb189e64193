//! `whiteboard new`: a new problem file holding every section a problem needs (the
//! standard in CONTRIBUTING.md, L7's platform sections included), with TODO markers where
//! the author's words go. The scaffold builds as it is (its diagrams render,
//! its rubric adds up to 50 points, its phases are the evaluation guide's split for the
//! level, filling the time limit), so `whiteboard check` on it reports only the TODO
//! markers left to write.

use std::path::{Path, PathBuf};

use super::front_matter::{Difficulty, Level, TIME_LIMIT_RANGE, default_plan};
use crate::diagnostics::Diagnostic;
use crate::markdown::ids::{Slug, slug};

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
    let slug = slug(short_title(title), Slug::Path);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            root,
            format!("“{title}” gives no file name: it has no letters or digits"),
        )
        .with_help("give the problem a title with words in it"));
    }
    let time_limit = new
        .time_limit
        .unwrap_or(crate::bank::default_time_limit(new.level));
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
    let steps: String = plan
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let body = STEP_BODIES
                .get(i)
                .copied()
                .unwrap_or("TODO: what this step settles.");
            format!(
                "### Step {}: {} ({})\n\n{body}\n\n",
                i + 1,
                p.name,
                minutes(p.minutes)
            )
        })
        .collect();
    let (platform_sections, rubric) = match new.level {
        Level::L6 => ("", L6_RUBRIC),
        Level::L7 => (L7_SECTIONS, L7_RUBRIC),
    };
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

TODO: what the candidate is asked to design, for whom, and at what scale: users,
requests per second, data sizes, latency and availability targets.

## Requirements

### Functional

- TODO: what users can do

### Non-functional

- TODO: availability, latency, durability and consistency targets, with numbers

### Out of scope

- TODO: what the candidate may leave out

### Clarifying questions

- TODO: the questions a strong candidate asks first, with the interviewer's answers

## Hints

??? tip "Hint 1"
    TODO: a nudge for a candidate who is stuck.

??? tip "Hint 2"
    TODO: closer to the key idea.

## Scale Estimation

```python
# TODO: the numbers that drive the design; keep them equal to the statement's.
daily_active_users = 10_000_000
requests_per_user_per_day = 20
requests_per_second = daily_active_users * requests_per_user_per_day / 86_400
print(f"average requests/s: {{requests_per_second:,.0f}}")
print(f"peak requests/s (x3): {{requests_per_second * 3:,.0f}}")
```

TODO: what these numbers decide ("reads dominate: optimise the read path").

## Step-by-Step Solution

{steps}## Trade-offs

TODO: each major decision, its alternatives and why this one at this scale; what would
change the decision.

## Failure Modes and Operations

TODO: what breaks first as load grows, the metrics and alerts that show it, and how the
system degrades.

{platform_sections}## Follow-up Questions

??? question "TODO: a question an interviewer asks next"
    TODO: a short model answer.

??? question "TODO: another follow-up"
    TODO: a short model answer.

??? question "TODO: a third follow-up"
    TODO: a short model answer.

## Common Pitfalls

- TODO: the mistakes candidates make on this problem

## Related Problems

- TODO: the problems this builds on, linked by file (`[Rate Limiter](rate-limiter.md)`), each with why

## Self-Assessment Rubric

{rubric}
**Total Score: ___/50 points**
"#,
        title = yaml_string(title),
        level = new.level,
        difficulty = new.difficulty,
    )
}

/// What each step of the default plan holds, with the two diagrams a problem needs.
const STEP_BODIES: &[&str] = &[
    "TODO: what to settle in these minutes, and why.",
    "```mermaid\ngraph TB\n    Client[Client] --> API[API Gateway]\n    API --> Service[Service]\n    Service --> Store[(Database)]\n```\n\nTODO: the architecture, and why each component is there.",
    "TODO: the data model and API, in code where code is clearest; then the deep dive \
     that makes this problem distinctive.\n\n```mermaid\nsequenceDiagram\n    participant C as Client\n    participant S as Service\n    C->>S: request\n    S-->>C: response\n```",
    "TODO: what breaks first as load grows, and how you partition, replicate and cache.",
    "TODO: operations, and the trade-offs made.",
];

const L7_SECTIONS: &str = "## Multi-Tenancy and Isolation\n\nTODO: many teams on one platform: noisy neighbours, quotas, fairness, blast radius.\n\n\
## Platform Customers and SLOs\n\nTODO: the platform's API and SLOs, onboarding and migration, what is self-service.\n\n\
## Build Versus Buy and Roadmap\n\nTODO: what to adopt or buy, what to build, and what ships first.\n\n\
## Organisational Impact\n\nTODO: the teams it takes to run, on-call, what changes for other teams.\n\n";

const L6_RUBRIC: &str = "- [ ] Clarified functional and non-functional requirements (5 points)
- [ ] Estimated scale with numbers that drive the design (5 points)
- [ ] Drew an architecture that serves the requirements (8 points)
- [ ] Designed the data model and API (7 points)
- [ ] Went deep on the core algorithm or flow (10 points)
- [ ] Found the bottlenecks and scaled past them (5 points)
- [ ] Weighed the trade-offs of each major decision (5 points)
- [ ] Covered failure modes, metrics and alerts (5 points)
";

const L7_RUBRIC: &str = "- [ ] Scoped the platform and its customers (5 points)
- [ ] Estimated scale and built a cost model (5 points)
- [ ] Designed a platform architecture with clear abstractions (8 points)
- [ ] Isolated tenants: quotas, fairness, blast radius (7 points)
- [ ] Went deep on the hardest part of the platform (7 points)
- [ ] Weighed trade-offs, including build versus buy (6 points)
- [ ] Defined the platform's API, SLOs and path to adoption (6 points)
- [ ] Planned operations and the organisation that runs it (6 points)
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_leave_out_the_leading_design_a() {
        assert_eq!(
            slug(short_title("Design a Rate Limiter"), Slug::Path),
            "rate-limiter"
        );
        assert_eq!(
            slug(short_title("Design an Ad Server"), Slug::Path),
            "ad-server"
        );
        assert_eq!(slug(short_title("Design Twitter"), Slug::Path), "twitter");
        assert_eq!(slug(short_title("Web Crawler"), Slug::Path), "web-crawler");
    }
}
