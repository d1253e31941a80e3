//! OmegaT-compatible tab-separated text: one sentence pair per line, `source<TAB>target`, UTF-8.
//!
//! OmegaT reads such a file as a glossary or converts it to a memory; LF Aligner and most CAT tools read
//! it as a bilingual table. Tabs and line breaks inside a sentence become spaces (they would break the
//! row), and beads with an empty side are left out (they are not translation pairs).

use crate::align::Alignment;

/// Writes the paired beads as `Chinese<TAB>English` lines.
pub fn to_tsv(alignment: &Alignment) -> String {
    let mut out = String::new();
    for b in alignment.beads.iter().filter(|b| !b.is_null()) {
        out.push_str(&clean(&alignment.zh_text(b)));
        out.push('\t');
        out.push_str(&clean(&alignment.en_text(b)));
        out.push('\n');
    }
    out
}

fn clean(s: &str) -> String {
    let joined: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    joined.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    #[test]
    fn pairs_one_per_line_without_breaking_rows() {
        let a = Alignment {
            zh: vec!["第一句。".into(), "第二\t句。".into(), "多余。".into()],
            en: vec!["First.".into(), "Second\nsentence.".into(), "Two.".into()],
            beads: vec![
                Bead::new(0..1, 0..1, 1.0),
                Bead::new(1..2, 1..3, 1.0),
                Bead::new(2..3, 3..3, 0.1),
            ],
        };
        assert_eq!(
            to_tsv(&a),
            "第一句。\tFirst.\n第二 句。\tSecond sentence. Two.\n"
        );
    }
}
