//! The `mixed-script` rule: Simplified characters left inside Traditional text (后 基于 云 建筑 in a
//! Traditional release) and Traditional characters inside Simplified text, flagged with the converted
//! character as the suggestion. Every flag of one paragraph shares a group, so that the GUI can convert the
//! block with one click.
//!
//! The script of the text comes from the conversion engine's [`detect_script`] over the whole chunk (a line
//! of a bilingual zh-Hans/zh-Hant document falls back to its own script); which characters are out of place
//! comes from [`suspicious_chars`], which reads them in phrase context (后 in 之后 is flagged in Traditional
//! text, 后 in 皇后 is not).

use crate::convert::script::{Script, ScriptReport, detect_script, suspicious_chars};
use crate::convert::{Config, Converter};

use super::edits::Edit;
use super::text::lines;

/// Finds characters of the wrong script in `text`; `next_group` numbers the blocks.
pub(crate) fn find(text: &str, next_group: &mut u32) -> Vec<Edit> {
    // Han characters are three or four bytes long in UTF-8, lead bytes E3–E9 and F0.
    if !text.bytes().any(|b| matches!(b, 0xE3..=0xE9 | 0xF0)) {
        return Vec::new();
    }
    let document = detect_script(text).script;
    let mut edits = Vec::new();
    for line in lines(text) {
        let paragraph = &text[line.content()];
        if !paragraph.bytes().any(|b| matches!(b, 0xE3..=0xE9 | 0xF0)) {
            continue;
        }
        let report = detect_script(paragraph);
        // Characters valid in both scripts (后, 面) can still be wrong in context (之后, 方便面), so every
        // paragraph with Han characters is checked, not only those with a character of the other script.
        let Some(expected) = expected_script(document, &report) else {
            continue;
        };
        let found = flags(paragraph, expected);
        if found.is_empty() {
            continue;
        }
        *next_group += 1;
        for mut edit in found {
            edit.range = line.start + edit.range.start..line.start + edit.range.end;
            edit.group = Some(*next_group);
            edits.push(edit);
        }
    }
    edits
}

/// The script a paragraph should be in: the document's, or in a mixed document the paragraph's own.
fn expected_script(document: Script, paragraph: &ScriptReport) -> Option<Script> {
    match (document, paragraph.script) {
        (Script::Hans | Script::Hant, _) => Some(document),
        (_, own @ (Script::Hans | Script::Hant)) => Some(own),
        _ => None,
    }
}

/// One flag per run of out-of-place characters, suggesting their conversion in context.
fn flags(paragraph: &str, expected: Script) -> Vec<Edit> {
    let suspicious = suspicious_chars(paragraph, expected);
    if suspicious.is_empty() {
        return Vec::new();
    }
    let (config, from, to) = match expected {
        Script::Hant => (Config::S2t, "Simplified", "Traditional"),
        _ => (Config::T2s, "Traditional", "Simplified"),
    };
    let (converted, spans) = Converter::new(config).convert_with_spans(paragraph);
    // The suggestion for each suspicious character: its counterpart in the converted text when the span
    // converts character for character, else the whole converted span.
    let mut pieces: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (range, _) in &suspicious {
        let Some(span) = spans
            .iter()
            .find(|s| s.src.start <= range.start && range.end <= s.src.end)
        else {
            continue;
        };
        let src = &paragraph[span.src.clone()];
        let dst = &converted[span.dst.clone()];
        let piece = if src.chars().count() == dst.chars().count() {
            let index = paragraph[span.src.start..range.start].chars().count();
            dst.chars()
                .nth(index)
                .map(|c| (range.clone(), c.to_string()))
        } else {
            Some((span.src.clone(), dst.to_owned()))
        };
        if let Some(piece) = piece {
            match pieces.last_mut() {
                Some(last) if last.0 == piece.0 => {}
                Some(last) if last.0.end == piece.0.start => {
                    last.0.end = piece.0.end;
                    last.1.push_str(&piece.1);
                }
                _ => pieces.push(piece),
            }
        }
    }
    pieces
        .into_iter()
        .filter(|(range, after)| paragraph[range.clone()] != *after)
        .map(|(range, after)| {
            let before = &paragraph[range.clone()];
            let reason = format!(
                "{from} {before} in {to} text; converted ({}) it reads {after}",
                config.name()
            );
            Edit::flag(range, after, reason, 0.7)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String, Option<u32>)> {
        let mut group = 0;
        find(text, &mut group)
            .into_iter()
            .map(|e| (text[e.range.clone()].to_owned(), e.after, e.group))
            .collect()
    }

    #[test]
    fn flags_the_other_script() {
        let got =
            run("簽訂備忘錄后，市外經貿委進一步拓展與加州合作領域。\n數據運營中心基于雲計算。\n");
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|(a, b, _)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(pairs, vec![("后", "後"), ("于", "於")]);
        assert_eq!(got[0].2, Some(1));
        assert_eq!(got[1].2, Some(2));
        let got = run("双方签署了合作协议，进一步扩大贸易與投资规模。\n");
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|(a, b, _)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(pairs, vec![("與", "与")]);
    }

    #[test]
    fn leaves_consistent_text_alone() {
        for text in [
            "重慶與加州的經貿合作進一步拓展。\n",
            "重庆与加州的经贸合作进一步拓展。\n",
            "皇后大道的商店。\n",
            "Trade between the two cities grew.\n",
        ] {
            assert!(run(text).is_empty(), "{text}");
        }
    }
}
