//! The units of a memory as a virtualised table: the ids under the filter are asked for once per filter
//! (or change), and only the rows on screen are read, a page at a time, into a small cache. A memory of
//! a million units costs a vector of ids, not its text.
//!
//! Main type: [`UnitTable`]. Click selects a unit, Ctrl+click adds or removes one, Shift+click a range.

use std::collections::{BTreeSet, HashMap};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use super::filters::origin_label;
use crate::tm::{Memory, MemoryUnit, RowReader, Timestamp, UnitFilter};

/// Rows read at once when a row in view is not cached.
const PAGE: usize = 100;
/// Cached rows kept before the cache is emptied (a long scroll never holds more than this).
const CACHE: usize = 5_000;
/// Memories of more units than this are searched on a connection of their own, off the window's thread:
/// a search reads every unit's keys (15 ms over 50,000 units), which would make each typed character
/// stutter. Smaller ones are searched at once (a few milliseconds) and show the answer in the same frame.
const SEARCH_IN_BACKGROUND: usize = 10_000;

/// The answer to a search running in the background, and the filter and counter it was asked for.
type Pending = ((UnitFilter, u64), Receiver<crate::Result<Vec<i64>>>);

/// The table's state.
#[derive(Default)]
pub struct UnitTable {
    ids: Vec<i64>,
    /// The filter and the view's change counter the ids were read for.
    key: Option<(UnitFilter, u64)>,
    cache: HashMap<i64, MemoryUnit>,
    /// The selected units.
    pub selected: BTreeSet<i64>,
    anchor: Option<usize>,
    /// A search running in the background (the ids shown are the previous answer until it comes).
    pending: Option<Pending>,
    /// For a memory on a team server: the thread reading the rows scrolled into view.
    loader: Option<Loader>,
}

/// A thread with a connection of its own that reads pages of rows of a memory on a team server, so that
/// scrolling never waits for the network: rows not yet come show as "…".
struct Loader {
    ask: mpsc::Sender<(u64, Vec<i64>)>,
    answers: Receiver<(u64, crate::Result<Vec<MemoryUnit>>)>,
    /// Ids asked for and not yet come.
    asked: std::collections::HashSet<i64>,
    /// Counts the times the cache was emptied: an answer asked before is about rows since changed.
    epoch: u64,
}

impl Loader {
    fn start(mut reader: RowReader, ctx: &egui::Context) -> Loader {
        let (ask, pages) = mpsc::channel::<(u64, Vec<i64>)>();
        let (send, answers) = mpsc::channel();
        let ctx = ctx.clone();
        // Ends when the table drops its end of the channel (another memory, another filter's table).
        std::thread::spawn(move || {
            for (epoch, ids) in pages {
                if send.send((epoch, reader.rows(&ids))).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
        Loader {
            ask,
            answers,
            asked: Default::default(),
            epoch: 0,
        }
    }
}

/// `2025-03-01 by lin`, or the date alone.
pub fn when(at: Option<Timestamp>, who: Option<&str>) -> String {
    let Some(at) = at else {
        return String::new();
    };
    let day = at.to_iso().chars().take(10).collect::<String>();
    match who.filter(|w| !w.is_empty()) {
        Some(w) => format!("{day} by {w}"),
        None => day,
    }
}

impl UnitTable {
    /// Units under the filter.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the filter takes no unit.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Reads the ids again when the filter or the change counter moved: at once in a memory of up to
    /// [`SEARCH_IN_BACKGROUND`] units (`units`), else on another thread, keeping the ids shown until the
    /// answer comes. Returns an error to show.
    pub fn refresh(
        &mut self,
        ctx: &egui::Context,
        memory: &Memory,
        filter: &UnitFilter,
        generation: u64,
        units: usize,
    ) -> Option<String> {
        let key = (filter.clone(), generation);
        // One search at a time: while one runs, typing only changes what is asked for next, so a fast
        // typist does not start a search per key on a machine with two cores.
        if let Some((asked, answer)) = &self.pending {
            match answer.try_recv() {
                Ok(result) => {
                    let asked = asked.clone();
                    self.pending = None;
                    if asked == key {
                        return self.take(key, result);
                    }
                    // The answer to an older filter: the newest is asked for below.
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => self.pending = None,
            }
        }
        if self.key.as_ref() == Some(&key) {
            return None;
        }
        match memory.ids_query(filter) {
            // On a server every search is a round trip: always off the window's thread.
            Some(query) if units > SEARCH_IN_BACKGROUND || memory.is_on_server() => {
                let (send, answer) = mpsc::channel();
                let ctx = ctx.clone();
                std::thread::spawn(move || {
                    // The table may have moved on and dropped the receiver; nothing to do then.
                    let _ = send.send(query.run());
                    ctx.request_repaint();
                });
                self.pending = Some((key, answer));
                None
            }
            _ => self.take(key, memory.unit_ids(filter)),
        }
    }

    /// Whether a search is running in the background.
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    fn take(&mut self, key: (UnitFilter, u64), result: crate::Result<Vec<i64>>) -> Option<String> {
        self.key = Some(key);
        match result {
            Ok(ids) => {
                let live: std::collections::HashSet<i64> = ids.iter().copied().collect();
                self.selected.retain(|id| live.contains(id));
                self.ids = ids;
                self.clear_cache();
                self.anchor = None;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }

    /// Empties the cache of rows; answers to pages asked before are dropped when they come.
    fn clear_cache(&mut self) {
        self.cache.clear();
        if let Some(loader) = &mut self.loader {
            loader.epoch += 1;
            loader.asked.clear();
        }
    }

    /// Forgets the ids, so the next [`UnitTable::refresh`] reads them (another memory was chosen).
    pub fn reset(&mut self) {
        *self = UnitTable::default();
    }

    /// Draws the table; returns the unit clicked (to show in the editor), if any.
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Arc<Mutex<Memory>>) -> Option<i64> {
        if self.cache.len() > CACHE {
            self.clear_cache();
        }
        // Held for the frame: rows missing from the cache are read as the table reaches them. An import
        // holding the store leaves them as "…" until it ends.
        let mut guard = store.try_lock().ok();
        if self.loader.is_none() {
            if let Some(reader) = guard.as_ref().and_then(|m| m.row_reader()) {
                self.loader = Some(Loader::start(reader, ui.ctx()));
            }
        }
        if let Some(loader) = &mut self.loader {
            // On a server the rows come from the loader, never from the window's thread.
            guard = None;
            while let Ok((epoch, rows)) = loader.answers.try_recv() {
                if epoch != loader.epoch {
                    continue;
                }
                if let Ok(rows) = rows {
                    for u in rows {
                        loader.asked.remove(&u.id);
                        self.cache.insert(u.id, u);
                    }
                }
            }
        }
        let mut clicked = None;
        let modifiers = ui.input(|i| i.modifiers);
        let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let column = |w: f32| egui_extras::Column::initial(w).resizable(true).clip(true);
        egui_extras::TableBuilder::new(ui)
            .id_salt("memory_units")
            .striped(true)
            .sense(egui::Sense::click())
            // Widths that leave "Used" in view at the default window size (1200 px wide).
            .column(column(230.0))
            .column(column(230.0))
            .column(column(95.0))
            .column(column(140.0))
            .column(column(120.0))
            .column(column(120.0))
            .column(egui_extras::Column::remainder().at_least(40.0).clip(true))
            .header(22.0, |mut h| {
                for t in [
                    "Source",
                    "Target",
                    "Languages",
                    "Origin",
                    "Created",
                    "Changed",
                    "Used",
                ] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(height, self.ids.len(), |mut row| {
                    let i = row.index();
                    let id = self.ids[i];
                    if !self.cache.contains_key(&id) {
                        let end = (i + PAGE).min(self.ids.len());
                        if let Some(m) = &guard {
                            if let Ok(rows) = m.rows(&self.ids[i..end]) {
                                self.cache.extend(rows.into_iter().map(|u| (u.id, u)));
                            }
                        } else if let Some(loader) = &mut self.loader {
                            if !loader.asked.contains(&id) {
                                let page: Vec<i64> = self.ids[i..end]
                                    .iter()
                                    .copied()
                                    .filter(|id| !self.cache.contains_key(id))
                                    .collect();
                                loader.asked.extend(page.iter().copied());
                                let _ = loader.ask.send((loader.epoch, page));
                            }
                        }
                    }
                    row.set_selected(self.selected.contains(&id));
                    match self.cache.get(&id) {
                        Some(u) => unit_cells(&mut row, u),
                        None => {
                            row.col(|ui| {
                                ui.weak("…");
                            });
                        }
                    }
                    if row.response().clicked() {
                        clicked = Some(i);
                    }
                });
            });
        let i = clicked?;
        let id = self.ids[i];
        if modifiers.shift {
            let from = self.anchor.unwrap_or(i);
            let (a, b) = (from.min(i), from.max(i));
            self.selected.extend(self.ids[a..=b].iter().copied());
        } else if modifiers.command {
            if !self.selected.remove(&id) {
                self.selected.insert(id);
            }
            self.anchor = Some(i);
        } else {
            self.selected = BTreeSet::from([id]);
            self.anchor = Some(i);
        }
        Some(id)
    }
}

/// The cells of one unit: the texts on one line each (the full text is in the editor and on hover).
fn unit_cells(row: &mut egui_extras::TableRow<'_, '_>, u: &MemoryUnit) {
    cell(row, &u.unit.source.text, true);
    cell(row, &u.unit.target.text, true);
    cell(
        row,
        &format!("{} → {}", u.unit.source.lang, u.unit.target.lang),
        false,
    );
    cell(row, &origin_label(u.origin, &u.origin_detail), true);
    cell(
        row,
        &when(u.unit.created, u.unit.creation_id.as_deref()),
        false,
    );
    cell(
        row,
        &when(u.unit.changed, u.unit.change_id.as_deref()),
        false,
    );
    cell(row, &u.used.to_string(), false);
}

/// One cell: `text` on one line, cut with "…" when too long; `hover` shows it whole.
fn cell(row: &mut egui_extras::TableRow<'_, '_>, text: &str, hover: bool) {
    row.col(|ui| {
        let label = ui.add(egui::Label::new(text).truncate().selectable(false));
        if hover {
            label.on_hover_text(text);
        }
    });
}
