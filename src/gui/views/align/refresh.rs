//! Out-of-date alignments: each side's text is compared with the text the alignment was made from (its
//! fingerprint, recorded in the project); when a cleaned version's decisions or a file changed, the
//! workspace says so and offers to re-align, which keeps the beads a person accepted or edited whose
//! sentences did not change. Re-alignment runs as a job.
//!
//! Main type: [`Refresh`].

use std::sync::Arc;

use crate::align::project::{Project, fingerprint};
use crate::align::realign::RealignSummary;
use crate::align::{AlignOptions, Rescorer};
use crate::gui::app::AppState;
use crate::gui::jobs::Pending;
use crate::gui::library::Library;
use crate::version::VersionRef;

use super::setup::{SideInput, side};

/// What the comparison found for the open project.
#[derive(Clone)]
pub struct Stale {
    /// Which texts changed, in words.
    pub what: String,
    /// The current Chinese side.
    zh: Arc<SideInput>,
    /// The current English side.
    en: Arc<SideInput>,
}

/// A re-alignment's outcome: the project back, with what happened.
pub type Realigned = (Project, Result<RealignSummary, String>);

/// The comparison, cached until the project or a text changes, and a running re-alignment.
#[derive(Default)]
pub struct Refresh {
    cache: Option<((i64, usize, u64), Option<Stale>)>,
    /// The re-alignment job's result.
    pub result: Pending<Realigned>,
    /// Whether a re-alignment is running (the project is with the job).
    pub running: bool,
}

impl Refresh {
    /// Whether `project`'s texts have changed since it was made, looked at again only when the project
    /// (its history) or a text of the library changed.
    pub fn check(&mut self, project: &Project, library: &Library) -> Option<Stale> {
        let key = (
            project.id(),
            project.editor().history().0.len(),
            library.generation,
        );
        if let Some((k, found)) = &self.cache {
            if *k == key {
                return found.clone();
            }
        }
        let found = compare(project, library);
        self.cache = Some((key, found.clone()));
        found
    }

    /// Starts re-aligning `project` (taken out of the view until the job ends) with the current texts.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        mut project: Project,
        stale: Stale,
    ) {
        self.running = true;
        self.cache = None;
        let glossary = state.glossary.clone();
        state
            .jobs
            .spawn_into(ctx, "Re-aligning", &self.result, move |progress| {
                let terms = glossary
                    .as_ref()
                    .map(|g| super::setup::term_pairs(g, &stale.zh.sentences))
                    .unwrap_or_default();
                let options = AlignOptions {
                    terms,
                    zh_paragraphs: stale.zh.paragraphs.clone(),
                    en_paragraphs: stale.en.paragraphs.clone(),
                    ..AlignOptions::default()
                };
                let result = project
                    .realign(&stale.zh.sentences, &stale.en.sentences, &options, progress)
                    .map_err(|e| match e {
                        crate::Error::Cancelled => {
                            "Re-alignment was cancelled; nothing changed.".to_string()
                        }
                        e => e.to_string(),
                    });
                if result.is_ok() {
                    let rescorer = Rescorer::new(project.alignment(), &options);
                    project.editor_mut().set_rescorer(Arc::new(rescorer));
                }
                (project, result)
            });
    }
}

/// Compares each side's recorded fingerprint with its text now. A side whose text is not open (closed,
/// still loading, or a version deleted) cannot be compared and is taken as unchanged.
fn compare(project: &Project, library: &Library) -> Option<Stale> {
    let sources = project.sources().ok()?;
    let (zh_rec, en_rec) = (sources.zh?, sources.en?);
    let current = |key: &Option<String>| -> Option<(VersionRef, Arc<SideInput>)> {
        let r = VersionRef::from_key(key.as_deref()?)?;
        let doc = library.resolve(&r)?;
        let input = side(&doc, 0..doc.paragraphs.len(), library.label(&r));
        Some((r, Arc::new(input)))
    };
    let (zh_ref, zh) = current(&zh_rec.key)?;
    let (en_ref, en) = current(&en_rec.key)?;
    let zh_changed = fingerprint(&zh.sentences) != zh_rec.fingerprint;
    let en_changed = fingerprint(&en.sentences) != en_rec.fingerprint;
    if !zh_changed && !en_changed {
        return None;
    }
    let names: Vec<String> = [(zh_changed, zh_ref), (en_changed, en_ref)]
        .into_iter()
        .filter(|(changed, _)| *changed)
        .map(|(_, r)| library.label(&r))
        .collect();
    Some(Stale {
        what: format!(
            "{} changed since this alignment was made",
            names.join(" and ")
        ),
        zh,
        en,
    })
}
