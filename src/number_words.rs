//! English number words, read in one place for the aligner (a number on both sides is evidence that two
//! sentences are translations) and for the number check of translations (`tm::qa`).
//!
//! Main items: [`parse`], giving a [`NumberWord`] (its value and [`Kind`]). Callers choose the kinds
//! they trust: the number check compares exact figures, so it leaves out approximate words like
//! "dozen", which the aligner still takes as a hint.

/// What sort of number word it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `three`, `twenty-one`.
    Cardinal,
    /// `third`, `twenty-first`.
    Ordinal,
    /// `hundred`, `million`, `bn`: multiplies the number before it.
    Scale,
    /// `dozen`: a count more often loose ("dozens of firms") than exact.
    Approximate,
}

/// A number word's value and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberWord {
    /// The value (`twenty-first` → 21, `million` → 1,000,000).
    pub value: u64,
    /// What sort of word it is.
    pub kind: Kind,
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const UNIT_ORDINALS: [&str; 20] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// Twenty to ninety.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

const TENS_ORDINALS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

/// Scale words and the abbreviations of financial news (`$2 bn`, `3.5 mln`).
const SCALES: [(&str, u64); 9] = [
    ("hundred", 100),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("mn", 1_000_000),
    ("mln", 1_000_000),
    ("billion", 1_000_000_000),
    ("bn", 1_000_000_000),
    ("trillion", 1_000_000_000_000),
    ("tn", 1_000_000_000_000),
];

/// The number an English word names, in any case: cardinals and ordinals to ninety-nine, alone or
/// hyphenated (`twenty-one`, `Twenty-First`), scale words and their abbreviations (a final period is
/// ignored: `bn.`), and `dozen`.
pub fn parse(word: &str) -> Option<NumberWord> {
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    let w = lower.as_str();
    if let Some(&(_, value)) = SCALES.iter().find(|(s, _)| *s == w) {
        return Some(NumberWord {
            value,
            kind: Kind::Scale,
        });
    }
    if w == "dozen" {
        return Some(NumberWord {
            value: 12,
            kind: Kind::Approximate,
        });
    }
    match w.split_once('-') {
        Some((tens, unit)) => {
            let tens = tens_value(tens)?;
            let unit = single(unit).filter(|u| (1..=9).contains(&u.value))?;
            (tens.kind == Kind::Cardinal).then_some(NumberWord {
                value: tens.value + unit.value,
                kind: unit.kind,
            })
        }
        None => single(w).or_else(|| tens_value(w)),
    }
}

/// `zero` to `nineteen` and their ordinals.
fn single(w: &str) -> Option<NumberWord> {
    let found = |table: &[&str], kind| {
        table.iter().position(|s| *s == w).map(|i| NumberWord {
            value: i as u64,
            kind,
        })
    };
    found(&UNITS, Kind::Cardinal).or_else(|| found(&UNIT_ORDINALS, Kind::Ordinal))
}

/// `twenty` to `ninety` and their ordinals.
fn tens_value(w: &str) -> Option<NumberWord> {
    let found = |table: &[&str], kind| {
        table.iter().position(|s| *s == w).map(|i| NumberWord {
            value: 20 + 10 * i as u64,
            kind,
        })
    };
    found(&TENS, Kind::Cardinal).or_else(|| found(&TENS_ORDINALS, Kind::Ordinal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_values_and_kinds() {
        use Kind::*;
        let cases = [
            ("three", Some((3, Cardinal))),
            ("Five", Some((5, Cardinal))),
            ("nineteen", Some((19, Cardinal))),
            ("forty", Some((40, Cardinal))),
            ("twenty-one", Some((21, Cardinal))),
            ("Ninety-Nine", Some((99, Cardinal))),
            ("first", Some((1, Ordinal))),
            ("twelfth", Some((12, Ordinal))),
            ("thirtieth", Some((30, Ordinal))),
            ("twenty-first", Some((21, Ordinal))),
            ("hundred", Some((100, Scale))),
            ("billion", Some((1_000_000_000, Scale))),
            ("bn.", Some((1_000_000_000, Scale))),
            ("Trillion", Some((1_000_000_000_000, Scale))),
            ("dozen", Some((12, Approximate))),
            ("twenty-zero", None),
            ("first-one", None),
            ("one-hundred", None),
            ("twentieth-one", None),
            ("cat", None),
            ("", None),
            ("-", None),
        ];
        for (word, want) in cases {
            let got = parse(word).map(|n| (n.value, n.kind));
            assert_eq!(got, want, "{word}");
        }
    }
}
