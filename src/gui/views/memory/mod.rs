//! The Memory workspace: the named memories (which one is shown, its language pair, note and read-only
//! flag), its units in a virtualised table with a script-, width- and case-blind search and filters by
//! origin, date and author, the selected unit edited in place, deletions with one-click Undo,
//! duplicates and conflicts, and TMX import and TMX/TSV export as jobs.
//!
//! Main type: [`MemoryView`]. Everything it does is a call into [`crate::tm`]; the view only gathers what
//! the user asked for. The Default memory is the one the other workspaces share ([`SharedMemory`]), so
//! a correction here is what Translate matches against next; other memories are opened here.

pub mod conflicts;
pub mod editor;
pub mod exchange;
pub mod filters;
pub mod table;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::gui::app::AppState;
use crate::gui::command::Command;
use crate::gui::jobs::Pending;
use crate::gui::widgets;
use crate::tm::{Memory, MemoryEntry, MemoryInfo, Origin, UnitFilter};
use conflicts::{ConflictAction, ConflictsPanel};
use editor::{UnitAction, UnitEditor};
use exchange::{ExchangePanel, Target};
use filters::Filters;
use table::UnitTable;

/// The memory shown.
struct Opened {
    path: PathBuf,
    store: Arc<Mutex<Memory>>,
    /// Whether it is the shared Default memory (changes are announced to the other workspaces).
    shared: bool,
    /// For another memory on a team server: other people's changes to it, heard by its own watch (the
    /// shared memory has the app's), and the watch itself.
    heard: Option<(Arc<std::sync::atomic::AtomicBool>, crate::tm::MemoryWatch)>,
}

/// UI state of the Memory workspace.
#[derive(Default)]
pub struct MemoryView {
    /// The memories of the data folder (or the team server), listed when the workspace is first shown.
    list: Option<Vec<MemoryEntry>>,
    /// The list being read on a worker thread (on a team server it takes a connection per memory).
    listing: Option<Pending<Result<Vec<MemoryEntry>, String>>>,
    /// The team server the list and the open memory came from (`None`: the data folder).
    listed_from: Option<Option<String>>,
    /// Changes heard from the team server on the shared memory that the table has read.
    heard: u64,
    /// Whether this person's database role may only read the memory shown (on a team server).
    reader_role: bool,
    /// The file of the memory chosen in the picker (`None`: Default).
    chosen: Option<PathBuf>,
    open: Option<Opened>,
    info: Option<MemoryInfo>,
    note: String,
    units: usize,
    filters: Filters,
    origins: Vec<(Origin, String, usize)>,
    origins_at: Option<u64>,
    table: UnitTable,
    editor: Option<UnitEditor>,
    conflicts: ConflictsPanel,
    show_conflicts: bool,
    exchange: ExchangePanel,
    message: Option<(bool, String)>,
    /// Whether the message is about a deletion, which the button beside it undoes in one click.
    offer_undo: bool,
    /// Counts the changes made here, so that lists read before one are read again.
    generation: u64,
    /// The shared memory's unit count last seen (Translate and Align add to it).
    shared_units: usize,
    /// Every unit from one origin, waiting for the user's yes (kind, detail, units).
    confirm_origin: Option<(Origin, String, usize)>,
    /// The filter being typed in a large memory, and since when it has stayed the same.
    typing: Option<(UnitFilter, f64)>,
}

/// Memories of more units than this search once typing pauses: a search reads every unit's keys, and
/// running it on each keystroke would make typing stutter.
const SEARCH_AFTER_PAUSE: usize = 100_000;
/// The pause, in seconds.
const PAUSE: f64 = 0.25;

impl MemoryView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        if self.listed_from.as_ref() != Some(&state.team_server) {
            // Settings switched between the data folder and a team server: start again over there.
            self.listed_from = Some(state.team_server.clone());
            self.list = None;
            self.listing = None;
            self.chosen = None;
            self.open = None;
            self.info = None;
        }
        if let Some(listed) = self.listing.as_ref().and_then(Pending::take) {
            self.listing = None;
            self.list = Some(listed.unwrap_or_else(|e| {
                self.message = Some((false, e));
                Vec::new()
            }));
        }
        if self.list.is_none() && self.listing.is_none() {
            let (pending, catalogue) = (Pending::default(), state.memory_catalogue());
            state
                .jobs
                .spawn_into(ui.ctx(), "Listing the memories", &pending, move |_| {
                    catalogue.list().map_err(|e| e.to_string())
                });
            self.listing = Some(pending);
        }
        self.ensure_open(ui.ctx(), state);
        let Some(open) = &self.open else {
            let text = state
                .memory_error
                .clone()
                .unwrap_or_else(|| "Opening the translation memory…".into());
            self.picker_ui(ui, state);
            widgets::empty_hint(ui, "Memory", &text);
            return;
        };
        let (store, shared) = (open.store.clone(), open.shared);
        if let Some((message, changed)) = self.exchange.collect() {
            self.message = Some(message);
            self.offer_undo = false;
            if changed {
                self.changed(state, shared);
            }
        }
        let heard_here = self
            .open
            .as_ref()
            .and_then(|o| o.heard.as_ref())
            .is_some_and(|(flag, _)| flag.swap(false, std::sync::atomic::Ordering::Relaxed));
        if heard_here {
            // Also heard when the server is back after going away: the memory connects again.
            if let Some(Ok(mut m)) = self.open.as_ref().map(|o| o.store.try_lock()) {
                let _ = m.reconnect_if_lost();
            }
            self.generation += 1;
            self.read_info();
        }
        if shared {
            // Units added by Translate or Align since: read the ids again.
            let n = state.memory.as_ref().map_or(0, |m| m.units);
            // Changes by other people on the team server, heard as they were committed.
            let heard = state.memory.as_ref().map_or(0, |m| m.heard());
            if n != self.shared_units || heard != self.heard {
                self.shared_units = n;
                self.heard = heard;
                self.generation += 1;
                self.read_info();
            }
        }
        // A reader's role on a team server cannot change anything either: the server would refuse.
        let read_only = self.info.as_ref().is_some_and(|i| i.read_only) || self.reader_role;
        // The unit panel only while a unit is shown: the table gets the whole width otherwise.
        if self.editor.is_some() {
            egui::Panel::right("memory_unit")
                .resizable(true)
                .default_size(360.0)
                .size_range(300.0..=640.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| self.editor_ui(ui, state, read_only));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.picker_ui(ui, state);
            let mut load_origins = false;
            self.filters.ui(ui, &self.origins, &mut load_origins);
            let filter = self.filters.filter();
            let settled = self.settled(ui.ctx(), &filter);
            if let Ok(m) = store.try_lock() {
                if settled {
                    if let Some(e) =
                        self.table
                            .refresh(ui.ctx(), &m, &filter, self.generation, self.units)
                    {
                        self.message = Some((false, e));
                    }
                }
                if load_origins && self.origins_at != Some(self.generation) {
                    self.origins_at = Some(self.generation);
                    self.origins = m.stats().map(|s| s.origins).unwrap_or_default();
                }
                if self.show_conflicts {
                    if let Some(e) = self.conflicts.refresh(Some(&*m), self.generation) {
                        self.message = Some((false, e));
                    }
                }
            }
            self.tools_ui(ui, state, &store, read_only, filter);
            ui.separator();
            if self.table.is_empty() && !self.table.searching() {
                ui.weak(if self.units == 0 {
                    "This memory is empty: import a TMX file, or confirm segments in Translate."
                } else {
                    "No unit matches the search and filters."
                });
            }
            // One line either way, so that the table does not move while a large memory is searched.
            ui.weak(if self.table.searching() {
                "Searching…"
            } else {
                "Click a row to see and edit the unit; Ctrl+click or Shift+click selects several."
            });
            if let Some(id) = self.table.ui(ui, &store) {
                self.select(id, &store);
            }
        });
        self.confirm_origin_ui(ui.ctx(), state);
    }

    /// Whether the table may search with `filter` now: at once in a memory of ordinary size, in a large
    /// one when the filter has not changed for [`PAUSE`] (a repaint is asked for then).
    fn settled(&mut self, ctx: &egui::Context, filter: &UnitFilter) -> bool {
        if self.units < SEARCH_AFTER_PAUSE {
            return true;
        }
        let now = ctx.input(|i| i.time);
        match &self.typing {
            Some((f, since)) if f == filter => {
                if now - since >= PAUSE {
                    return true;
                }
            }
            _ => self.typing = Some((filter.clone(), now)),
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(PAUSE));
        false
    }

    /// Opens the chosen memory if it is not the one shown (Default: the shared one, once it is open).
    fn ensure_open(&mut self, ctx: &egui::Context, state: &AppState) {
        let default = default_path(state);
        let want = self.chosen.clone().unwrap_or(default.clone());
        if self.open.as_ref().is_some_and(|o| o.path == want) {
            return;
        }
        let opened = if want == default {
            match &state.memory {
                Some(m) => Opened {
                    path: want,
                    store: m.store.clone(),
                    shared: true,
                    heard: None,
                },
                None => return,
            }
        } else {
            // On a server a memory is opened by name (its place is not a file).
            let name = self.list.iter().flatten().find(|e| e.info.path == want);
            let opened = match (&state.team_server, name) {
                (Some(_), Some(e)) => state.memory_catalogue().open(&e.info.name),
                _ => Memory::open(&want),
            };
            match opened {
                Ok(m) => {
                    let heard = watch(state.team_server.as_deref(), ctx, &m);
                    Opened {
                        path: want,
                        store: Arc::new(Mutex::new(m)),
                        shared: false,
                        heard,
                    }
                }
                Err(e) => {
                    self.message = Some((false, e.to_string()));
                    self.chosen = None;
                    return;
                }
            }
        };
        // What the database role may do is asked once per memory opened (a round trip on a server).
        self.reader_role = opened.store.try_lock().is_ok_and(|m| !m.role_may_edit());
        self.open = Some(opened);
        self.table.reset();
        self.conflicts.reset();
        self.editor = None;
        self.origins.clear();
        self.origins_at = None;
        self.filters.origin = None;
        self.generation += 1;
        self.read_info();
    }

    /// Reads the memory's description and unit count (after it is opened or changed).
    fn read_info(&mut self) {
        let Some(open) = &self.open else { return };
        if let Ok(m) = open.store.try_lock() {
            self.info = Some(m.info().clone());
            self.note = m.info().note.clone();
            self.units = m.len().unwrap_or(0);
        }
    }

    /// After a change: lists are read again, the other workspaces hear of it.
    fn changed(&mut self, state: &mut AppState, shared: bool) {
        self.generation += 1;
        self.read_info();
        if shared {
            state.commands.push(Command::MemoryChanged);
        }
        // The unit shown may have changed or gone.
        if let (Some(ed), Some(open)) = (&self.editor, &self.open) {
            let id = ed.unit.id;
            let store = open.store.clone();
            self.select(id, &store);
        }
    }

    fn picker_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        if let Some(shared) = state.memory.as_ref().filter(|m| m.on_server) {
            // Truncated, as in the Glossary workspace: a long address must not widen the panel.
            let server = shared.path.to_string_lossy();
            let server = server.rsplit_once('#').map_or(&*server, |(s, _)| s);
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "Team server {server} · the team's memories; others' units appear as they are \
                         saved"
                    ))
                    .weak(),
                )
                .truncate(),
            );
        }
        let list = self.list.clone().unwrap_or_default();
        let shown = self
            .info
            .as_ref()
            .map_or("Default".to_string(), |i| i.name.clone());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Memory");
            let default = default_path(state);
            egui::ComboBox::from_id_salt("memory_picker")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for e in &list {
                        let path = (e.info.path != default).then(|| e.info.path.clone());
                        let text = format!(
                            "{} — {} → {}, {}",
                            e.info.name,
                            e.info.source_lang,
                            e.info.target_lang,
                            widgets::plural(e.units, "unit")
                        );
                        ui.selectable_value(&mut self.chosen, path, text);
                    }
                })
                .response
                .labelled_by(label.id);
            if ui
                .small_button("Refresh")
                .on_hover_text("List the memories again")
                .clicked()
            {
                self.list = None;
            }
            let Some(info) = self.info.clone() else {
                return;
            };
            ui.separator();
            ui.label(format!(
                "{} → {} · {}",
                info.source_lang,
                info.target_lang,
                widgets::plural(self.units, "unit")
            ));
            ui.separator();
            let note = ui
                .add(
                    egui::TextEdit::singleline(&mut self.note)
                        .id_salt("memory_note")
                        .hint_text(widgets::hint("note: client, subject"))
                        .desired_width(220.0),
                )
                .accessible_name("Memory note");
            if note.lost_focus() && self.note != info.note {
                let note = self.note.clone();
                self.write(state, |m| m.set_note(&note).map(|_| None));
            }
            let mut read_only = info.read_only;
            if ui
                .add_enabled(
                    info.cannot_write.is_none() && !self.reader_role,
                    egui::Checkbox::new(&mut read_only, "Read-only"),
                )
                .on_hover_text(
                    "A read-only memory refuses every change (imports, edits, deletions)",
                )
                .changed()
            {
                self.write(state, |m| m.set_read_only(read_only).map(|_| None));
            }
        });
    }

    /// Runs a change on the open memory under the user's name; a message (or the error) is shown.
    fn write(
        &mut self,
        state: &mut AppState,
        f: impl FnOnce(&mut Memory) -> crate::Result<Option<String>>,
    ) -> bool {
        let Some(open) = &self.open else { return false };
        let (shared, store) = (open.shared, open.store.clone());
        let Ok(mut m) = store.try_lock() else {
            self.message = Some((
                false,
                "The memory is busy (an import or export is running); try again when it ends."
                    .into(),
            ));
            return false;
        };
        m.set_author(state.user_name.clone());
        let result = f(&mut m);
        drop(m);
        self.offer_undo = false;
        match result {
            Ok(said) => {
                if said.is_some() {
                    self.message = said.map(|s| (true, s));
                }
                self.changed(state, shared);
                true
            }
            Err(e) => {
                self.message = Some((false, e.to_string()));
                self.read_info();
                false
            }
        }
    }

    fn tools_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        store: &Arc<Mutex<Memory>>,
        read_only: bool,
        filter: UnitFilter,
    ) {
        ui.horizontal_wrapped(|ui| {
            ui.weak(if filter.is_everything() {
                widgets::plural(self.table.len(), "unit")
            } else {
                format!("{} of {} match", self.table.len(), self.units)
            });
            let hover = match state.team_server {
                Some(_) => {
                    "Undo your latest edit, deletion or import in this memory (a colleague's \
                            changes are theirs to undo)"
                }
                None => "Undo the latest edit, deletion or import in this memory",
            };
            if ui
                .add_enabled(!read_only, egui::Button::new("Undo last change"))
                .on_hover_text(hover)
                .clicked()
            {
                self.undo(state);
            }
            ui.toggle_value(&mut self.show_conflicts, "Duplicates and conflicts");
        });
        if self.show_conflicts {
            if let Some(action) = self.conflicts.ui(ui, read_only) {
                match action {
                    ConflictAction::Keep { drop, .. } => self.delete(state, drop),
                    ConflictAction::Dedupe => {
                        self.write(state, |m| {
                            Ok(Some(
                                m.dedupe()?.map_or("No exact duplicates.".to_string(), |c| {
                                    format!("{}.", c.summary)
                                }),
                            ))
                        });
                        self.offer_undo = true;
                    }
                }
            }
        }
        egui::CollapsingHeader::new("Import and export")
            .id_salt("memory_exchange")
            .show(ui, |ui| {
                let Some(open) = &self.open else { return };
                let name = self
                    .info
                    .as_ref()
                    .map_or("memory".into(), |i| i.name.clone());
                let path = open.path.clone();
                let target = Target {
                    store,
                    name: &name,
                    path: &path,
                    filter,
                    filtered: self.table.len(),
                    read_only,
                };
                if let Some(m) = self.exchange.ui(ui, state, &target) {
                    self.message = Some(m);
                }
            });
        ui.horizontal_wrapped(|ui| {
            widgets::message(ui, &self.message);
            if self.offer_undo
                && ui
                    .button("Undo")
                    .on_hover_text("Bring the deleted units back")
                    .clicked()
            {
                self.undo(state);
            }
        });
    }

    fn undo(&mut self, state: &mut AppState) {
        self.write(state, |m| {
            Ok(Some(
                m.undo()?.map_or("Nothing to undo.".to_string(), |c| {
                    format!("Undone: {}.", c.summary)
                }),
            ))
        });
    }

    fn delete(&mut self, state: &mut AppState, ids: Vec<i64>) {
        let done = self.write(state, |m| {
            Ok(Some(
                m.delete_units(&ids)?
                    .map_or("Nothing was deleted.".to_string(), |c| {
                        format!("{}.", c.summary)
                    }),
            ))
        });
        self.offer_undo = done;
    }

    /// Shows unit `id` in the editor (or clears it when the unit is gone).
    fn select(&mut self, id: i64, store: &Arc<Mutex<Memory>>) {
        let Ok(m) = store.try_lock() else { return };
        self.editor = match m.get(id) {
            Ok(Some(u)) => {
                let history = m.history(id).unwrap_or_default();
                let from = UnitFilter {
                    origin: Some(u.origin),
                    origin_detail: Some(u.origin_detail.clone()),
                    ..UnitFilter::default()
                };
                let n = m.count(&from).unwrap_or(0);
                Some(UnitEditor::new(u, history, n))
            }
            _ => None,
        };
    }

    fn editor_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState, read_only: bool) {
        let selected: Vec<i64> = self.table.selected.iter().copied().collect();
        let Some(editor) = &mut self.editor else {
            return;
        };
        if read_only {
            let why = match self.info.as_ref().and_then(|i| i.cannot_write.as_deref()) {
                Some(reason) => format!("This memory cannot be changed: {reason}."),
                None if self.reader_role => {
                    "Your database role may search and export this memory but \
                                           not change it: changes need duizhao_editor."
                        .to_string()
                }
                None => "This memory is read-only: clear the flag to change it.".to_string(),
            };
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
        let Some(action) = editor.ui(ui, read_only, &selected) else {
            return;
        };
        match action {
            UnitAction::Save(id, sides) => {
                let saved = self.write(state, |m| {
                    for (side, shown, text) in &sides {
                        m.edit_checked(id, *side, shown, text)?;
                    }
                    Ok(Some(format!(
                        "Saved unit {id}; the old text is in its history."
                    )))
                });
                if !saved {
                    // Someone else saved it meanwhile: the editor now shows what is stored beside
                    // what was typed, which stays in the boxes to be saved again.
                    let stored = self.open.as_ref().and_then(|o| {
                        o.store
                            .try_lock()
                            .ok()
                            .and_then(|m| m.get(id).ok().flatten())
                    });
                    if let (Some(editor), Some(unit)) = (&mut self.editor, stored) {
                        editor.unit = unit;
                    }
                }
            }
            UnitAction::Delete(ids) => self.delete(state, ids),
            UnitAction::DeleteOrigin(origin, detail, n) => {
                self.confirm_origin = Some((origin, detail, n));
            }
        }
    }

    /// Asks before every unit from one origin is deleted.
    fn confirm_origin_ui(&mut self, ctx: &egui::Context, state: &mut AppState) {
        let Some((origin, detail, n)) = self.confirm_origin.clone() else {
            return;
        };
        let answer = widgets::ask(
            ctx,
            "memory_delete_origin",
            "Delete every unit from this origin?",
            &[
                format!(
                    "{} from {} will be deleted.",
                    widgets::plural(n, "unit"),
                    filters::origin_label(origin, &detail)
                ),
                "Undo brings them back.".into(),
            ],
            "Delete them",
            "Cancel",
        );
        match answer {
            Some(true) => {
                self.confirm_origin = None;
                let done = self.write(state, |m| {
                    Ok(Some(
                        m.delete_origin(Some(origin), Some(&detail))?
                            .map_or("Nothing was deleted.".into(), |c| format!("{}.", c.summary)),
                    ))
                });
                self.offer_undo = done;
            }
            Some(false) => self.confirm_origin = None,
            None => {}
        }
    }
}

/// For a memory on the team server: a watch that raises the returned flag (and repaints) when someone
/// else changes it. `None` for a file, or when the watch cannot start (the view then reads it again only
/// after one's own changes).
fn watch(
    server: Option<&str>,
    ctx: &egui::Context,
    memory: &Memory,
) -> Option<(Arc<std::sync::atomic::AtomicBool>, crate::tm::MemoryWatch)> {
    let target = server?;
    memory.server_number()?;
    let flag = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (raised, ctx) = (flag.clone(), ctx.clone());
    // The watch cannot borrow the memory (it moves into the view's mutex): it matches changes by number
    // and by the connection that made them.
    let (number, pid) = (memory.server_number(), memory.server_process());
    let watch = crate::tm::watch_memories(target, move |change| {
        if change.concerns(number, pid) {
            raised.store(true, std::sync::atomic::Ordering::Relaxed);
            ctx.request_repaint();
        }
    })
    .ok()?;
    Some((flag, watch))
}

/// The Default memory's file (what [`crate::tm::Catalogue::default_path`] says, without building a
/// catalogue and its script converter every frame), or its place on the team server.
fn default_path(state: &AppState) -> PathBuf {
    match &state.team_server {
        // The server's Default memory is where the shared one says it is, once it is open.
        Some(_) => state
            .memory
            .as_ref()
            .map(|m| m.path.clone())
            .unwrap_or_default(),
        None => state.data_dir.join(crate::paths::TM_DB),
    }
}
