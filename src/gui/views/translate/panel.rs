//! The Translate workspace's side panel for the selected segment: its source with glossary terms
//! highlighted, the target editor (confirm with Ctrl+Enter), the terms with their approved translations,
//! the memory's matches with the differences highlighted, and a concordance search over the memory.
//!
//! Main type: [`SegmentPanel`]. Matches are looked up when the selection changes, with `try_lock`, so a
//! job holding the memory (an import) shows "busy" instead of freezing the window. With a memory on a
//! team server every lookup is a round trip, so lookups and concordance run on a thread of their own and
//! their answers are shown when they come.

use crate::gui::jobs::Pending;
use crate::gui::shared_memory::SharedMemory;
use crate::tm::fuzzy::DiffOp;
use crate::tm::{
    ConcordanceHit, MatchOptions, SegmentStatus, TermHit, Terminology, TmMatch, TranslationProject,
};

/// Matches of a segment, or why there are none.
type Found = Result<Vec<TmMatch>, String>;

/// UI state of the selected segment.
#[derive(Default)]
pub struct SegmentPanel {
    /// The selected segment.
    pub selected: usize,
    /// Scroll the table to the selection on the next frame.
    pub scroll: bool,
    editor: String,
    editor_for: Option<usize>,
    matches: Option<(usize, Found)>,
    /// Matches being looked up on a team server, for the segment given.
    matching: Option<(usize, Pending<Found>)>,
    concordance: String,
    hits: Option<Result<Vec<ConcordanceHit>, String>>,
    /// A concordance search running on a team server.
    searching: Option<Pending<Result<Vec<ConcordanceHit>, String>>>,
    dirty: bool,
}

impl SegmentPanel {
    /// Selects segment `i`, keeping what was typed in the editor as the previous segment's draft.
    pub fn select(&mut self, project: &mut TranslationProject, i: usize) {
        self.commit(project);
        self.selected = i.min(project.segments.len().saturating_sub(1));
        self.reload(project);
    }

    /// Loads the selected segment's target into the editor (after undo, redo or pre-translation).
    pub fn reload(&mut self, project: &TranslationProject) {
        self.selected = self.selected.min(project.segments.len().saturating_sub(1));
        self.editor = project
            .segments
            .get(self.selected)
            .map(|s| s.target.clone())
            .unwrap_or_default();
        self.editor_for = Some(self.selected);
    }

    /// Stores the editor's text as the draft of the segment it belongs to, if it changed.
    pub fn commit(&mut self, project: &mut TranslationProject) {
        let Some(i) = self.editor_for else { return };
        if project
            .segments
            .get(i)
            .is_some_and(|s| s.target != self.editor.trim())
            && project.set_target(i, &self.editor).is_ok()
        {
            self.dirty = true;
        }
    }

    /// Whether the project changed through the panel since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Drops cached matches (the memory changed).
    pub fn forget_matches(&mut self) {
        self.matches = None;
        // A lookup still running answers for the memory as it was: it is asked again.
        self.matching = None;
    }

    /// Draws the panel.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &mut TranslationProject,
        memory: Option<&SharedMemory>,
        terms: &dyn Terminology,
    ) {
        if project.segments.is_empty() {
            ui.label("This document has no sentences to translate.");
            return;
        }
        if self.editor_for != Some(self.selected) {
            self.commit(project);
            self.reload(project);
        }
        let i = self.selected;
        let seg = project.segments[i].clone();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading(format!("Segment {}", i + 1));
            ui.label(egui::RichText::new(status_text(seg.status, seg.match_score)).weak());
        });
        let hits = project.terms(i, terms).unwrap_or_default();
        ui.label(highlight_terms(ui, &seg.source, &hits));
        ui.add_space(4.0);
        let label = ui.label("Translation");
        let edit = ui
            .add(
                egui::TextEdit::multiline(&mut self.editor)
                    .id_salt("translate_target")
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let confirm_key = edit.has_focus()
            && ui.input_mut(|inp| inp.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        ui.horizontal(|ui| {
            let confirm = ui
                .add_enabled(!self.editor.trim().is_empty(), egui::Button::new("Confirm"))
                .on_hover_text("Ctrl+Enter: confirm and go to the next segment")
                .clicked();
            if (confirm || confirm_key) && !self.editor.trim().is_empty() {
                self.commit(project);
                if project.confirm(i).is_ok() {
                    self.dirty = true;
                    let next = (i + 1).min(project.segments.len() - 1);
                    self.select(project, next);
                    self.scroll = true;
                }
            }
            if ui.button("Copy source").clicked() {
                self.editor = seg.source.clone();
            }
        });
        ui.separator();
        terms_ui(ui, &hits, &mut self.editor, project);
        ui.separator();
        self.matches_ui(ui, project, memory);
        ui.separator();
        self.concordance_ui(ui, memory);
    }

    fn matches_ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &mut TranslationProject,
        memory: Option<&SharedMemory>,
    ) {
        let i = self.selected;
        ui.strong("Memory matches");
        let Some(memory) = memory else {
            ui.label("The translation memory is not open.");
            return;
        };
        if let Some((k, pending)) = &self.matching {
            if let Some(found) = pending.take() {
                self.matches = Some((*k, found));
                self.matching = None;
            }
        }
        if self.matches.as_ref().is_none_or(|(k, _)| *k != i) {
            let options = MatchOptions {
                min_score: 50,
                limit: 5,
            };
            if memory.on_server {
                if self.matching.as_ref().is_none_or(|(k, _)| *k != i) {
                    self.matching = Some((i, look_up(ui.ctx(), memory, project, i, options)));
                }
                ui.label(
                    egui::RichText::new("Looking the segment up in the team's memory…").weak(),
                );
                return;
            }
            match memory.store.try_lock() {
                Ok(mut m) => {
                    let found = project
                        .matches(i, &mut m, &options)
                        .map_err(|e| e.to_string());
                    self.matches = Some((i, found));
                }
                Err(_) => {
                    ui.label("The memory is busy (an import or pre-translation is running)…");
                    return;
                }
            }
        }
        let Some((_, found)) = &self.matches else {
            return;
        };
        match found {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Ok(list) if list.is_empty() => {
                ui.label(egui::RichText::new("No match of 50% or more.").weak());
            }
            Ok(list) => {
                let mut used = None;
                for (k, m) in list.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let color = if m.exact {
                            ui.visuals().hyperlink_color
                        } else {
                            ui.visuals().warn_fg_color
                        };
                        ui.label(
                            egui::RichText::new(format!("{}%", m.score))
                                .strong()
                                .color(color),
                        );
                        if ui
                            .small_button("Use")
                            .on_hover_text("Take this translation into the editor")
                            .clicked()
                        {
                            used = Some(k);
                        }
                    });
                    ui.label(diff_job(ui, m));
                    ui.label(egui::RichText::new(&m.target).strong());
                    ui.add_space(4.0);
                }
                if let Some(k) = used {
                    let m = list[k].clone();
                    if project.use_match(i, &m).is_ok() {
                        self.dirty = true;
                        self.reload(project);
                    }
                }
            }
        }
    }

    fn concordance_ui(&mut self, ui: &mut egui::Ui, memory: Option<&SharedMemory>) {
        ui.strong("Concordance");
        let search = ui.horizontal(|ui| {
            let label = ui.label("Search the memory");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.concordance)
                        .hint_text(crate::gui::widgets::hint("a phrase, either language")),
                )
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.button("Search").clicked() || enter
        });
        if let Some(found) = self.searching.as_ref().and_then(Pending::take) {
            self.hits = Some(found);
            self.searching = None;
        }
        if search.inner && !self.concordance.trim().is_empty() {
            if let Some(memory) = memory.filter(|m| m.on_server) {
                let (store, phrase) = (memory.store.clone(), self.concordance.trim().to_string());
                let pending = Pending::run(ui.ctx(), move || match store.lock() {
                    Ok(mut m) => m.concordance(&phrase, 30).map_err(|e| e.to_string()),
                    Err(_) => Err("the memory is unavailable".to_string()),
                });
                self.searching = Some(pending);
            } else if let Some(memory) = memory {
                self.hits = Some(match memory.store.try_lock() {
                    Ok(mut m) => m
                        .concordance(self.concordance.trim(), 30)
                        .map_err(|e| e.to_string()),
                    Err(_) => Err("The memory is busy; try again in a moment.".into()),
                });
            }
        }
        match &self.hits {
            Some(Ok(hits)) if hits.is_empty() => {
                ui.label("Not found in the memory.");
            }
            Some(Ok(hits)) => {
                for h in hits {
                    ui.label(marked(ui, &h.source, &h.source_spans));
                    ui.label(marked(ui, &h.target, &h.target_spans));
                    ui.add_space(4.0);
                }
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
    }
}

/// Terms found in the source, each with buttons that insert an approved translation (in the target's
/// script and region) where the editor's text ends. The terms that bind in this document's domain come
/// first; the others are marked as suggestions with the reason.
fn terms_ui(
    ui: &mut egui::Ui,
    hits: &[TermHit],
    editor: &mut String,
    project: &TranslationProject,
) {
    ui.strong("Glossary terms");
    if hits.is_empty() {
        ui.label(egui::RichText::new("No glossary term in this segment.").weak());
        return;
    }
    let domain = project.domain.as_deref();
    let chinese_target = project.target_lang.is_chinese();
    for h in hits {
        let why = h.why_suggestion(domain);
        ui.horizontal_wrapped(|ui| {
            let term = ui.label(&h.term);
            if let Some(d) = &h.domain {
                term.on_hover_text(format!("domain: {d}"));
            }
            ui.label("→");
            if h.approved.is_empty() {
                ui.label(egui::RichText::new("no approved translation").weak());
            }
            for a in &h.approved {
                if ui
                    .small_button(a)
                    .on_hover_text("Insert into the translation")
                    .clicked()
                {
                    insert_term(editor, a, chinese_target);
                }
            }
            for f in &h.forbidden {
                ui.label(
                    egui::RichText::new(f)
                        .strikethrough()
                        .color(ui.visuals().error_fg_color),
                )
                .on_hover_text("Forbidden by the glossary");
            }
            if let Some(why) = &why {
                ui.label(
                    egui::RichText::new(format!("suggestion: {why}"))
                        .weak()
                        .small(),
                );
            }
        });
    }
}

/// Appends `term` to the editor's text: after a space between Latin words, directly in Chinese.
pub fn insert_term(editor: &mut String, term: &str, chinese_target: bool) {
    let needs_space = !chinese_target
        && editor
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '.' | ';' | ':' | ')'));
    if needs_space {
        editor.push(' ');
    }
    editor.push_str(term.trim());
}

/// The segment's status in words.
pub fn status_text(status: SegmentStatus, score: Option<u8>) -> String {
    let base = match status {
        SegmentStatus::Untranslated => "untranslated",
        SegmentStatus::Pretranslated => "pre-translated",
        SegmentStatus::Draft => "draft",
        SegmentStatus::Confirmed => "confirmed",
    };
    match score {
        Some(s) => format!("{base} · {s}%"),
        None => base.to_string(),
    }
}

/// Starts looking segment `i` up in a memory on a team server, on a thread of its own (it waits for the
/// store while a job holds it, and for the server); the answer repaints the window.
fn look_up(
    ctx: &egui::Context,
    memory: &SharedMemory,
    project: &TranslationProject,
    i: usize,
    options: MatchOptions,
) -> Pending<Found> {
    let store = memory.store.clone();
    let source = project
        .segments
        .get(i)
        .map(|s| s.source.clone())
        .unwrap_or_default();
    let (from, to) = (project.source_lang.clone(), project.target_lang.clone());
    Pending::run(ctx, move || match store.lock() {
        Ok(mut m) => m
            .matches(&source, &from, &to, &options)
            .map_err(|e| e.to_string()),
        Err(_) => Err("the memory is unavailable".to_string()),
    })
}

/// The memory's source against the segment: words the segment adds on green, words it lacks struck out.
fn diff_job(ui: &egui::Ui, m: &TmMatch) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = egui::TextFormat::simple(font, ui.visuals().text_color());
    let mut job = egui::text::LayoutJob::default();
    if m.diff.is_empty() {
        job.append(&m.source, 0.0, plain);
        return job;
    }
    for span in &m.diff {
        let format = match span.op {
            DiffOp::Equal => plain.clone(),
            DiffOp::Insert => egui::TextFormat {
                background: egui::Color32::from_rgb(0x3c, 0xa0, 0x50).gamma_multiply(0.35),
                ..plain.clone()
            },
            DiffOp::Delete => egui::TextFormat {
                strikethrough: egui::Stroke::new(1.0, ui.visuals().error_fg_color),
                color: ui.visuals().error_fg_color,
                ..plain.clone()
            },
        };
        job.append(&span.text, 0.0, format);
    }
    job
}

/// `text` with the byte ranges `spans` underlined.
fn marked(ui: &egui::Ui, text: &str, spans: &[std::ops::Range<usize>]) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = egui::TextFormat::simple(font, ui.visuals().text_color());
    let strong = egui::TextFormat {
        background: ui.visuals().hyperlink_color.gamma_multiply(0.2),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    let mut pos = 0;
    for r in spans {
        if r.start < pos
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        job.append(&text[pos..r.start], 0.0, plain.clone());
        job.append(&text[r.clone()], 0.0, strong.clone());
        pos = r.end;
    }
    job.append(&text[pos..], 0.0, plain);
    job
}

/// The source with glossary terms underlined.
fn highlight_terms(ui: &egui::Ui, text: &str, hits: &[TermHit]) -> egui::text::LayoutJob {
    let spans: Vec<_> = hits.iter().map(|h| h.span.clone()).collect();
    let mut job = marked(ui, text, &spans);
    job.wrap.max_width = ui.available_width();
    job
}

#[cfg(test)]
mod tests {
    use super::insert_term;

    #[test]
    fn inserted_terms_get_a_space_only_between_latin_words() {
        let cases = [
            ("", "两江新区", true, "两江新区"),
            ("位于", "两江新区", true, "位于两江新区"),
            (
                "in the",
                "Liangjiang New Area",
                false,
                "in the Liangjiang New Area",
            ),
            ("the (", "CCISF", false, "the (CCISF"),
            ("in ", " CCISF ", false, "in CCISF"),
        ];
        for (before, term, zh, want) in cases {
            let mut editor = before.to_string();
            insert_term(&mut editor, term, zh);
            assert_eq!(editor, want);
        }
    }
}
