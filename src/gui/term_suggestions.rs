//! The "Term suggestions" window, shared by the Align workspace (the current alignment) and the Glossary
//! workspace (the whole translation memory): runs [`crate::terms::suggest`] as a job, lists the
//! suggestions best first (Chinese, English, score, pairs, standing in the glossary) with filters (new
//! only, minimum frequency), shows the selected one in context on both sides, and adds it to the glossary
//! (English, Simplified and Traditional, status proposed, the release or memory as source) or rejects it
//! so it is not proposed again.
//!
//! Main type: [`TermSuggestions`]; what it reads is an [`Input`]. The extraction, the standing and the
//! entry made are the library's ([`crate::terms`]); this module only draws and calls.

use crate::gui::app::AppState;
use crate::gui::jobs::Pending;
use crate::gui::shared_memory::SharedMemory;
use crate::gui::widgets;
use crate::terms::{self, BeadPair, BeadRef, InGlossary, Kwic, Options, Suggestion};

/// Keyword-in-context examples kept per suggestion (the window says in how many pairs it occurs).
const CONTEXTS: usize = 12;

/// What the suggestions are taken from.
pub enum Input {
    /// Sentence pairs at hand (the beads of an alignment).
    Pairs(Vec<BeadPair>),
    /// Every Chinese–English unit of a memory, read in the job.
    Memory(SharedMemory),
}

/// What a run delivers: the suggestions, or a message.
type Outcome = Result<Vec<Suggestion>, String>;

/// The window's state: the last run's suggestions, the filters, the selection.
pub struct TermSuggestions {
    open: bool,
    /// What the suggestions come from, in words; the source of the entries added.
    source: String,
    result: Pending<Outcome>,
    running: bool,
    list: Vec<Suggestion>,
    selected: Option<usize>,
    new_only: bool,
    min_freq: u32,
    domain: String,
    message: Option<(bool, String)>,
}

impl Default for TermSuggestions {
    fn default() -> Self {
        TermSuggestions {
            open: false,
            source: String::new(),
            result: Pending::default(),
            running: false,
            list: Vec::new(),
            selected: None,
            new_only: false,
            min_freq: 2,
            domain: String::new(),
            message: None,
        }
    }
}

impl TermSuggestions {
    /// Whether the window is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The suggestions of the last run (for tests).
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.list
    }

    /// Opens the window and suggests terms from `input` in a job; `source` names it (the release, or the
    /// memory) and becomes the source of the entries added.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        source: String,
        input: Input,
    ) {
        self.open = true;
        self.running = true;
        self.list.clear();
        self.selected = None;
        self.message = None;
        self.source = source.clone();
        let glossary = state.glossary.clone();
        state.jobs.spawn_into(
            ctx,
            format!("Suggesting terms from {source}"),
            &self.result,
            move |progress| {
                let pairs = match input {
                    Input::Pairs(pairs) => pairs,
                    Input::Memory(memory) => {
                        let store = memory
                            .store
                            .lock()
                            .map_err(|_| "the translation memory is unavailable".to_string())?;
                        let units = store.units().map_err(|e| e.to_string())?;
                        drop(store);
                        BeadPair::from_memory(units)
                    }
                };
                let options = Options {
                    contexts: CONTEXTS,
                    ..Options::default()
                };
                // Extraction runs without the glossary, so the Glossary workspace stays usable meanwhile;
                // the standing is looked up at the end, in one short lock.
                let mut found =
                    terms::suggest(&pairs, None, &options, progress).map_err(|e| match e {
                        crate::Error::Cancelled => "Cancelled.".to_string(),
                        e => e.to_string(),
                    })?;
                if let Some(g) = glossary {
                    let mut store = g
                        .store
                        .lock()
                        .map_err(|_| "the glossary is unavailable".to_string())?;
                    terms::check(&mut found, &mut store, false).map_err(|e| e.to_string())?;
                }
                Ok(found)
            },
        );
    }

    /// Draws the window (when open). Returns the bead the user asked to see, for the Align workspace.
    pub fn ui(&mut self, ctx: &egui::Context, state: &mut AppState) -> Option<BeadRef> {
        if let Some(outcome) = self.result.take() {
            self.running = false;
            match outcome {
                Ok(list) => {
                    self.message = Some((
                        true,
                        format!(
                            "{} from {}.",
                            widgets::plural(list.len(), "suggestion"),
                            self.source
                        ),
                    ));
                    self.list = list;
                }
                Err(e) => self.message = Some((false, e)),
            }
        }
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut jump = None;
        egui::Window::new("Term suggestions")
            .open(&mut open)
            .default_size([760.0, 560.0])
            // In the middle, clear of the workspace rail on the left.
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .resizable(true)
            .show(ctx, |ui| jump = self.window_ui(ui, state));
        self.open = open;
        jump
    }

    fn window_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) -> Option<BeadRef> {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("From {}", self.source));
            if self.running {
                ui.spinner();
                ui.weak("suggesting…");
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut self.new_only, "New only")
                .on_hover_text("Hide suggestions whose Chinese term is already in the glossary");
            ui.label("Minimum frequency");
            ui.add(egui::DragValue::new(&mut self.min_freq).range(2..=10_000))
                .on_hover_text("Sentence pairs that must hold both terms");
            ui.label("Domain");
            ui.add(
                egui::TextEdit::singleline(&mut self.domain)
                    .hint_text(widgets::hint("e.g. places"))
                    .desired_width(110.0),
            )
            .accessible_name("Domain of added entries");
        });
        let rows = self.visible();
        ui.weak(if rows.len() < self.list.len() {
            format!(
                "{} of {} shown",
                rows.len(),
                widgets::plural(self.list.len(), "suggestion")
            )
        } else {
            widgets::plural(rows.len(), "suggestion")
        });
        let height = (ui.available_height() * 0.5).max(120.0);
        ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            self.table_ui(ui, &rows);
        });
        ui.separator();
        let jump = self.selected_ui(ui, state);
        widgets::message(ui, &self.message);
        jump
    }

    /// The suggestions the filters let through, as indices into the list.
    fn visible(&self) -> Vec<usize> {
        (0..self.list.len())
            .filter(|&k| {
                let s = &self.list[k];
                s.freq >= self.min_freq && (!self.new_only || s.in_glossary.is_new())
            })
            .collect()
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, rows: &[usize]) {
        let mut clicked = None;
        egui_extras::TableBuilder::new(ui)
            .id_salt("term_suggestions_table")
            .striped(true)
            .auto_shrink([false, false])
            .column(
                egui_extras::Column::initial(170.0)
                    .resizable(true)
                    .clip(true),
            )
            .column(
                egui_extras::Column::initial(230.0)
                    .resizable(true)
                    .clip(true),
            )
            .column(egui_extras::Column::initial(50.0))
            .column(egui_extras::Column::initial(45.0))
            .column(egui_extras::Column::remainder().clip(true))
            .header(22.0, |mut h| {
                for t in ["Chinese", "English", "Score", "Pairs", "Glossary"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|mut body| {
                let height = body.ui_mut().text_style_height(&egui::TextStyle::Body) + 6.0;
                body.rows(height, rows.len(), |mut row| {
                    let k = rows[row.index()];
                    let s = &self.list[k];
                    let selected = self.selected == Some(k);
                    row.col(|ui| {
                        if ui.selectable_label(selected, &s.zh).clicked() {
                            clicked = Some(k);
                        }
                    });
                    row.col(|ui| {
                        if ui.selectable_label(selected, &s.en).clicked() {
                            clicked = Some(k);
                        }
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.2}", s.score));
                    });
                    row.col(|ui| {
                        ui.label(s.freq.to_string());
                    });
                    row.col(|ui| {
                        let (text, hover) = standing(&s.in_glossary);
                        ui.label(text).on_hover_text(hover);
                    });
                });
            });
        if let Some(k) = clicked {
            self.selected = Some(k);
        }
    }

    /// The selected suggestion: its standing, Add and Reject, and where it occurs.
    fn selected_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) -> Option<BeadRef> {
        let Some(k) = self.selected.filter(|&k| k < self.list.len()) else {
            ui.weak(
                "Select a suggestion to see it in context, add it to the glossary or reject it.",
            );
            return None;
        };
        let has_glossary = state.glossary.is_some();
        let s = &self.list[k];
        let known = matches!(s.in_glossary, InGlossary::Known { .. });
        let (mut add, mut reject) = (false, false);
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{} / {}", s.zh, s.en));
            ui.label(format!(
                "· in {} (Chinese alone {}, English alone {})",
                widgets::plural(s.freq as usize, "pair"),
                s.zh_freq,
                s.en_freq
            ));
            add = ui
                .add_enabled(
                    has_glossary && !known,
                    egui::Button::new("Add to glossary"),
                )
                .on_hover_text(
                    "New entry: English, 简体 and 繁體 (the other script by conversion), status proposed",
                )
                .clicked();
            reject = ui
                .add_enabled(has_glossary, egui::Button::new("Reject"))
                .on_hover_text("Not a term: it will not be suggested again")
                .clicked();
        });
        if let InGlossary::OtherTranslation { english, .. } = &s.in_glossary {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "The glossary translates {} as {}.",
                    s.zh,
                    english.join("; ")
                ),
            );
        }
        if !s.alternatives.is_empty() {
            let alts: Vec<String> = s
                .alternatives
                .iter()
                .map(|a| format!("{} ({})", a.en, a.freq))
                .collect();
            ui.weak(format!("Also seen with: {}", alts.join(", ")));
        }
        let mut jump = None;
        egui::ScrollArea::vertical()
            .id_salt("term_suggestions_kwic")
            .max_height((ui.available_height() - 24.0).max(60.0))
            .show(ui, |ui| {
                for c in &s.contexts {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("Show")
                            .on_hover_text("Select this bead")
                            .clicked()
                        {
                            jump = Some(c.at);
                        }
                        ui.vertical(|ui| {
                            kwic(ui, &c.zh);
                            kwic(ui, &c.en);
                        });
                    });
                }
                if s.beads.len() > s.contexts.len() {
                    ui.weak(format!(
                        "…and {} more",
                        widgets::plural(s.beads.len() - s.contexts.len(), "pair")
                    ));
                }
            });
        if add {
            self.add(ui.ctx(), state, k);
        } else if reject {
            self.reject(state, k);
        }
        jump
    }

    /// Adds suggestion `k` to the glossary as a proposed entry.
    fn add(&mut self, ctx: &egui::Context, state: &mut AppState, k: usize) {
        let Some(g) = state.glossary.clone() else {
            return;
        };
        let Ok(mut store) = g.store.try_lock() else {
            self.message = Some((false, "The glossary is busy; try again in a moment.".into()));
            return;
        };
        let data = self.list[k].to_entry(&self.domain, &self.source);
        match store.add(data) {
            Ok(entry) => {
                let zh = self.list[k].zh.clone();
                // Other suggestions for the same Chinese term now stand against the new entry.
                for s in self.list.iter_mut().filter(|s| s.zh == zh) {
                    if let Ok(st) = terms::standing(&mut store, &s.zh, &s.en) {
                        s.in_glossary = st;
                    }
                }
                drop(store);
                self.message = Some((
                    true,
                    format!(
                        "Added entry {}: {} / {} (proposed).",
                        entry.id, self.list[k].zh, self.list[k].en
                    ),
                ));
                state.reindex_glossary(ctx);
            }
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }

    /// Rejects suggestion `k` in the glossary and drops it from the list.
    fn reject(&mut self, state: &mut AppState, k: usize) {
        let Some(g) = state.glossary.clone() else {
            return;
        };
        let Ok(mut store) = g.store.try_lock() else {
            self.message = Some((false, "The glossary is busy; try again in a moment.".into()));
            return;
        };
        match terms::reject(&mut store, &self.list[k], false) {
            Ok(()) => {
                let s = self.list.remove(k);
                self.selected = None;
                self.message = Some((
                    true,
                    format!(
                        "Rejected {} / {}: it will not be suggested again.",
                        s.zh, s.en
                    ),
                ));
            }
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }
}

/// The standing in a word or two, and the longer hover text.
fn standing(g: &InGlossary) -> (String, String) {
    match g {
        InGlossary::Unchecked => ("-".into(), "No glossary is open".into()),
        InGlossary::New => (
            "new".into(),
            "The Chinese term is not in the glossary".into(),
        ),
        InGlossary::Known { entry } => (
            "in glossary".into(),
            format!("Entry {entry} has both terms"),
        ),
        InGlossary::OtherTranslation { entry, english } => (
            "other translation".into(),
            format!(
                "Entry {entry} has the Chinese term with other English: {}",
                english.join("; ")
            ),
        ),
    }
}

/// A term in its sentence, the term set apart.
fn kwic(ui: &mut egui::Ui, k: &Kwic) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let plain = egui::TextFormat::simple(font.clone(), color);
    let marked = egui::TextFormat {
        background: ui.visuals().selection.bg_fill,
        color: ui.visuals().strong_text_color(),
        ..egui::TextFormat::simple(font, color)
    };
    let mut job = egui::text::LayoutJob::default();
    job.append(&k.before, 0.0, plain.clone());
    job.append(&k.term, 0.0, marked);
    job.append(&k.after, 0.0, plain);
    ui.add(egui::Label::new(job).wrap());
}
