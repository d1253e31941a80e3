//! The Glossary workspace: one search box for any language or script with instant results in a
//! virtualised table (English | 简体 | 繁體 | domain | status), filters, the entry editor with history,
//! add / duplicate / delete with undo, import and export with progress, a duplicates check, and
//! "Suggest terms from memory…": entries proposed from the whole translation memory
//! ([`crate::gui::term_suggestions`]).
//!
//! Main type: [`GlossaryView`]. Searches in a file run on the UI thread (they take a millisecond), on a team
//! server on a thread of their own; imports and exports run as jobs, and the term index is rebuilt after
//! every change.

pub mod editor;
pub mod exchange;

use crate::glossary::{Entry, EntryData, EntryId, Glossary, SearchOptions, Status, lang};
use crate::gui::app::AppState;
use crate::gui::jobs::Pending;
use crate::gui::shared_glossary::SharedGlossary;
use crate::gui::term_suggestions::{Input, TermSuggestions};
use crate::gui::widgets;
use editor::{EditorAction, EntryEditor};
use exchange::ExchangePanel;

/// One row of the results table.
struct ResultRow {
    id: EntryId,
    en: String,
    hans: String,
    hant: String,
    domain: String,
    status: Status,
    how: String,
}

/// What the shown rows were found for: query, domain, status, and (entries indexed, changes heard).
type SearchKey = (String, Option<String>, Option<Status>, (usize, u64));

/// The rows a search found, each with how it matched, and how many there are in all.
type Found = crate::Result<(Vec<(Entry, String)>, usize)>;

/// UI state of the Glossary workspace.
#[derive(Default)]
pub struct GlossaryView {
    query: String,
    domain: Option<String>,
    status: Option<Status>,
    results: Vec<ResultRow>,
    total: usize,
    searched: Option<SearchKey>,
    selected: Option<EntryId>,
    editor: Option<EntryEditor>,
    undo: Vec<(i64, EntryId)>,
    message: Option<(bool, String)>,
    focus_search: bool,
    /// Whether the message is about a deletion, which the button beside it undoes in one click.
    offer_undo: bool,
    duplicates: Option<Vec<(String, Vec<EntryId>)>>,
    exchange: ExchangePanel,
    suggestions: TermSuggestions,
    /// A search running on its own thread (team server), with what it was asked.
    in_flight: Option<(SearchKey, Pending<Found>)>,
}

impl GlossaryView {
    /// Puts the cursor in the search box on the next frame (Ctrl+K).
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        self.collect_job_results(ui.ctx(), state);
        let Some(glossary) = state.glossary.clone() else {
            let text = state
                .glossary_error
                .clone()
                .unwrap_or_else(|| "Opening the glossary…".into());
            widgets::empty_hint(ui, "Glossary", &text);
            return;
        };
        // Entries indexed, plus changes heard from a server: either one moving means the rows may be stale.
        self.refresh(
            ui.ctx(),
            &glossary,
            (glossary.entries.len(), glossary.heard()),
        );
        egui::Panel::right("glossary_editor")
            .resizable(true)
            .default_size(400.0)
            .size_range(320.0..=700.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.editor_ui(ui, state, &glossary));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            Self::place_ui(ui, &glossary);
            self.search_ui(ui);
            self.tools_ui(ui, state, &glossary);
            ui.separator();
            self.table_ui(ui, &glossary);
        });
        self.suggestions.ui(ui.ctx(), state);
    }

    fn collect_job_results(&mut self, ctx: &egui::Context, state: &mut AppState) {
        while let Some((message, imported)) = self.exchange.collect() {
            if imported {
                self.searched = None;
                state.reindex_glossary(ctx);
            }
            self.message = Some(message);
        }
    }

    /// Runs the search (or the filtered listing) when the query or filters changed. On a file it takes
    /// a millisecond and runs here; on a team server it runs on a thread of its own, one at a time (the
    /// newest query once the running one is back), so that typing never waits for the network.
    fn refresh(
        &mut self,
        ctx: &egui::Context,
        glossary: &SharedGlossary,
        generation: (usize, u64),
    ) {
        let key = (
            self.query.clone(),
            self.domain.clone(),
            self.status,
            generation,
        );
        if let Some((asked, pending)) = &self.in_flight {
            let Some(result) = pending.take() else {
                return; // still running: its answer repaints the window
            };
            let asked = asked.clone();
            self.in_flight = None;
            self.show(result);
            self.searched = Some(asked);
        }
        if self.searched.as_ref() == Some(&key) {
            return;
        }
        if glossary.on_server {
            let (store, ask) = (glossary.store.clone(), key.clone());
            let pending = Pending::run(ctx, move || match store.lock() {
                Ok(mut store) => find(&mut store, &ask),
                Err(_) => Err(crate::Error::Invalid("the glossary is unavailable".into())),
            });
            self.in_flight = Some((key, pending));
            return;
        }
        let Ok(mut store) = glossary.store.try_lock() else {
            return; // an import or export holds it; try again next frame
        };
        let result = find(&mut store, &key);
        drop(store);
        self.show(result);
        self.searched = Some(key);
    }

    /// Puts a search's rows in the table (or its error in the message line).
    fn show(&mut self, result: Found) {
        match result {
            Ok((rows, total)) => {
                self.total = total;
                self.results = rows
                    .into_iter()
                    .map(|(e, how)| ResultRow {
                        id: e.id,
                        en: e.data.preferred(lang::EN).unwrap_or_default().to_string(),
                        hans: e
                            .data
                            .preferred(lang::ZH_HANS)
                            .unwrap_or_default()
                            .to_string(),
                        hant: e
                            .data
                            .preferred(lang::ZH_HANT)
                            .unwrap_or_default()
                            .to_string(),
                        domain: e.data.domain.clone(),
                        status: e.data.status,
                        how,
                    })
                    .collect();
            }
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }

    fn search_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .id_salt("glossary_search")
                    .hint_text(widgets::hint("Search in English, 简体 or 繁體 — e.g. 两江新区, liangjiang, bonded port (Ctrl+K)"))
                    .desired_width(ui.available_width()),
            )
            .accessible_name("Search the glossary");
            if self.focus_search {
                // Ctrl+K selects what is there, so typing replaces the last query.
                let mut text_state =
                    egui::text_edit::TextEditState::load(ui.ctx(), edit.id).unwrap_or_default();
                text_state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::select_all_str(&self.query)));
                text_state.store(ui.ctx(), edit.id);
                edit.request_focus();
                self.focus_search = false;
            }
        });
        ui.horizontal(|ui| {
            let domains = [
                "trade",
                "investment",
                "logistics",
                "customs",
                "government",
                "places",
                "events",
                "economy",
            ];
            egui::ComboBox::from_id_salt("glossary_domain")
                .selected_text(self.domain.clone().unwrap_or_else(|| "All domains".into()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.domain, None, "All domains");
                    for d in domains {
                        ui.selectable_value(&mut self.domain, Some(d.to_string()), d);
                    }
                })
                .response
                .accessible_name("Domain filter");
            egui::ComboBox::from_id_salt("glossary_status")
                .selected_text(self.status.map_or("Any status", |s| s.as_str()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, "Any status");
                    for s in Status::ALL {
                        ui.selectable_value(&mut self.status, Some(s), s.as_str());
                    }
                })
                .response
                .accessible_name("Status filter");
        });
        let shown = self.results.len();
        // Said of the rows shown, which on a team server may still be the last query's for a moment.
        let searched = self
            .searched
            .as_ref()
            .is_some_and(|k| !k.0.trim().is_empty());
        let what = if searched { "match" } else { "entry" };
        let mut count = if self.total > shown {
            format!("{shown} of {} shown", widgets::plural(self.total, what))
        } else {
            widgets::plural(shown, what)
        };
        if self.in_flight.is_some() {
            count.push_str(" · searching…");
        }
        ui.weak(count);
    }

    /// Where the glossary is, when it is on a team server (a file needs no saying).
    fn place_ui(ui: &mut egui::Ui, glossary: &SharedGlossary) {
        if glossary.on_server {
            // Truncated: a long address must not widen the panel (it pushed the editor's buttons under
            // the panel's resize handle).
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "Team server {} · others' changes appear as they are saved",
                        glossary.path.display()
                    ))
                    .weak(),
                )
                .truncate(),
            );
        }
    }

    fn tools_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState, glossary: &SharedGlossary) {
        ui.horizontal_wrapped(|ui| {
            if ui.button("New entry").clicked() {
                self.selected = None;
                self.editor = Some(EntryEditor::new_entry(EntryData::default()));
            }
            if ui
                .add_enabled(!self.undo.is_empty(), egui::Button::new("Undo last change"))
                .clicked()
            {
                self.undo_last(ui.ctx(), state, glossary);
            }
            if ui.button("Check duplicates").clicked() {
                self.duplicates = glossary
                    .store
                    .try_lock()
                    .ok()
                    .and_then(|s| s.duplicates().ok())
                    .map(|d| d.into_iter().map(|d| (d.text, d.entries)).collect());
            }
            if ui
                .add_enabled(
                    !state.jobs.is_busy(),
                    egui::Button::new("Suggest terms from memory…"),
                )
                .on_hover_text(
                    "Glossary entries suggested from every unit of the translation memory",
                )
                .clicked()
            {
                self.suggest_from_memory(ui.ctx(), state);
            }
        });
        egui::CollapsingHeader::new("Import and export")
            .id_salt("glossary_exchange")
            .show(ui, |ui| {
                if let Some(m) = self.exchange.ui(ui, state, glossary) {
                    self.message = Some(m);
                }
            });
        if let Some(dups) = &self.duplicates {
            let mut open_entry = None;
            egui::CollapsingHeader::new(format!(
                "Duplicates: {} in more than one entry",
                widgets::plural(dups.len(), "term")
            ))
            .id_salt("glossary_dups")
            .default_open(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(120.0)
                    .show(ui, |ui| {
                        for (text, ids) in dups {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(text);
                                for id in ids {
                                    if ui.small_button(format!("entry {id}")).clicked() {
                                        open_entry = Some(*id);
                                    }
                                }
                            });
                        }
                    });
            });
            if let Some(id) = open_entry {
                self.select(id, glossary);
            }
        }
        ui.horizontal_wrapped(|ui| {
            widgets::message(ui, &self.message);
            if self.offer_undo
                && !self.undo.is_empty()
                && ui
                    .button("Undo")
                    .on_hover_text("Bring the deleted entry back")
                    .clicked()
            {
                self.undo_last(ui.ctx(), state, glossary);
            }
        });
    }

    /// Opens the term suggestions window on every unit of the shared translation memory.
    fn suggest_from_memory(&mut self, ctx: &egui::Context, state: &mut AppState) {
        let Some(memory) = state.memory.clone() else {
            self.message = Some((
                false,
                state
                    .memory_error
                    .clone()
                    .unwrap_or_else(|| "The translation memory is still opening.".into()),
            ));
            return;
        };
        let name = memory.path.file_name().map_or_else(
            || memory.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let source = format!("translation memory {name}");
        self.suggestions
            .start(ctx, state, source, Input::Memory(memory));
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, glossary: &SharedGlossary) {
        let mut clicked = None;
        egui_extras::TableBuilder::new(ui)
            .id_salt("glossary_results")
            .striped(true)
            .sense(egui::Sense::click())
            .column(
                egui_extras::Column::initial(200.0)
                    .resizable(true)
                    .clip(true),
            )
            .column(
                egui_extras::Column::initial(140.0)
                    .resizable(true)
                    .clip(true),
            )
            .column(
                egui_extras::Column::initial(140.0)
                    .resizable(true)
                    .clip(true),
            )
            .column(
                egui_extras::Column::initial(90.0)
                    .resizable(true)
                    .clip(true),
            )
            .column(egui_extras::Column::remainder().clip(true))
            .header(22.0, |mut h| {
                for t in ["English", "简体", "繁體", "Domain", "Status"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|mut body| {
                let height = body.ui_mut().text_style_height(&egui::TextStyle::Body) + 6.0;
                body.rows(height, self.results.len(), |mut row| {
                    let r = &self.results[row.index()];
                    row.set_selected(self.selected == Some(r.id));
                    for text in [&r.en, &r.hans, &r.hant, &r.domain] {
                        row.col(|ui| {
                            ui.add(egui::Label::new(text.as_str()).truncate().selectable(false));
                        });
                    }
                    row.col(|ui| {
                        let label = ui.add(egui::Label::new(r.status.as_str()).selectable(false));
                        if !r.how.is_empty() {
                            label.on_hover_text(&r.how);
                        }
                    });
                    if row.response().clicked() {
                        clicked = Some(r.id);
                    }
                });
            });
        if let Some(id) = clicked {
            self.select(id, glossary);
        }
    }

    fn select(&mut self, id: EntryId, glossary: &SharedGlossary) {
        let Ok(store) = glossary.store.try_lock() else {
            self.message = Some((
                false,
                "The glossary is busy (an import or export is running).".into(),
            ));
            return;
        };
        match store.get(id) {
            Ok(Some(entry)) => {
                let history = store.history(id).unwrap_or_default();
                self.selected = Some(id);
                self.editor = Some(EntryEditor::edit(entry, history));
            }
            Ok(None) => self.message = Some((false, format!("Entry {id} no longer exists."))),
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }

    fn editor_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState, glossary: &SharedGlossary) {
        let read_only = glossary
            .store
            .try_lock()
            .map(|s| !s.may_edit())
            .unwrap_or(true);
        let Some(editor) = &mut self.editor else {
            widgets::empty_hint(
                ui,
                "No entry selected",
                "Click a row to see and edit the entry, or make a new one.",
            );
            return;
        };
        if read_only {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                if glossary.on_server {
                    "Your database role may search and export this glossary, not change it (changes \
                     need duizhao_editor) — or the glossary is busy."
                } else {
                    "This glossary is read-only (or busy): changes cannot be saved."
                },
            );
        }
        let Some(action) = editor.ui(ui, read_only) else {
            return;
        };
        let Ok(mut store) = glossary.store.try_lock() else {
            self.message = Some((false, "The glossary is busy; try again in a moment.".into()));
            return;
        };
        let deleting = matches!(action, EditorAction::Delete(..));
        let result = match action {
            EditorAction::Save(Some((id, version)), data) => store.update(id, version, data),
            EditorAction::Save(None, data) => store.add(data),
            EditorAction::Delete(id, version) => store.delete(id, version),
            EditorAction::Restore(id, version, data) => store.update(id, version, data),
            EditorAction::Duplicate(data) => {
                drop(store);
                self.selected = None;
                self.editor = Some(EntryEditor::new_entry(data));
                return;
            }
        };
        match result {
            Ok(entry) => {
                let last_change = store
                    .history(entry.id)
                    .ok()
                    .and_then(|h| h.iter().map(|c| c.id).max());
                if let Some(change) = last_change {
                    self.undo.push((change, entry.id));
                }
                let history = store.history(entry.id).unwrap_or_default();
                drop(store);
                self.offer_undo = deleting;
                if deleting {
                    let name = entry_name(&entry.data);
                    self.message = Some((true, format!("Deleted entry {}: {name}.", entry.id)));
                    self.selected = None;
                    self.editor = None;
                } else {
                    self.message = Some((
                        true,
                        format!("Saved entry {} (version {}).", entry.id, entry.version),
                    ));
                    self.selected = Some(entry.id);
                    self.editor = Some(EntryEditor::edit(entry, history));
                }
                self.searched = None;
                state.reindex_glossary(ui.ctx());
            }
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }

    fn undo_last(&mut self, ctx: &egui::Context, state: &mut AppState, glossary: &SharedGlossary) {
        self.offer_undo = false;
        let Some((change, id)) = self.undo.pop() else {
            return;
        };
        let Ok(mut store) = glossary.store.try_lock() else {
            self.undo.push((change, id));
            return;
        };
        let version = store.get(id).ok().flatten().map_or(0, |e| e.version);
        match store.revert(change, version) {
            Ok(entry) => {
                let history = store.history(entry.id).unwrap_or_default();
                drop(store);
                self.message = Some((
                    true,
                    format!("Undone: entry {} is back as it was.", entry.id),
                ));
                self.selected = Some(entry.id);
                self.editor = Some(EntryEditor::edit(entry, history));
                self.searched = None;
                state.reindex_glossary(ctx);
            }
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }
}

/// How an entry is named in messages: its English term, else its first term, in quotes.
fn entry_name(data: &EntryData) -> String {
    let name = data
        .preferred(lang::EN)
        .or(data.terms.first().map(|t| t.text.as_str()))
        .unwrap_or("(no terms)");
    format!("“{name}”")
}

/// The entries `key` asks for: the search's hits with how each matched, or (an empty query) the first
/// 500 entries under the filters; and how many there are in all.
fn find(store: &mut Glossary, key: &SearchKey) -> Found {
    let (query, domain, status, _) = key;
    if query.trim().is_empty() {
        let (entries, total) = store.list_filtered(domain.as_deref(), *status, 0, 500)?;
        return Ok((
            entries.into_iter().map(|e| (e, String::new())).collect(),
            total,
        ));
    }
    let options = SearchOptions {
        limit: 200,
        domain: domain.clone(),
        status: *status,
        ..SearchOptions::default()
    };
    let hits = store.search(query, &options)?;
    let n = hits.len();
    Ok((
        hits.into_iter()
            .map(|h| (h.entry, format!("{:?}: {}", h.kind, h.term)))
            .collect(),
        n,
    ))
}
