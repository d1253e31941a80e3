//! The bead file format of the alignment gold data: one bead per line, `[0,1]:[0]` = Chinese sentences
//! 0 and 1 ↔ English sentence 0 (0-based), `[]` for an empty side.

use std::ops::Range;

use crate::align::Alignment;
use crate::{Error, Result};

/// Writes the beads, one per line.
pub fn to_beads(alignment: &Alignment) -> String {
    let mut out = String::new();
    for b in &alignment.beads {
        out.push_str(&format!("{}:{}\n", list(&b.zh), list(&b.en)));
    }
    out
}

fn list(r: &Range<usize>) -> String {
    let ids: Vec<String> = r.clone().map(|i| i.to_string()).collect();
    format!("[{}]", ids.join(","))
}

/// Reads a bead file into (Chinese ids, English ids) per bead. Errors name the 1-based line.
pub fn parse_beads(text: &str, name: &str) -> Result<Vec<(Vec<usize>, Vec<usize>)>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = || Error::format(name, Some(n + 1), format!("not a bead `[i,j]:[k]`: {line}"));
        let (z, e) = line.split_once(':').ok_or_else(bad)?;
        out.push((ids(z).ok_or_else(bad)?, ids(e).ok_or_else(bad)?));
    }
    Ok(out)
}

fn ids(s: &str) -> Option<Vec<usize>> {
    let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner.split(',').map(|x| x.trim().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    #[test]
    fn round_trip() {
        let a = Alignment {
            zh: vec!["甲".into(), "乙".into(), "丙".into()],
            en: vec!["A".into(), "B".into()],
            beads: vec![
                Bead::new(0..2, 0..1, 0.9),
                Bead::new(2..3, 1..1, 0.1),
                Bead::new(3..3, 1..2, 0.1),
            ],
        };
        let text = to_beads(&a);
        assert_eq!(text, "[0,1]:[0]\n[2]:[]\n[]:[1]\n");
        let parsed = parse_beads(&text, "x").unwrap();
        assert_eq!(
            parsed,
            [(vec![0, 1], vec![0]), (vec![2], vec![]), (vec![], vec![1])]
        );
        let err = parse_beads("[0]:[0]\n[1:[1]\n", "g.txt").unwrap_err();
        assert!(err.to_string().starts_with("g.txt:2:"), "{err}");
    }
}
