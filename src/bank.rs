//! The bank's product rules, in one place. The build checks content against them and
//! hands the browser what it needs as data (attributes on the page), so no script keeps a
//! copy: the levels and difficulties, the rubric's total, the evaluation frameworks'
//! weights and scale, the evaluation guide's time split and overtime penalties, a new problem's default time limit, and the sections
//! practice mode folds.

pub use crate::content::front_matter::{Difficulty, Level};

/// What every problem's rubric adds up to.
pub const RUBRIC_TOTAL: u32 = 50;

/// What the weights of an evaluation framework's criteria add up to, in percent (the
/// evaluation guide's `(N% of total score)`).
pub const SCORER_TOTAL: u32 = 100;

/// The levels of a framework's scale: 1 (inadequate) to 5 (expert).
pub const SCORER_LEVELS: u32 = 5;

/// Points lost for running over the time limit, as (percent over, points): L6 loses 5 at
/// 10% over and 10 at 20%; L7 3 and 7.
pub fn overtime_penalties(level: Level) -> [(u32, u32); 2] {
    match level {
        Level::L6 => [(10, 5), (20, 10)],
        Level::L7 => [(10, 3), (20, 7)],
    }
}

/// The evaluation guide's time split for a level: the interview length it is stated for,
/// and each phase's name and minutes. A problem without `phases` practises by it, scaled.
pub fn guide_split(level: Level) -> (u32, &'static [(&'static str, u32)]) {
    match level {
        Level::L6 => (
            60,
            &[
                ("Requirements and scale", 8),
                ("High-level architecture", 15),
                ("Detailed design", 20),
                ("Scaling and optimization", 12),
                ("Operations and trade-offs", 5),
            ],
        ),
        Level::L7 => (
            90,
            &[
                ("Requirements and strategy", 15),
                ("Platform architecture", 25),
                ("Core system design", 25),
                ("Advanced features", 15),
                ("Business and operations", 10),
            ],
        ),
    }
}

/// A new problem's time limit when `whiteboard new` is given none.
pub fn default_time_limit(level: Level) -> u32 {
    match level {
        Level::L6 => 45,
        Level::L7 => 90,
    }
}

/// Practice mode folds a problem from the first `##` section with one of these titles (the
/// estimates, else the worked solution) up to the rubric; the statement, requirements and
/// hints stay in view.
pub const FOLD_FROM: &[&str] = &["Scale Estimation", "Step-by-Step Solution"];

/// The `##` section practice mode starts folding at, given the page's top-level headings
/// as (id, title).
pub fn fold_from<'a>(sections: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<&'a str> {
    let sections: Vec<_> = sections.into_iter().collect();
    FOLD_FROM.iter().find_map(|title| {
        sections
            .iter()
            .find(|(_, t)| t.trim().eq_ignore_ascii_case(title))
            .map(|(id, _)| *id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fold_starts_at_the_estimates_or_else_the_solution() {
        let page = [
            ("statement", "Problem Statement"),
            ("hints", "Hints"),
            ("est", "Scale Estimation"),
            ("sol", "Step-by-Step Solution"),
        ];
        assert_eq!(fold_from(page), Some("est"));
        assert_eq!(
            fold_from(page.into_iter().filter(|(id, _)| *id != "est")),
            Some("sol")
        );
        assert_eq!(fold_from([("a", "Overview")]), None);
    }
}
