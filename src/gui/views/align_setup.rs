//! Starting an alignment: choose the Chinese and the English document (or the two halves of one file),
//! then align on a worker thread with glossary terms as extra anchors; the result is saved as a project.
//!
//! Main items: [`AlignSetup`] (its UI) and [`Aligned`] (what the job delivers).

use std::path::PathBuf;
use std::sync::Arc;

use crate::align::project::Project;
use crate::align::{AlignOptions, TermPair, align_report};
use crate::document::Document;
use crate::glossary::lang;
use crate::gui::app::AppState;
use crate::gui::jobs::Pending;
use crate::gui::shared_glossary::SharedGlossary;

/// What an alignment job delivers: the saved project and the warnings to show.
pub struct Aligned {
    /// The new project, saved.
    pub project: Project,
    /// Warnings in words a translator understands.
    pub warnings: Vec<String>,
}

/// One side to align: sentences, where paragraphs start, and the file name.
struct SideInput {
    sentences: Vec<String>,
    paragraphs: Vec<usize>,
    file: Option<String>,
    name: String,
}

/// The setup form.
#[derive(Default)]
pub struct AlignSetup {
    zh_doc: Option<i64>,
    en_doc: Option<i64>,
    /// The job's result.
    pub result: Pending<Result<Aligned, String>>,
}

impl AlignSetup {
    /// Draws the form; starts the job when asked.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        let ready: Vec<(i64, Arc<Document>)> = state
            .docs
            .iter()
            .filter_map(|d| d.ready().map(|doc| (d.id, doc.clone())))
            .collect();
        if ready.is_empty() {
            ui.label("Open a Chinese release and its English version in the Documents workspace (or one file holding both), then align them here.");
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Chinese");
            doc_combo(ui, "align_zh", "Chinese document", &mut self.zh_doc, &ready);
            ui.label("English");
            doc_combo(ui, "align_en", "English document", &mut self.en_doc, &ready);
            let busy = state.jobs.is_busy();
            let can = self.zh_doc.is_some() && self.en_doc.is_some();
            if ui
                .add_enabled(can && !busy, egui::Button::new("Align"))
                .clicked()
            {
                self.start(ui.ctx(), state, &ready);
            }
        });
        let halves: Vec<&(i64, Arc<Document>)> =
            ready.iter().filter(|(_, d)| d.halves.is_some()).collect();
        for (id, doc) in halves {
            ui.horizontal(|ui| {
                ui.label(format!("{} holds both versions.", doc.name));
                if ui
                    .add_enabled(
                        !state.jobs.is_busy(),
                        egui::Button::new("Align its two halves"),
                    )
                    .clicked()
                {
                    self.zh_doc = Some(*id);
                    self.en_doc = Some(*id);
                    self.start(ui.ctx(), state, &ready);
                }
            });
        }
    }

    fn start(&mut self, ctx: &egui::Context, state: &mut AppState, ready: &[(i64, Arc<Document>)]) {
        let find = |id: Option<i64>| {
            ready
                .iter()
                .find(|(i, _)| Some(*i) == id)
                .map(|(_, d)| d.clone())
        };
        let (Some(zh_doc), Some(en_doc)) = (find(self.zh_doc), find(self.en_doc)) else {
            return;
        };
        let (zh, en) = if Arc::ptr_eq(&zh_doc, &en_doc) {
            match zh_doc.half_ranges() {
                Some((z, e)) => (side(&zh_doc, z), side(&zh_doc, e)),
                None => {
                    state.errors.push(format!(
                        "{} holds only one language: choose a different document for the other side.",
                        zh_doc.name
                    ));
                    return;
                }
            }
        } else {
            (
                side(&zh_doc, 0..zh_doc.paragraphs.len()),
                side(&en_doc, 0..en_doc.paragraphs.len()),
            )
        };
        let glossary = state.glossary.clone();
        let db = state.data_dir.join(crate::paths::WORKSPACE_DB);
        let label = format!("Aligning {} with {}", zh.name, en.name);
        state
            .jobs
            .spawn_into(ctx, label, &self.result, move |progress| {
                let terms = glossary
                    .as_ref()
                    .map(|g| term_pairs(g, &zh.sentences))
                    .unwrap_or_default();
                let options = AlignOptions {
                    terms,
                    zh_paragraphs: zh.paragraphs.clone(),
                    en_paragraphs: en.paragraphs.clone(),
                    ..AlignOptions::default()
                };
                let zh_refs: Vec<&str> = zh.sentences.iter().map(String::as_str).collect();
                let en_refs: Vec<&str> = en.sentences.iter().map(String::as_str).collect();
                let report = align_report(&zh_refs, &en_refs, &options, progress)
                    .map_err(|e| e.to_string())?;
                let name = if zh.name == en.name {
                    zh.name.clone()
                } else {
                    format!("{} + {}", zh.name, en.name)
                };
                let project = Project::create(
                    &db,
                    &name,
                    zh.file.as_deref(),
                    en.file.as_deref(),
                    report.alignment,
                )
                .map_err(|e| e.to_string())?;
                Ok(Aligned {
                    project,
                    warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
                })
            });
    }
}

fn doc_combo(
    ui: &mut egui::Ui,
    id: &str,
    name: &str,
    selected: &mut Option<i64>,
    docs: &[(i64, Arc<Document>)],
) {
    let text = selected
        .and_then(|s| docs.iter().find(|(i, _)| *i == s))
        .map_or("choose…".to_string(), |(_, d)| d.name.clone());
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .width(220.0)
        .show_ui(ui, |ui| {
            for (i, d) in docs {
                let langs: Vec<&str> = d.languages().iter().take(2).map(|l| l.tag()).collect();
                ui.selectable_value(
                    selected,
                    Some(*i),
                    format!("{} ({})", d.name, langs.join("+")),
                );
            }
        })
        .response
        .accessible_name(name);
}

/// The sentences of paragraphs `range` of `doc`, with the sentence indices where paragraphs start.
fn side(doc: &Document, range: std::ops::Range<usize>) -> SideInput {
    let mut sentences = Vec::new();
    let mut paragraphs = Vec::new();
    for p in &doc.paragraphs[range] {
        paragraphs.push(sentences.len());
        sentences.extend(
            p.sentences
                .iter()
                .map(|s| doc.span_text(&s.span).into_owned()),
        );
    }
    SideInput {
        sentences,
        paragraphs,
        file: doc.path.as_ref().map(|p: &PathBuf| p.display().to_string()),
        name: doc.name.clone(),
    }
}

/// Glossary terms found in the Chinese text, paired with their entries' English terms.
fn term_pairs(glossary: &SharedGlossary, zh: &[String]) -> Vec<TermPair> {
    let text = zh.concat();
    let mut pairs: Vec<TermPair> = Vec::new();
    for m in glossary.find(&text) {
        let Some(entry) = glossary.entries.get(&m.entry) else {
            continue;
        };
        for en in entry.data.terms_in(lang::EN) {
            let pair = TermPair {
                zh: text[m.range.clone()].to_string(),
                en: en.text.clone(),
            };
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    pairs
}
