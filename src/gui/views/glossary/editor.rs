//! The entry editor of the Glossary workspace: terms by language, domain, status, note and source, saved
//! with the version it was read at (a stale save is refused with the conflict message), and the entry's
//! history with "restore this version".
//!
//! Main type: [`EntryEditor`], which edits a copy ([`EntryData`]) and reports what the user asked for as an
//! [`EditorAction`] for the workspace to carry out.

use crate::glossary::{Change, Entry, EntryData, Status, Term, TermKind, lang};

/// Languages offered for new terms.
const LANGS: &[(&str, &str)] = &[
    (lang::EN, "English"),
    (lang::ZH_HANS, "简体 (zh-Hans)"),
    (lang::ZH_HANT, "繁體 (zh-Hant)"),
    ("zh-HK", "香港 (zh-HK)"),
    ("zh-TW", "臺灣 (zh-TW)"),
];

/// What the user asked the editor to do.
pub enum EditorAction {
    /// Save the edited copy against this version (`None` for a new entry).
    Save(Option<(i64, i64)>, EntryData),
    /// Delete the entry (id, version).
    Delete(i64, i64),
    /// Start a new entry from this one's data.
    Duplicate(EntryData),
    /// Restore the entry to how it was after `change` (id, current version, data).
    Restore(i64, i64, EntryData),
}

/// Editing state for one entry.
pub struct EntryEditor {
    /// The entry as read (`None` while creating a new one).
    pub original: Option<Entry>,
    /// The copy being edited.
    pub data: EntryData,
    /// The entry's history, newest first (loaded by the workspace).
    pub history: Vec<Change>,
    new_lang: String,
    /// Terms this editor filled by converting the other script, as (language, text): they are replaced
    /// while the user edits the source term, and kept once the user edits them.
    converted: Vec<(String, String)>,
}

impl EntryEditor {
    /// Edits an existing entry.
    pub fn edit(entry: Entry, history: Vec<Change>) -> Self {
        EntryEditor {
            data: entry.data.clone(),
            original: Some(entry),
            history,
            new_lang: lang::EN.to_string(),
            converted: Vec::new(),
        }
    }

    /// Creates a new entry from `data`. An entry started from nothing gets a row for English, 简体 and
    /// 繁體, the three columns of the glossary.
    pub fn new_entry(mut data: EntryData) -> Self {
        if data.terms.is_empty() {
            for tag in [lang::EN, lang::ZH_HANS, lang::ZH_HANT] {
                data.terms.push(Term::new(tag, "", TermKind::Main));
            }
        }
        EntryEditor {
            original: None,
            data,
            history: Vec::new(),
            new_lang: lang::EN.to_string(),
            converted: Vec::new(),
        }
    }

    /// Fills an empty 简体 or 繁體 term (or one this editor filled before) by converting the other script's
    /// term, which the user typed.
    fn fill_other_script(&mut self) {
        let typed = |terms: &[Term], converted: &[(String, String)], tag: &str| {
            terms.iter().position(|t| {
                t.lang == tag
                    && !t.text.trim().is_empty()
                    && !converted.iter().any(|(l, c)| *l == t.lang && *c == t.text)
            })
        };
        for tag in [lang::ZH_HANS, lang::ZH_HANT] {
            let Some(source) = typed(&self.data.terms, &self.converted, tag) else {
                continue;
            };
            let Some((other, text)) =
                crate::glossary::scripts::counterpart(tag, &self.data.terms[source].text)
            else {
                continue;
            };
            let target = self.data.terms.iter().position(|t| {
                t.lang == other
                    && (t.text.trim().is_empty()
                        || self
                            .converted
                            .iter()
                            .any(|(l, c)| *l == t.lang && *c == t.text))
            });
            if let Some(target) = target {
                if self.data.terms[target].text != text {
                    self.data.terms[target].text = text.clone();
                }
                self.converted.retain(|(l, _)| l != other);
                self.converted.push((other.to_string(), text));
            }
        }
    }

    /// Whether the term in row `i` is still as this editor converted it.
    fn is_converted(&self, i: usize) -> bool {
        let t = &self.data.terms[i];
        !t.text.is_empty()
            && self
                .converted
                .iter()
                .any(|(l, c)| *l == t.lang && *c == t.text)
    }

    /// The edited copy as it is saved: terms left empty are dropped.
    fn to_save(&self) -> EntryData {
        let mut data = self.data.clone();
        data.terms.retain(|t| !t.text.trim().is_empty());
        data
    }

    /// Whether the copy differs from what was read.
    pub fn is_dirty(&self) -> bool {
        self.original
            .as_ref()
            .is_none_or(|o| o.data != self.to_save())
    }

    /// Draws the editor; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, read_only: bool) -> Option<EditorAction> {
        let mut action = None;
        match &self.original {
            Some(e) => ui.heading(
                e.data
                    .preferred(lang::EN)
                    .or(e.data.terms.first().map(|t| t.text.as_str()))
                    .unwrap_or("Entry"),
            ),
            None => ui.heading("New entry"),
        };
        if let Some(e) = &self.original {
            ui.weak(format!(
                "Entry {} · version {} · changed by {} at {}",
                e.id, e.version, e.changed_by, e.changed_at
            ));
        }
        ui.add_space(4.0);
        self.terms_ui(ui);
        self.fill_other_script();
        ui.add_space(6.0);
        egui::Grid::new("entry_fields")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                ui.label("Status");
                egui::ComboBox::from_id_salt("entry_status")
                    .selected_text(self.data.status.as_str())
                    .show_ui(ui, |ui| {
                        for s in Status::ALL {
                            ui.selectable_value(&mut self.data.status, s, s.as_str());
                        }
                    })
                    .response
                    .accessible_name("Entry status");
                ui.end_row();
                for (label, value) in [
                    ("Domain", &mut self.data.domain),
                    ("Part of speech", &mut self.data.part_of_speech),
                    ("Source", &mut self.data.source),
                    ("Source date", &mut self.data.source_date),
                ] {
                    ui.label(label);
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .id_salt(("entry_field", label))
                            .desired_width(260.0),
                    );
                    ui.end_row();
                }
                ui.label("Note");
                ui.add(
                    egui::TextEdit::multiline(&mut self.data.note)
                        .id_salt("entry_note")
                        .desired_rows(2)
                        .desired_width(260.0),
                );
                ui.end_row();
            });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let key = self.original.as_ref().map(|e| (e.id, e.version));
            let save_label = if key.is_some() {
                "Save changes"
            } else {
                "Add entry"
            };
            if ui
                .add_enabled(!read_only && self.is_dirty(), egui::Button::new(save_label))
                .clicked()
            {
                action = Some(EditorAction::Save(key, self.to_save()));
            }
            if let Some(e) = &self.original {
                if ui
                    .add_enabled(self.is_dirty(), egui::Button::new("Discard changes"))
                    .clicked()
                {
                    self.data = e.data.clone();
                }
                if ui
                    .add_enabled(!read_only, egui::Button::new("Duplicate"))
                    .clicked()
                {
                    action = Some(EditorAction::Duplicate(self.data.clone()));
                }
                if ui
                    .add_enabled(!read_only && !e.deleted, egui::Button::new("Delete"))
                    .clicked()
                {
                    action = Some(EditorAction::Delete(e.id, e.version));
                }
            }
        });
        if let Some(a) = self.history_ui(ui, read_only) {
            action = Some(a);
        }
        action
    }

    fn terms_ui(&mut self, ui: &mut egui::Ui) {
        let mut remove = None;
        let converted: Vec<bool> = (0..self.data.terms.len())
            .map(|i| self.is_converted(i))
            .collect();
        // Each box is named by its language ("简体 (zh-Hans) term"), numbered from the second term of a
        // language on, for screen readers and tests.
        let names: Vec<String> = (0..self.data.terms.len())
            .map(|i| {
                let tag = &self.data.terms[i].lang;
                let nth = self.data.terms[..i]
                    .iter()
                    .filter(|t| t.lang == *tag)
                    .count();
                let base = format!("{} term", lang_label(tag));
                if nth == 0 {
                    base
                } else {
                    format!("{base} {}", nth + 1)
                }
            })
            .collect();
        for (i, term) in self.data.terms.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.add_sized(
                    [110.0, 20.0],
                    egui::Label::new(lang_label(&term.lang)).truncate(),
                );
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut term.text)
                            .id_salt(("term_text", i))
                            .desired_width(170.0),
                    )
                    .accessible_name(names[i].as_str());
                if converted[i] {
                    let why = "Filled by conversion from the other script: check it, and edit it \
                               if usage differs.";
                    edit.on_hover_text(why);
                    ui.label(egui::RichText::new("converted").small().weak())
                        .on_hover_text(why);
                }
                egui::ComboBox::from_id_salt(("term_kind", i))
                    .width(80.0)
                    .selected_text(term.kind.as_str())
                    .show_ui(ui, |ui| {
                        for k in TermKind::ALL {
                            ui.selectable_value(&mut term.kind, k, k.as_str());
                        }
                    })
                    .response
                    .accessible_name("Term kind");
                if ui
                    .small_button("×")
                    .on_hover_text("Remove this term")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.data.terms.remove(i);
        }
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("new_term_lang")
                .selected_text(lang_label(&self.new_lang))
                .show_ui(ui, |ui| {
                    for (tag, label) in LANGS {
                        ui.selectable_value(&mut self.new_lang, tag.to_string(), *label);
                    }
                })
                .response
                .accessible_name("Language of the new term");
            if ui.button("Add a term").clicked() {
                self.data
                    .terms
                    .push(Term::new(&self.new_lang, "", TermKind::Main));
            }
        });
    }

    fn history_ui(&mut self, ui: &mut egui::Ui, read_only: bool) -> Option<EditorAction> {
        let (Some(entry), false) = (&self.original, self.history.is_empty()) else {
            return None;
        };
        let mut action = None;
        egui::CollapsingHeader::new(format!(
            "History ({})",
            crate::gui::widgets::plural(self.history.len(), "change")
        ))
        .id_salt("entry_history")
        .show(ui, |ui| {
            for change in &self.history {
                ui.horizontal_wrapped(|ui| {
                    ui.weak(&change.at);
                    ui.label(format!(
                        "v{} {:?} by {}",
                        change.version, change.action, change.author
                    ));
                    if let Some(after) = &change.after {
                        let summary: Vec<&str> = after
                            .terms
                            .iter()
                            .take(3)
                            .map(|t| t.text.as_str())
                            .collect();
                        ui.weak(summary.join(" · "));
                        let current = change.version == entry.version && !entry.deleted;
                        if !current
                            && ui
                                .add_enabled(
                                    !read_only,
                                    egui::Button::new("Restore this version").small(),
                                )
                                .clicked()
                        {
                            action = Some(EditorAction::Restore(
                                entry.id,
                                entry.version,
                                after.clone(),
                            ));
                        }
                    }
                });
            }
        });
        action
    }
}

/// A readable name for a language tag.
pub fn lang_label(tag: &str) -> String {
    LANGS
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or_else(|| tag.to_string(), |(_, l)| l.to_string())
}
