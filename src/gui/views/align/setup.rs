//! Starting an alignment: choose the Chinese and the English text — any version of any open document, or
//! the two language parts of one file — then align on a worker thread with glossary terms as extra
//! anchors; the result is saved as a project. Each side defaults to the selected document's preferred
//! text, the cleaned version where there is one.
//!
//! Main items: [`AlignSetup`] (its UI) and [`Aligned`] (what the job delivers).

use std::path::PathBuf;
use std::sync::Arc;

use crate::align::project::{Project, ProjectSources};
use crate::align::{AlignOptions, Rescorer, TermPair, align_report};
use crate::document::Document;
use crate::document::Side;
use crate::glossary::lang;
use crate::gui::app::AppState;
use crate::gui::jobs::Pending;
use crate::gui::pickers;
use crate::gui::shared_glossary::SharedGlossary;
use crate::version::VersionRef;

/// What an alignment job delivers: the saved project and the warnings to show.
pub struct Aligned {
    /// The new project, saved.
    pub project: Project,
    /// Warnings in words a translator understands.
    pub warnings: Vec<String>,
}

/// One side to align: sentences, where paragraphs start, and the file name.
pub struct SideInput {
    /// The sentences.
    pub sentences: Vec<String>,
    /// Indices of the sentences that start a paragraph.
    pub paragraphs: Vec<usize>,
    /// The file the text came from.
    pub file: Option<String>,
    /// The text's name in messages.
    pub name: String,
}

/// The setup form.
#[derive(Default)]
pub struct AlignSetup {
    zh: Option<VersionRef>,
    en: Option<VersionRef>,
    /// The job's result.
    pub result: Pending<Result<Aligned, String>>,
}

impl AlignSetup {
    /// Draws the form; starts the job when asked.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        let refs = state.library.all_refs();
        let loaded: Vec<(VersionRef, Arc<Document>)> = refs
            .iter()
            .filter_map(|r| state.library.resolve(r).map(|d| (*r, d)))
            .collect();
        if loaded.is_empty() {
            ui.label("Open a Chinese release and its English version in the Documents workspace (or one file holding both), then align them here.");
            return;
        }
        // Each side lists the texts in its language; a bilingual whole is no side of its own.
        let of_lang = |chinese: bool| -> Vec<VersionRef> {
            loaded
                .iter()
                .filter(|(_, d)| d.versions.is_none())
                .filter(|(_, d)| d.main_lang().is_chinese() == chinese)
                .map(|(r, _)| *r)
                .collect()
        };
        let (zh_refs, en_refs) = (of_lang(true), of_lang(false));
        self.default_sides(state, &zh_refs, &en_refs);
        ui.horizontal_wrapped(|ui| {
            ui.label("Chinese");
            pickers::ref_combo(
                ui,
                "align_zh",
                "Chinese document",
                &state.library,
                &mut self.zh,
                &zh_refs,
            );
            ui.label("English");
            pickers::ref_combo(
                ui,
                "align_en",
                "English document",
                &state.library,
                &mut self.en,
                &en_refs,
            );
            let busy = state.jobs.is_busy();
            let can = self.zh.is_some() && self.en.is_some();
            if ui
                .add_enabled(can && !busy, egui::Button::new("Align"))
                .clicked()
            {
                if let (Some(zh), Some(en)) = (self.zh, self.en) {
                    self.start(ui.ctx(), state, zh, en);
                }
            }
        });
        let bilingual: Vec<VersionRef> = state
            .library
            .docs
            .iter()
            .map(|d| d.preferred())
            .filter(|r| {
                state
                    .library
                    .resolve(r)
                    .is_some_and(|d| d.versions.is_some())
            })
            .collect();
        for r in bilingual {
            ui.horizontal(|ui| {
                ui.label(format!("{} holds both versions.", state.library.label(&r)));
                if ui
                    .add_enabled(
                        !state.jobs.is_busy(),
                        egui::Button::new("Align its two versions"),
                    )
                    .clicked()
                {
                    let (zh, en) = (
                        r.with_part(Some(Side::Chinese)),
                        r.with_part(Some(Side::English)),
                    );
                    self.zh = Some(zh);
                    self.en = Some(en);
                    self.start(ui.ctx(), state, zh, en);
                }
            });
        }
    }

    /// Fills an empty side from the selected document (its preferred text), and replaces a side whose
    /// text is gone.
    fn default_sides(&mut self, state: &AppState, zh_refs: &[VersionRef], en_refs: &[VersionRef]) {
        if self.zh.is_some_and(|r| !zh_refs.contains(&r)) {
            self.zh = None;
        }
        if self.en.is_some_and(|r| !en_refs.contains(&r)) {
            self.en = None;
        }
        let Some(working) = state.working_ref() else {
            return;
        };
        if self.zh.is_none() && zh_refs.contains(&working) {
            self.zh = Some(working);
        }
        if self.en.is_none() && en_refs.contains(&working) {
            self.en = Some(working);
        }
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        zh_ref: VersionRef,
        en_ref: VersionRef,
    ) {
        let (Some(zh_doc), Some(en_doc)) = (
            state.library.resolve(&zh_ref),
            state.library.resolve(&en_ref),
        ) else {
            return;
        };
        if zh_doc.main_lang().is_chinese() == en_doc.main_lang().is_chinese() {
            state.errors.push(format!(
                "{} and {} are in the same language: choose a Chinese and an English text.",
                state.library.label(&zh_ref),
                state.library.label(&en_ref)
            ));
            return;
        }
        let zh = side(
            &zh_doc,
            0..zh_doc.paragraphs.len(),
            state.library.label(&zh_ref),
        );
        let en = side(
            &en_doc,
            0..en_doc.paragraphs.len(),
            state.library.label(&en_ref),
        );
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
                let name = if zh.file == en.file {
                    zh_doc.name.clone()
                } else {
                    format!("{} + {}", zh_doc.name, en_doc.name)
                };
                let sources = ProjectSources {
                    zh: Some(zh_ref.to_key()),
                    en: Some(en_ref.to_key()),
                };
                let rescorer = Rescorer::new(&report.alignment, &options);
                let mut project = Project::create_with_sources(
                    &db,
                    &name,
                    zh.file.as_deref(),
                    en.file.as_deref(),
                    report.alignment,
                    &sources,
                )
                .map_err(|e| e.to_string())?;
                // Built here, off the UI thread: the first hand edit then scores at once.
                project.editor_mut().set_rescorer(Arc::new(rescorer));
                Ok(Aligned {
                    project,
                    warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
                })
            });
    }
}

/// The sentences of paragraphs `range` of `doc`, with the sentence indices where paragraphs start.
pub fn side(doc: &Document, range: std::ops::Range<usize>, name: String) -> SideInput {
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
        name,
    }
}

/// Glossary terms found in the Chinese text, paired with their entries' English terms.
pub fn term_pairs(glossary: &SharedGlossary, zh: &[String]) -> Vec<TermPair> {
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
