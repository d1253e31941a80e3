//! English words for alignment: tokenising, a light stemmer and function words; number words are read by
//! [`crate::number_words`], shared with the number check of translations.
//!
//! The same [`stem`] runs over CC-CEDICT's English definitions and over the English sentences, so a
//! dictionary sense "to negotiate" meets "negotiated" and "negotiations" in the text. Irregular verb and noun
//! forms are folded to their base, because dictionary definitions use base forms ("to say") while prose
//! uses the past ("said").

/// One English word of a sentence, as the aligner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnWord {
    /// The stemmed, lower-case form (the key looked up against dictionary translations).
    pub stem: String,
    /// The word lower-cased with hyphens and apostrophes removed (`Bao-yu` → `baoyu`), for pinyin names.
    pub joined: String,
    /// Whether the word starts with a capital letter and is not the first word of the sentence.
    pub capitalised: bool,
    /// Whether the word is a function word (kept for names, never used as lexical evidence).
    pub stop: bool,
    /// The number the word names (`three`, `twenty-first`, `million`), read from the word before
    /// stemming by [`crate::number_words`].
    pub number: Option<u64>,
}

/// Splits English text into words: runs of ASCII letters and digits, with inner hyphens kept as one word
/// (`Bao-yu`, `table-cloth`) and inner apostrophes splitting off clitics (`he's` → `he`).
pub fn words(text: &str) -> Vec<EnWord> {
    let mut out = Vec::new();
    let mut first = true;
    for raw in raw_words(text) {
        let lower = raw.to_ascii_lowercase().replace('’', "'");
        let capitalised = !first && raw.as_bytes()[0].is_ascii_uppercase();
        first = false;
        // Clitics after an apostrophe carry no content ("'s", "'d", "n't").
        let base = match lower.find('\'') {
            // "didn't" → "did", "don't" → "do"; "can't" keeps its n.
            Some(p) if &lower[p..] == "'t" && p > 3 && lower[..p].ends_with('n') => &lower[..p - 1],
            Some(p) => &lower[..p],
            None => lower.as_str(),
        };
        if base.is_empty() {
            continue;
        }
        let joined: String = base.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let stop = is_stop(base);
        out.push(EnWord {
            stem: stem(base),
            joined,
            capitalised,
            stop,
            number: crate::number_words::parse(base).map(|n| n.value),
        });
    }
    out
}

/// The raw words of `text`: runs of ASCII letters and digits, joined across an inner `-`, `'` or `’`
/// (`Bao-yu`, `he's`), as slices of `text`.
pub fn raw_words(text: &str) -> impl Iterator<Item = &str> + '_ {
    let b = text.as_bytes();
    let mut k = 0;
    std::iter::from_fn(move || {
        while k < b.len() && !b[k].is_ascii_alphanumeric() {
            k += 1;
        }
        if k >= b.len() {
            return None;
        }
        let start = k;
        loop {
            while k < b.len() && b[k].is_ascii_alphanumeric() {
                k += 1;
            }
            // An inner hyphen or apostrophe (ASCII, or ’ = E2 80 99) followed by a letter or digit.
            let joiner = match b.get(k) {
                Some(b'-') | Some(b'\'') => 1,
                Some(0xE2) if b.get(k + 1) == Some(&0x80) && b.get(k + 2) == Some(&0x99) => 3,
                _ => 0,
            };
            if joiner > 0 && b.get(k + joiner).is_some_and(|c| c.is_ascii_alphanumeric()) {
                k += joiner;
            } else {
                break;
            }
        }
        Some(&text[start..k])
    })
}

/// Stems a lower-case English word: irregular forms first, then plural, past, progressive and adverb
/// endings, then a final silent `e`, so that `make`, `makes`, `making` all give `mak`.
pub fn stem(word: &str) -> String {
    if let Some(base) = irregular(word) {
        return strip_e(base.to_string());
    }
    let w = word.trim_matches('-');
    if w.len() <= 3 || w.bytes().any(|b| b.is_ascii_digit()) {
        return w.to_string();
    }
    let mut s = w.to_string();
    if let Some(x) = s.strip_suffix("ies").filter(|x| x.len() >= 2) {
        s = format!("{x}y");
    } else if let Some(x) = s.strip_suffix("ied").filter(|x| x.len() >= 2) {
        s = format!("{x}y");
    } else if s.ends_with("sses")
        || s.ends_with("shes")
        || s.ends_with("ches")
        || s.ends_with("xes")
        || s.ends_with("oes")
    {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s')
        && !s.ends_with("ss")
        && !s.ends_with("us")
        && !s.ends_with("is")
        && s.len() > 3
    {
        s.pop();
    } else if let Some(x) = s
        .strip_suffix("ing")
        .filter(|x| x.len() >= 3 && has_vowel(x))
    {
        s = undouble(x);
    } else if let Some(x) = s
        .strip_suffix("ed")
        .filter(|x| x.len() >= 3 && has_vowel(x))
    {
        s = undouble(x);
    } else if let Some(x) = s.strip_suffix("ly").filter(|x| x.len() >= 4) {
        s = x.to_string();
    }
    strip_e(s)
}

fn strip_e(mut s: String) -> String {
    if s.len() > 3 && s.ends_with('e') && !s.ends_with("ee") {
        s.pop();
    }
    s
}

fn has_vowel(s: &str) -> bool {
    s.bytes()
        .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// `stopp` → `stop`, but `fall` and `pass` stay (l, s, z are doubled in base forms too).
fn undouble(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e') {
        s[..n - 1].to_string()
    } else {
        s.to_string()
    }
}

/// Whether a lower-case word is a function word: it carries no evidence of translation.
pub fn is_stop(word: &str) -> bool {
    STOP.binary_search(&word).is_ok()
}

// Sorted (checked by a unit test). Function words, pronouns, auxiliaries, and the labels CC-CEDICT puts in
// its definitions (sb, sth, lit, fig, abbr, cl, ...).
const STOP: &[&str] = &[
    "a",
    "abbr",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "cl",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "each",
    "esp",
    "etc",
    "every",
    "fig",
    "for",
    "from",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "kind",
    "lit",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "same",
    "sb",
    "sb's",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "somebody",
    "someone",
    "something",
    "sth",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "to",
    "too",
    "up",
    "us",
    "used",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

fn irregular(word: &str) -> Option<&'static str> {
    IRREGULAR
        .binary_search_by(|(form, _)| form.cmp(&word))
        .ok()
        .map(|i| IRREGULAR[i].1)
}

// Sorted by form (checked by a unit test): common irregular verb and noun forms → base form.
const IRREGULAR: &[(&str, &str)] = &[
    ("ate", "eat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bent", "bend"),
    ("bit", "bite"),
    ("bitten", "bite"),
    ("bled", "bleed"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("bore", "bear"),
    ("born", "bear"),
    ("bought", "buy"),
    ("bound", "bind"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("burnt", "burn"),
    ("came", "come"),
    ("caught", "catch"),
    ("children", "child"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("clung", "cling"),
    ("crept", "creep"),
    ("dealt", "deal"),
    ("drank", "drink"),
    ("drawn", "draw"),
    ("dreamt", "dream"),
    ("drew", "draw"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("drunk", "drink"),
    ("dug", "dig"),
    ("dwelt", "dwell"),
    ("eaten", "eat"),
    ("fed", "feed"),
    ("feet", "foot"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("forbade", "forbid"),
    ("forgave", "forgive"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("fought", "fight"),
    ("found", "find"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("geese", "goose"),
    ("given", "give"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("grew", "grow"),
    ("ground", "grind"),
    ("grown", "grow"),
    ("heard", "hear"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("kept", "keep"),
    ("knelt", "kneel"),
    ("knew", "know"),
    ("known", "know"),
    ("laid", "lay"),
    ("lain", "lie"),
    ("lay", "lie"),
    ("leapt", "leap"),
    ("learnt", "learn"),
    ("led", "lead"),
    ("left", "leave"),
    ("lent", "lend"),
    ("lit", "light"),
    ("lives", "life"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("men", "man"),
    ("met", "meet"),
    ("mice", "mouse"),
    ("paid", "pay"),
    ("people", "person"),
    ("ran", "run"),
    ("rang", "ring"),
    ("rode", "ride"),
    ("rose", "rise"),
    ("said", "say"),
    ("sang", "sing"),
    ("sank", "sink"),
    ("sat", "sit"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shaken", "shake"),
    ("shone", "shine"),
    ("shook", "shake"),
    ("shot", "shoot"),
    ("shown", "show"),
    ("slept", "sleep"),
    ("slid", "slide"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("sprang", "spring"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("struck", "strike"),
    ("stuck", "stick"),
    ("stung", "sting"),
    ("swam", "swim"),
    ("swept", "sweep"),
    ("swore", "swear"),
    ("swung", "swing"),
    ("taken", "take"),
    ("taught", "teach"),
    ("teeth", "tooth"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("understood", "understand"),
    ("went", "go"),
    ("wept", "weep"),
    ("whom", "who"),
    ("wives", "wife"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("women", "woman"),
    ("won", "win"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("wound", "wind"),
    ("written", "write"),
    ("wrote", "write"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
        assert!(IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0), "IRREGULAR");
    }

    #[test]
    fn stems_meet() {
        let groups: &[&[&str]] = &[
            &["make", "makes", "making", "made"],
            &["negotiate", "negotiated", "negotiates", "negotiating"],
            &["stop", "stopped", "stopping", "stops"],
            &["say", "said", "says"],
            &["country", "countries"],
            &["invest", "invests", "invested", "investing"],
            &["box", "boxes"],
            &["quick", "quickly"],
            &["go", "went", "gone", "goes"],
        ];
        for g in groups {
            let want = stem(g[0]);
            for w in *g {
                assert_eq!(stem(w), want, "{w} vs {}", g[0]);
            }
        }
        assert_ne!(stem("bus"), stem("bu"));
        assert_eq!(stem("2019"), "2019");
    }

    #[test]
    fn words_split_and_flag() {
        let w = words("Trinket saw Bao-yu's table-cloth, and he didn't stop.");
        let stems: Vec<&str> = w.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                "trinket",
                "see",
                "bao-yu",
                "table-cloth",
                "and",
                "he",
                "did",
                "stop"
            ]
        );
        assert!(!w[0].capitalised, "first word is not a name clue");
        assert!(w[2].capitalised);
        assert_eq!(w[2].joined, "baoyu");
        assert!(w[4].stop && w[5].stop);
    }

    #[test]
    fn number_words_are_read_before_stemming() {
        // "five" stems to "fiv" and "twelve" to "twelv"; the number is read from the word itself.
        let numbers: Vec<Option<u64>> = words("Five ports, twelve berths and twenty-one cranes")
            .iter()
            .map(|w| w.number)
            .collect();
        assert_eq!(
            numbers,
            [Some(5), None, Some(12), None, None, Some(21), None]
        );
    }
}
