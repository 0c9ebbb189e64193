//! What counts as a word, for the index and for the query script alike
//! (`static/js/search.js` splits a query by the same rule): a run of letters and digits,
//! lowercased. `fan-out` is two words, `base62` one, `rate_limiter` two.

/// The words of `text`, lowercased, in order.
pub fn words(text: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && (w.len() <= MAX_WORD || w.chars().count() <= MAX_WORD))
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(w.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(w)
            }
        })
}

/// Longer runs, in characters (hashes, base64 in code), are nobody's query, and would only
/// grow the index.
pub const MAX_WORD: usize = 40;

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_runs_of_letters_and_digits_lowercased() {
        let found: Vec<_> =
            super::words("Hybrid fan-out, base62 & rate_limiter(Ünïcode)").collect();
        assert_eq!(
            found,
            [
                "hybrid",
                "fan",
                "out",
                "base62",
                "rate",
                "limiter",
                "ünïcode"
            ]
        );
        assert_eq!(super::words(&"x".repeat(41)).count(), 0);
    }
}
