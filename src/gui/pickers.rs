//! Choosing which text a workspace works on: a combo box of the texts of the selected document (the
//! original, each version, each language part), optionally with "Pasted text", and a combo box of every
//! open text for the two sides of an alignment.
//!
//! Main items: [`Source`], [`source_combo`] and [`ref_combo`]. Choosing in [`source_combo`] selects the text
//! for every workspace (the Documents list follows), as a person expects when "the document" is one thing
//! across the app.

use crate::gui::app::AppState;
use crate::gui::command::Command;
use crate::gui::library::Library;
use crate::version::VersionRef;

/// Where a workspace's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The working text of the selected document ([`AppState::working_ref`]).
    Document,
    /// Text typed or pasted into the workspace.
    Pasted,
}

/// A combo box (named `name` for assistive technology) of the selected document's texts and, when
/// `pasted` is given, "Pasted text". Choosing a text selects it for every workspace.
pub fn source_combo(
    ui: &mut egui::Ui,
    id: &str,
    name: &str,
    state: &mut AppState,
    pasted: Option<&mut Source>,
    accept: impl Fn(&VersionRef) -> bool,
) {
    let working = state.working_ref();
    let using_pasted = pasted.as_ref().is_some_and(|s| **s == Source::Pasted);
    let current = if using_pasted {
        "Pasted text".to_string()
    } else {
        working.map_or("no document open".to_string(), |r| state.library.label(&r))
    };
    let refs: Vec<VersionRef> = state
        .selected_doc()
        .map(|d| d.refs())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| accept(r))
        .collect();
    let mut chosen = None;
    let mut choose_pasted = false;
    egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .width(280.0)
        .show_ui(ui, |ui| {
            for r in &refs {
                let on = !using_pasted && working == Some(*r);
                if ui.selectable_label(on, state.library.label(r)).clicked() {
                    chosen = Some(*r);
                }
            }
            if pasted.is_some() && ui.selectable_label(using_pasted, "Pasted text").clicked() {
                choose_pasted = true;
            }
        })
        .response
        .accessible_name(name);
    if let Some(source) = pasted {
        if choose_pasted {
            *source = Source::Pasted;
        } else if chosen.is_some() {
            *source = Source::Document;
        }
    }
    if let Some(r) = chosen {
        state.commands.push(Command::Select {
            target: r,
            explicit: true,
        });
    }
}

/// A combo box (named `name`) choosing one of `refs` into `selected`.
pub fn ref_combo(
    ui: &mut egui::Ui,
    id: &str,
    name: &str,
    library: &Library,
    selected: &mut Option<VersionRef>,
    refs: &[VersionRef],
) {
    let text = selected.map_or("choose…".to_string(), |r| library.label(&r));
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .width(260.0)
        .show_ui(ui, |ui| {
            for r in refs {
                let langs = library
                    .resolve(r)
                    .map(|d| {
                        d.languages()
                            .iter()
                            .filter(|l| **l != crate::document::Lang::Other)
                            .take(2)
                            .map(|l| l.tag())
                            .collect::<Vec<_>>()
                            .join("+")
                    })
                    .unwrap_or_default();
                ui.selectable_value(
                    selected,
                    Some(*r),
                    format!("{} ({langs})", library.label(r)),
                );
            }
        })
        .response
        .accessible_name(name);
}
