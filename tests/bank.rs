//! The repository's own bank: it must always build cleanly and link correctly.

use crate::common;

use common::SiteTest;

#[test]
fn the_bank_builds_with_no_warnings() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    assert!(
        t.stderr.is_empty(),
        "the bank's build printed:\n{}",
        t.stderr
    );
    assert!(t.stdout.contains(" 0 warnings."), "{}", t.stdout);
    for problem in [
        "url-shortener",
        "real-time-chat",
        "distributed-cache",
        "aws-lambda",
        "ml-platform",
    ] {
        assert!(
            t.public()
                .join("problems")
                .join(problem)
                .join("index.html")
                .is_file(),
            "{problem}"
        );
    }
    for guide in [
        "evaluation-rubrics",
        "practice-progression",
        "getting-started",
        "mock-interviews",
    ] {
        assert!(
            t.public()
                .join("guides")
                .join(guide)
                .join("index.html")
                .is_file(),
            "{guide}"
        );
    }
}

#[test]
fn every_internal_link_and_fragment_in_the_bank_resolves() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    let dead = common::links::check_output(&t.public());
    assert!(dead.is_empty(), "{dead:#?}");
}

#[test]
fn the_bank_text_is_clean_utf8_without_mojibake() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    let page = t.read("index.html");
    assert!(page.contains("🎯"), "emoji survive the build");
    for garbled in ["ðŸ", "â€", "Ã©"] {
        for e in walkdir::WalkDir::new(t.root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                let text = std::fs::read_to_string(e.path()).unwrap();
                assert!(
                    !text.contains(garbled),
                    "{} holds {garbled}",
                    e.path().display()
                );
            }
        }
    }
}

// --- The shape of every problem: the standard in CONTRIBUTING.md ---------------------

/// The `##` sections of every problem, in order; L7 problems add [`L7_SECTIONS`] before
/// the follow-ups.
const SECTIONS: &[&str] = &[
    "Problem Statement",
    "Requirements",
    "Hints",
    "Scale Estimation",
    "Step-by-Step Solution",
    "Trade-offs",
    "Failure Modes and Operations",
];
const L7_SECTIONS: &[&str] = &[
    "Multi-Tenancy and Isolation",
    "Platform Customers and SLOs",
    "Build Versus Buy and Roadmap",
    "Organisational Impact",
];
const CLOSING_SECTIONS: &[&str] = &[
    "Follow-up Questions",
    "Common Pitfalls",
    "Related Problems",
    "Self-Assessment Rubric",
];
const REQUIREMENTS: &[&str] = &[
    "Functional",
    "Non-functional",
    "Out of scope",
    "Clarifying questions",
];

#[derive(serde::Deserialize)]
struct Phase {
    name: String,
    minutes: u32,
}

#[derive(serde::Deserialize)]
struct Front {
    title: String,
    level: String,
    difficulty: String,
    time_limit: u32,
    tags: Vec<String>,
    summary: String,
    order: u32,
    phases: Vec<Phase>,
}

struct Problem {
    slug: String,
    front: Front,
    body: String,
}

fn problems() -> Vec<Problem> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/problems");
    let mut out: Vec<Problem> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let rest = text.strip_prefix("---\n").expect("front matter");
            let (yaml, body) = rest.split_once("\n---\n").expect("end of front matter");
            let front: Front =
                serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Problem {
                slug: path.file_stem().unwrap().to_string_lossy().into_owned(),
                front,
                body: body.to_string(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

/// The text under `## name`, up to the next `##`.
fn section<'a>(body: &'a str, name: &str) -> &'a str {
    let heading = format!("\n## {name}\n");
    let Some(start) = body.find(&heading) else {
        return "";
    };
    let rest = &body[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

fn headings<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    let mut in_code = false;
    text.lines()
        .filter(|l| {
            if l.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            !in_code
        })
        .filter_map(|l| l.strip_prefix(marker))
        .map(str::trim)
        .collect()
}

/// `(info, code)` of every fenced block.
fn fences(text: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let mut open: Option<(&str, String)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        match &mut open {
            None if t.starts_with("```") => {
                open = Some((t.trim_start_matches('`').trim(), String::new()))
            }
            Some(_) if t.starts_with("```") => out.push(open.take().unwrap()),
            Some((_, code)) => {
                code.push_str(line);
                code.push('\n');
            }
            None => {}
        }
    }
    out
}

fn prose_words(body: &str) -> usize {
    let mut in_code = false;
    body.lines()
        .filter(|l| {
            if l.trim_start().starts_with("```") {
                in_code = !in_code;
                return false;
            }
            !in_code
        })
        .flat_map(str::split_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// What is wrong with one problem against the bank's standard.
fn shape_problems(p: &Problem) -> Vec<String> {
    let mut bad = Vec::new();
    let f = &p.front;
    let l7 = f.level == "L7";
    if f.title.trim().is_empty() || f.summary.trim().is_empty() || f.tags.is_empty() || f.order == 0
    {
        bad.push("front matter needs a title, summary, tags and order".into());
    }
    let limits = if l7 { 75..=120 } else { 45..=75 };
    if !limits.contains(&f.time_limit) {
        bad.push(format!("time limit {} is outside {limits:?}", f.time_limit));
    }
    let want: Vec<&str> = SECTIONS
        .iter()
        .chain(if l7 { L7_SECTIONS } else { &[] })
        .chain(CLOSING_SECTIONS)
        .copied()
        .collect();
    let got = headings(&p.body, "## ");
    if got != want {
        bad.push(format!("sections {got:?}, want {want:?}"));
    }
    let requirements = headings(section(&p.body, "Requirements"), "### ");
    if requirements != REQUIREMENTS {
        bad.push(format!(
            "requirements {requirements:?}, want {REQUIREMENTS:?}"
        ));
    }
    let hints = headings(section(&p.body, "Hints"), "??? tip ").len();
    if !(2..=3).contains(&hints) {
        bad.push(format!(
            "{hints} hints; want 2 or 3 collapsed `??? tip` blocks"
        ));
    }
    let follow_ups = headings(section(&p.body, "Follow-up Questions"), "??? question ").len();
    if follow_ups < 3 {
        bad.push(format!("{follow_ups} follow-up questions; want 3 or more"));
    }
    // Steps: `### Step N: Name (M minutes)`, the same names and minutes as `phases`.
    let steps: Vec<(String, u32)> = headings(section(&p.body, "Step-by-Step Solution"), "### ")
        .into_iter()
        .filter_map(|h| {
            let (_, rest) = h.split_once(": ")?;
            let (name, minutes) = rest.rsplit_once(" (")?;
            let minutes = minutes.strip_suffix(" minutes)")?.parse().ok()?;
            Some((name.to_string(), minutes))
        })
        .collect();
    let phases: Vec<(String, u32)> = f
        .phases
        .iter()
        .map(|ph| (ph.name.clone(), ph.minutes))
        .collect();
    if steps.len() < 5 {
        bad.push(format!("{} timed steps; want 5 or more", steps.len()));
    }
    if steps != phases {
        bad.push(format!("steps {steps:?} do not match phases {phases:?}"));
    }
    let planned: u32 = f.phases.iter().map(|ph| ph.minutes).sum();
    if planned != f.time_limit {
        bad.push(format!(
            "phases add up to {planned} minutes, the limit is {}",
            f.time_limit
        ));
    }
    let diagrams = fences(&p.body)
        .iter()
        .filter(|(info, _)| *info == "mermaid")
        .count();
    if diagrams < 2 {
        bad.push(format!("{diagrams} diagrams; want 2 or more"));
    }
    // The rubric: items of 5 to 10 points, adding up to 50.
    let points: Vec<u32> = section(&p.body, "Self-Assessment Rubric")
        .lines()
        .filter(|l| l.starts_with("- [ ] "))
        .filter_map(|l| l.strip_suffix(" points)")?.rsplit_once('(')?.1.parse().ok())
        .collect();
    if points.iter().sum::<u32>() != 50 || points.iter().any(|p| !(5..=10).contains(p)) {
        bad.push(format!(
            "rubric points {points:?}; want items of 5-10 adding up to 50"
        ));
    }
    let words = prose_words(&p.body);
    if words < 800 {
        bad.push(format!("{words} words of prose; want 800 or more"));
    }
    let related = section(&p.body, "Related Problems");
    if !related.contains(".md)") {
        bad.push("Related Problems links no other problem by file".into());
    }
    bad
}

#[test]
fn the_bank_has_fifteen_l6_and_ten_l7_problems_spread_over_the_difficulties() {
    let all = problems();
    let count = |level: &str, difficulty: Option<&str>| {
        all.iter()
            .filter(|p| {
                p.front.level == level && difficulty.is_none_or(|d| p.front.difficulty == d)
            })
            .count()
    };
    assert_eq!(count("L6", None), 15, "L6 problems");
    assert_eq!(count("L7", None), 10, "L7 problems");
    assert!(count("L6", Some("beginner")) >= 4);
    assert!(count("L6", Some("intermediate")) >= 6);
    assert!(count("L6", Some("advanced")) >= 4);
    assert!(count("L7", Some("advanced")) >= 6, "L7 is mostly advanced");
}

#[test]
fn every_problem_meets_the_standard() {
    let failures: Vec<String> = problems()
        .iter()
        .flat_map(|p| {
            shape_problems(p)
                .into_iter()
                .map(move |e| format!("{}: {e}", p.slug))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An id used twice breaks links to the second and lets a rule scoped to one element
/// reach the other: a diagram's stylesheet is scoped by its SVG's id.
#[test]
fn no_page_of_the_bank_uses_an_id_twice() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    let mut pages = Vec::new();
    for dir in ["problems", "guides"] {
        for entry in std::fs::read_dir(t.public().join(dir)).unwrap() {
            pages.push(entry.unwrap().path().join("index.html"));
        }
    }
    pages.push(t.public().join("index.html"));
    let mut repeated = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let mut seen = std::collections::HashSet::new();
        for at in html.match_indices(" id=").map(|(i, _)| i + 4) {
            let rest = &html[at..];
            let id = match rest.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or(""),
                None => rest.split([' ', '>']).next().unwrap_or(""),
            };
            if !seen.insert(id.to_string()) {
                repeated.push(format!("{}: {id}", page.display()));
            }
        }
    }
    assert!(repeated.is_empty(), "{repeated:#?}");
}

#[test]
fn every_problem_draws_its_diagrams_at_build_time() {
    let mut t = SiteTest::real_bank();
    t.build().assert_ok();
    for p in problems() {
        let page = t.read(&format!("problems/{}/index.html", p.slug));
        let drawn = page.matches("<figure class=diagram").count();
        assert!(drawn >= 2, "{}: {drawn} diagrams drawn as SVG", p.slug);
        assert!(
            !page.contains("mermaid-fallback"),
            "{} needs mermaid.js",
            p.slug
        );
    }
}

/// Lines that carry words, normalised: what a reader would call the same line.
fn passage_lines(body: &str) -> Vec<String> {
    body.lines()
        .filter(|l| l.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .map(|l| {
            l.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect()
}

#[test]
fn no_two_problems_share_a_passage_of_six_lines() {
    let all = problems();
    let mut seen: std::collections::HashMap<Vec<String>, &str> = std::collections::HashMap::new();
    let mut shared = Vec::new();
    for p in &all {
        let lines = passage_lines(&p.body);
        let mut mine = std::collections::HashSet::new();
        for window in lines.windows(6) {
            let window = window.to_vec();
            if !mine.insert(window.clone()) {
                continue;
            }
            match seen.get(&window) {
                Some(other) if *other != p.slug => shared.push(format!(
                    "{} and {}:\n  {}",
                    other,
                    p.slug,
                    window.join("\n  ")
                )),
                Some(_) => {}
                None => {
                    seen.insert(window, &p.slug);
                }
            }
        }
    }
    assert!(shared.is_empty(), "{}", shared.join("\n"));
}

#[test]
fn every_scale_estimation_runs_and_prints_its_results() {
    let Ok(version) = std::process::Command::new("python3")
        .arg("--version")
        .output()
    else {
        println!("skipped: python3 is not installed, so the estimation code cannot be run");
        return;
    };
    assert!(version.status.success());
    for p in problems() {
        let estimation = section(&p.body, "Scale Estimation");
        let blocks: Vec<String> = fences(estimation)
            .into_iter()
            .filter(|(info, _)| info.split_whitespace().next() == Some("python"))
            .map(|(_, code)| code)
            .collect();
        assert!(!blocks.is_empty(), "{}: no python estimation", p.slug);
        for code in blocks {
            let out = std::process::Command::new("python3")
                .args(["-c", &code])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{}: the estimation fails:\n{}",
                p.slug,
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !stdout.trim().is_empty(),
                "{}: the estimation prints nothing",
                p.slug
            );
            if p.front.level == "L7" {
                assert!(
                    stdout.contains('$'),
                    "{}: an L7 estimation prints a cost model in dollars:\n{stdout}",
                    p.slug
                );
            }
        }
    }
}

#[test]
fn the_guides_give_each_problem_its_own_difficulty_and_minutes() {
    let all = problems();
    let by_slug: std::collections::HashMap<&str, &Problem> =
        all.iter().map(|p| (p.slug.as_str(), p)).collect();
    let guides = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guides");
    let mut wrong = Vec::new();
    let mut progression = std::collections::HashSet::new();
    for entry in std::fs::read_dir(&guides).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // `[Title](../problems/slug.md) (difficulty, N min)`
        for (at, _) in text.match_indices("](../problems/") {
            let rest = &text[at + "](../problems/".len()..];
            let Some((slug, after)) = rest.split_once(".md)") else {
                continue;
            };
            let slug = slug.split('#').next().unwrap();
            let Some(problem) = by_slug.get(slug) else {
                wrong.push(format!("{name}: no problem `{slug}`"));
                continue;
            };
            if name == "practice-progression.md" {
                progression.insert(slug.to_string());
            }
            let Some(facts) = after.strip_prefix(" (").and_then(|f| f.split_once(')')) else {
                continue;
            };
            // The level may come first: `(L7, advanced, 90 min)`.
            let level = format!("{}, ", problem.front.level);
            let said = facts.0.strip_prefix(&level).unwrap_or(facts.0);
            let want = format!(
                "{}, {} min",
                problem.front.difficulty, problem.front.time_limit
            );
            if said.contains(" min") && said != want {
                wrong.push(format!(
                    "{name}: {slug} is given as ({said}), its front matter says ({want})"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let missing: Vec<&str> = all
        .iter()
        .map(|p| p.slug.as_str())
        .filter(|s| !progression.contains(*s))
        .collect();
    assert!(
        missing.is_empty(),
        "the practice progression leaves out {missing:?}"
    );
}
