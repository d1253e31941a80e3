//! Inflected forms of English terms, added to the index beside each term so that a plural or a past
//! tense in the text is recognised too.

/// Inflected forms of a multi-letter English term: the last word with -s/-es/-ies, -ed, -ing (and the
/// consonant doubling or e-dropping those need). Acronyms in capitals get only a plural -s.
pub(crate) fn inflections(term: &str) -> Vec<String> {
    let split = term.rfind(' ').map_or(0, |i| i + 1);
    let (head, word) = term.split_at(split);
    if word.chars().count() < 2 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    if word.chars().all(|c| c.is_ascii_uppercase()) {
        return vec![format!("{head}{word}s")];
    }
    let lower = word.to_ascii_lowercase();
    let b = lower.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let mut forms = Vec::new();
    let mut push = |s: String| forms.push(format!("{head}{s}"));
    if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        push(format!("{word}es"));
    } else if n > 2 && lower.ends_with('y') && !vowel(b[n - 2]) {
        push(format!("{}ies", &word[..n - 1]));
        push(format!("{}ied", &word[..n - 1]));
    } else {
        push(format!("{word}s"));
    }
    if lower.ends_with('e') {
        push(format!("{word}d"));
        push(format!("{}ing", &word[..n - 1]));
    } else if n >= 3
        && !vowel(b[n - 1])
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
        && !b"wxy".contains(&b[n - 1])
        && n <= 4
    {
        // Short consonant-vowel-consonant words double the consonant: ship → shipped, shipping.
        push(format!("{word}{}ed", &word[n - 1..]));
        push(format!("{word}{}ing", &word[n - 1..]));
    } else if !(lower.ends_with('y') && n > 2 && !vowel(b[n - 2])) {
        push(format!("{word}ed"));
        push(format!("{word}ing"));
    } else {
        push(format!("{word}ing"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflection_table() {
        let cases: [(&str, &[&str]); 7] = [
            (
                "free trade zone",
                &["free trade zones", "free trade zoned", "free trade zoning"],
            ),
            (
                "sister city",
                &["sister cities", "sister citied", "sister citying"],
            ),
            ("tax", &["taxes", "taxed", "taxing"]),
            ("ship", &["ships", "shipped", "shipping"]),
            ("MOU", &["MOUs"]),
            ("export", &["exports", "exported", "exporting"]),
            ("两江新区", &[]),
        ];
        for (term, want) in cases {
            assert_eq!(
                inflections(term),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{term}"
            );
        }
    }
}
