//! The panel under the bead table: the selected bead's sentences, editable, with every edit the review
//! needs (split a sentence at the cursor, join, move a sentence to the neighbouring bead, merge, split the
//! bead, unpair, accept), and the glossary terms whose translation is missing on the other side.
//!
//! Main item: [`bead_panel`], which returns the [`Edit`] the user asked for.

use crate::align::{Alignment, Edit, Side};
use crate::gui::shared_glossary::SharedGlossary;

/// Text being edited in the panel, per sentence, and the cursor position of the last one touched.
#[derive(Default)]
pub struct PanelState {
    /// (side, sentence index, edited text).
    pub drafts: Vec<(Side, usize, String)>,
    /// (side, sentence index, stored text) of the same sentences, to tell an edit from the stored text.
    pub stored: Vec<(Side, usize, String)>,
    /// (side, sentence, char offset) of the last cursor placed in a sentence.
    pub cursor: Option<(Side, usize, usize)>,
    /// The bead the drafts belong to.
    pub bead: Option<usize>,
}

/// Draws the selected bead; returns the edit the user asked for.
pub fn bead_panel(
    ui: &mut egui::Ui,
    a: &Alignment,
    k: usize,
    st: &mut PanelState,
    glossary: Option<&SharedGlossary>,
) -> Option<Edit> {
    let b = a.beads.get(k)?.clone();
    if st.bead != Some(k) {
        st.bead = Some(k);
        st.cursor = None;
        st.drafts =
            b.zh.clone()
                .map(|i| (Side::Zh, i, a.zh[i].clone()))
                .collect();
        st.drafts
            .extend(b.en.clone().map(|i| (Side::En, i, a.en[i].clone())));
        st.stored = st.drafts.clone();
    }
    let mut edit = None;
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("Bead {} of {}", k + 1, a.beads.len()));
        ui.label(format!(
            "{}–{} · confidence {:.0}%{}",
            b.zh.len(),
            b.en.len(),
            b.confidence * 100.0,
            if b.edited { " · edited by hand" } else { "" }
        ));
        let mut accepted = b.accepted;
        if ui.checkbox(&mut accepted, "Accepted (A)").changed() {
            edit = Some(Edit::Accept { bead: k, accepted });
        }
        ui.separator();
        if ui
            .add_enabled(k > 0, egui::Button::new("Merge with previous"))
            .clicked()
        {
            edit = Some(Edit::MergePrev { bead: k });
        }
        if ui
            .add_enabled(
                k + 1 < a.beads.len(),
                egui::Button::new("Merge with next (M)"),
            )
            .clicked()
        {
            edit = Some(Edit::MergeNext { bead: k });
        }
        let split = st.split_here(a, k);
        let hint = if st.cursor.is_some() {
            "At the cursor"
        } else {
            "After the first sentence on each side (place the cursor in a sentence to split there)"
        };
        if ui
            .add_enabled(split.is_some(), egui::Button::new("Split bead (S)"))
            .on_hover_text(hint)
            .clicked()
        {
            edit = split;
        }
        if ui
            .add_enabled(
                !b.zh.is_empty() && !b.en.is_empty(),
                egui::Button::new("Unpair (U)"),
            )
            .on_hover_text("These sentences do not correspond: keep each side on its own")
            .clicked()
        {
            edit = Some(Edit::Unpair { bead: k });
        }
    });
    if let Some(g) = glossary {
        let missing = missing_terms(g, &a.zh_text(&b), &a.en_text(&b));
        if !missing.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Glossary terms without their translation on the English side: {}",
                    missing.join("; ")
                ),
            );
        }
    }
    ui.separator();
    ui.columns(2, |cols| {
        for (col, side, title) in [(0, Side::Zh, "中文"), (1, Side::En, "English")] {
            let ui = &mut cols[col];
            ui.strong(title);
            let range = if side == Side::Zh {
                b.zh.clone()
            } else {
                b.en.clone()
            };
            if range.is_empty() {
                ui.weak("(no sentence on this side)");
            }
            for (n, i) in range.clone().enumerate() {
                if let Some(e) = sentence_ui(
                    ui,
                    st,
                    side,
                    i,
                    n == 0,
                    n + 1 == range.len(),
                    k,
                    a.beads.len(),
                ) {
                    edit = Some(e);
                }
            }
        }
    });
    edit
}

#[allow(clippy::too_many_arguments)]
fn sentence_ui(
    ui: &mut egui::Ui,
    st: &mut PanelState,
    side: Side,
    i: usize,
    first: bool,
    last: bool,
    bead: usize,
    beads: usize,
) -> Option<Edit> {
    let mut edit = None;
    let pos = st
        .drafts
        .iter()
        .position(|(s, j, _)| *s == side && *j == i)?;
    let output = egui::TextEdit::multiline(&mut st.drafts[pos].2)
        .id_salt(("bead_sentence", side == Side::Zh, i))
        .desired_rows(2)
        .desired_width(f32::INFINITY)
        .show(ui);
    let side_name = if side == Side::Zh {
        "Chinese"
    } else {
        "English"
    };
    let named: egui::Response = (*output.response).clone();
    named.accessible_name(format!("{side_name} sentence {}", i + 1));
    if let Some(range) = output.cursor_range {
        st.cursor = Some((side, i, range.primary.index.0));
    }
    let stored = a_text(st, side, i);
    let edited = stored.is_some_and(|t| t != st.drafts[pos].2);
    // Ctrl+S in the box, or leaving it, saves the edit: a sentence typed is never lost.
    let save_key = output.response.has_focus()
        && ui.input_mut(|inp| inp.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
    if edited && (save_key || output.response.lost_focus()) {
        edit = Some(Edit::EditText {
            side,
            sentence: i,
            text: st.drafts[pos].2.clone(),
        });
    }
    ui.horizontal_wrapped(|ui| {
        let at = st
            .cursor
            .filter(|(s, j, _)| *s == side && *j == i)
            .map(|(_, _, c)| c);
        let len = st.drafts[pos].2.chars().count();
        if ui
            .add_enabled(
                at.is_some_and(|c| c > 0 && c < len),
                egui::Button::new("Split at cursor").small(),
            )
            .clicked()
        {
            edit = Some(Edit::SplitSentence {
                side,
                sentence: i,
                at_char: at.unwrap_or(0),
            });
        }
        if ui
            .add_enabled(!last, egui::Button::new("Join with next").small())
            .clicked()
        {
            edit = Some(Edit::JoinSentences { side, sentence: i });
        }
        if first
            && ui
                .add_enabled(bead > 0, egui::Button::new("To previous bead").small())
                .clicked()
        {
            edit = Some(Edit::MoveFirstToPrev { bead, side });
        }
        if last
            && ui
                .add_enabled(bead + 1 < beads, egui::Button::new("To next bead").small())
                .clicked()
        {
            edit = Some(Edit::MoveLastToNext { bead, side });
        }
        if ui
            .add_enabled(edited, egui::Button::new("Save text").small())
            .on_hover_text("Ctrl+S; leaving the box saves too")
            .clicked()
        {
            edit = Some(Edit::EditText {
                side,
                sentence: i,
                text: st.drafts[pos].2.clone(),
            });
        }
    });
    ui.add_space(4.0);
    if edit.is_some() {
        st.bead = None; // re-read the sentences after the edit
    }
    edit
}

/// The stored text of a sentence shown in the panel.
fn a_text(st: &PanelState, side: Side, i: usize) -> Option<&str> {
    st.stored
        .iter()
        .find(|(s, j, _)| *s == side && *j == i)
        .map(|(_, _, t)| t.as_str())
}

impl PanelState {
    /// The edit "split the bead here" asks for: at the cursor (splitting its sentence when the cursor is
    /// inside it), the other side where the two beads score best; without a cursor, after the first
    /// sentence on each side.
    pub fn split_here(&self, a: &Alignment, k: usize) -> Option<Edit> {
        let b = a.beads.get(k)?;
        if b.zh.len() + b.en.len() < 2 {
            return None;
        }
        let Some((side, i, at)) = self.cursor.filter(|(s, i, _)| match s {
            Side::Zh => b.zh.contains(i),
            Side::En => b.en.contains(i),
        }) else {
            return Some(Edit::SplitBead {
                bead: k,
                zh: b.zh.len().min(1),
                en: b.en.len().min(1),
            });
        };
        // Inside the sentence the sentence is split there; the other side is cut where the two beads
        // score best (the core decides).
        Some(Edit::SplitAt {
            bead: k,
            side,
            sentence: i,
            at_char: at,
        })
    }
}

/// The Chinese glossary terms in `zh` whose entry has no term (in any language form) found in `en`.
pub fn missing_terms(g: &SharedGlossary, zh: &str, en: &str) -> Vec<String> {
    missing_in(g, zh, &g.find(zh), &g.find(en))
}

/// [`missing_terms`] from the terms already found on each side (the table finds them to highlight them).
pub fn missing_in(
    g: &SharedGlossary,
    zh: &str,
    zh_hits: &[crate::glossary::TermMatch],
    en_hits: &[crate::glossary::TermMatch],
) -> Vec<String> {
    let mut missing = Vec::new();
    for m in zh_hits {
        let Some(entry) = g.entries.get(&m.entry) else {
            continue;
        };
        let Some(en_term) = entry.data.preferred("en") else {
            continue;
        };
        if en_hits.iter().any(|e| e.entry == m.entry) {
            continue;
        }
        let text = format!("{} ({en_term})", &zh[m.range.clone()]);
        if !missing.contains(&text) {
            missing.push(text);
        }
    }
    missing
}
