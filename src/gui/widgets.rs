//! Small widgets and layout helpers shared by the workspaces: language badges, empty-state hints, and the
//! row-height estimate that lets long tables lay out only their visible rows.

use crate::document::Lang;
use crate::glossary::TermMatch;

use super::shared_glossary::SharedGlossary;

/// Estimated width of `text` in ems: Chinese and full-width characters are one em, Latin letters a bit over
/// half. Errs on the wide side so estimated rows are never too short for their text.
pub fn estimate_ems(text: &str) -> f32 {
    text.chars()
        .map(|c| match c {
            ' ' | '.' | ',' | '\'' | 'i' | 'l' | 'j' | 't' | 'f' | 'r' | '|' | '!' | ':' | ';' => {
                0.32
            }
            'A'..='Z' | 'm' | 'w' | '@' | '%' => 0.72,
            c if c.is_ascii() => 0.56,
            c if (c as u32) < 0x2E80 => 0.62,
            _ => 1.0,
        })
        .sum()
}

/// Height of a table row holding text of `ems` width (at `font_size`) in a column `width` points wide,
/// where a line of text is `line_height` points high.
pub fn row_height(ems: f32, font_size: f32, line_height: f32, width: f32) -> f32 {
    // 8% slack for word wrapping, which breaks lines before the edge.
    let lines = ((ems * font_size * 1.08) / width).ceil().max(1.0);
    lines * line_height + 6.0
}

/// Row heights for a virtualised table of wrapped text: a row's height is estimated until it has been
/// drawn, then it is the height its content took, so rows are neither cut nor followed by blank bands.
/// Estimates are made once (a table of 50,000 rows gives every height every frame) and, like the
/// measurements, forgotten when the column width or the number of rows changes; a row whose content
/// changed is measured again the next time it is drawn.
#[derive(Default)]
pub struct RowHeights {
    width: f32,
    /// Per row: the measured height, a negated estimate, or 0 for neither yet.
    known: Vec<std::cell::Cell<f32>>,
    changed: std::cell::Cell<bool>,
}

impl RowHeights {
    /// Padding above and below a row's content.
    const PADDING: f32 = 6.0;

    /// Starts a frame of a table with `rows` rows whose text column is `width` points wide.
    pub fn prepare(&mut self, rows: usize, width: f32) {
        if (width - self.width).abs() > 0.5 || rows != self.known.len() {
            self.width = width;
            self.known = vec![std::cell::Cell::new(0.0); rows];
        }
        self.changed.set(false);
    }

    /// The height of row `i`: measured, or `estimate` of a row not drawn yet.
    pub fn height(&self, i: usize, estimate: impl FnOnce() -> f32) -> f32 {
        let Some(slot) = self.known.get(i) else {
            return estimate();
        };
        match slot.get() {
            h if h > 0.0 => h,
            h if h < 0.0 => -h,
            _ => {
                let h = estimate().max(1.0);
                slot.set(-h);
                h
            }
        }
    }

    /// Records that row `i`'s tallest cell content was `content` points high.
    pub fn record(&self, i: usize, content: f32) {
        if let Some(slot) = self.known.get(i) {
            let h = content.ceil() + Self::PADDING;
            let was = slot.get();
            if was != h {
                // A row drawn at another height than it was given is laid out again.
                if (was.abs() - h).abs() > 0.5 {
                    self.changed.set(true);
                }
                slot.set(h);
            }
        }
    }

    /// Asks for another frame if a drawn row turned out to need another height than it was given, so the
    /// table is laid out again with it.
    pub fn finish(&self, ctx: &egui::Context) {
        if self.changed.get() {
            ctx.request_repaint();
        }
    }
}

/// The fingerprint of the text a view shows, computed once per loaded text: hashing a long release every
/// frame costs more than drawing it. The text is held (an `Arc`), so a new text is never taken for it.
#[derive(Default)]
pub struct TextFingerprint(Option<(std::sync::Arc<crate::document::Document>, u64)>);

impl TextFingerprint {
    /// The fingerprint of `doc`'s text.
    pub fn of(&mut self, doc: &std::sync::Arc<crate::document::Document>) -> u64 {
        match &self.0 {
            Some((d, h)) if std::sync::Arc::ptr_eq(d, doc) => *h,
            _ => {
                let h = crate::fingerprint::of_text(&doc.text);
                self.0 = Some((doc.clone(), h));
                h
            }
        }
    }
}

/// A coloured badge with a language tag.
pub fn lang_badge(ui: &mut egui::Ui, lang: Lang) {
    let dark = ui.visuals().dark_mode;
    let color = match (lang, dark) {
        (Lang::ZhHans, false) => egui::Color32::from_rgb(0x1f, 0x5f, 0xbf),
        (Lang::ZhHans, true) => egui::Color32::from_rgb(0x7f, 0xb0, 0xff),
        (Lang::ZhHant, false) => egui::Color32::from_rgb(0x7a, 0x2f, 0xb0),
        (Lang::ZhHant, true) => egui::Color32::from_rgb(0xc8, 0x9c, 0xff),
        (Lang::En, false) => egui::Color32::from_rgb(0x1e, 0x7a, 0x3c),
        (Lang::En, true) => egui::Color32::from_rgb(0x7c, 0xd6, 0x92),
        (Lang::Mixed, false) => egui::Color32::from_rgb(0xa8, 0x5a, 0x00),
        (Lang::Mixed, true) => egui::Color32::from_rgb(0xff, 0xb8, 0x5c),
        (Lang::Other, _) => ui.visuals().weak_text_color(),
    };
    ui.label(egui::RichText::new(lang.tag()).color(color).monospace());
}

/// Where a workspace's text comes from: the document selected in the Documents list, or pasted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSource {
    /// The selected document.
    Document,
    /// Text typed or pasted into the workspace.
    Pasted,
}

/// A combo box choosing the [`TextSource`], named `name` for assistive technology.
pub fn text_source_combo(
    ui: &mut egui::Ui,
    id: &str,
    name: &str,
    source: &mut TextSource,
    doc_name: Option<&str>,
) {
    let doc_label = doc_name.map_or("the selected document (none)".to_string(), str::to_owned);
    egui::ComboBox::from_id_salt(id)
        .selected_text(match source {
            TextSource::Document => doc_label.clone(),
            TextSource::Pasted => "Pasted text".to_string(),
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(source, TextSource::Document, doc_label);
            ui.selectable_value(source, TextSource::Pasted, "Pasted text");
        })
        .response
        .accessible_name(name);
}

/// The outcome of the last action (`true` = it went well): plain text, or in the error colour.
pub fn message(ui: &mut egui::Ui, message: &Option<(bool, String)>) {
    if let Some((ok, text)) = message {
        let color = if *ok {
            ui.visuals().text_color()
        } else {
            ui.visuals().error_fg_color
        };
        ui.colored_label(color, text);
    }
}

/// "1 row", "3 rows": a count with its noun, pluralised the English way (`s`; `es` after s, x, ch, sh;
/// `ies` for a consonant and y).
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    if let Some(stem) = noun.strip_suffix('y') {
        if stem.chars().last().is_some_and(|c| !"aeiou".contains(c)) {
            return format!("{n} {stem}ies");
        }
    }
    let es = ["s", "x", "ch", "sh"].iter().any(|e| noun.ends_with(e));
    format!("{n} {noun}{}", if es { "es" } else { "s" })
}

/// Hint text for an empty text box, set apart from typed text: italic, in the weak colour the box gives
/// it, so an example ("e.g. 两江新区") is never taken for a value already filled in.
pub fn hint(text: &str) -> egui::RichText {
    egui::RichText::new(text).italics()
}

/// A question in a modal window: `heading`, the `lines` that explain it, and two buttons. Returns
/// `Some(true)` for `yes`, `Some(false)` for `no` (or Escape), `None` while unanswered.
pub fn ask(
    ctx: &egui::Context,
    id: impl std::hash::Hash + std::fmt::Debug,
    heading: &str,
    lines: &[String],
    yes: &str,
    no: &str,
) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(heading);
        ui.add_space(4.0);
        for line in lines {
            ui.label(line);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(yes).clicked() {
                answer = Some(true);
            }
            if ui.button(no).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    answer
}

/// A centred title and explanation for an empty workspace.
pub fn empty_hint(ui: &mut egui::Ui, title: &str, text: &str) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.25);
        ui.heading(title);
        ui.add_space(6.0);
        ui.label(text);
    });
}

/// Draws `text` wrapped, with glossary terms underlined on a tinted background; hovering a term shows its
/// entry. Returns the terms found, for callers that check translations.
pub fn term_text(
    ui: &mut egui::Ui,
    text: &str,
    glossary: Option<&SharedGlossary>,
) -> Vec<TermMatch> {
    let matches = glossary.map(|g| g.find(text)).unwrap_or_default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let plain = egui::TextFormat::simple(font, color);
    let term = egui::TextFormat {
        underline: egui::Stroke::new(1.0, ui.visuals().hyperlink_color),
        background: ui.visuals().hyperlink_color.gamma_multiply(0.12),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    let mut pos = 0;
    for m in &matches {
        if m.range.start < pos {
            continue;
        }
        job.append(&text[pos..m.range.start], 0.0, plain.clone());
        job.append(&text[m.range.clone()], 0.0, term.clone());
        pos = m.range.end;
    }
    job.append(&text[pos..], 0.0, plain);
    job.wrap.max_width = ui.available_width();
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let (rect, response) = ui.allocate_exact_size(galley.size(), egui::Sense::hover());
    // Painted by hand for the per-term tooltips, so tell assistive technology (and tests) what it says.
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    ui.painter().galley(rect.min, galley.clone(), color);
    if let (Some(pointer), Some(g)) = (response.hover_pos(), glossary) {
        let cursor = galley.cursor_from_pos(pointer - rect.min);
        let byte = text
            .char_indices()
            .nth(cursor.index.0)
            .map_or(text.len(), |(b, _)| b);
        if let Some(m) = matches.iter().find(|m| m.range.contains(&byte)) {
            if let Some(description) = g.describe(m.entry) {
                response.on_hover_text_at_pointer(description);
            }
        }
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_wider_than_latin_per_character() {
        assert!(estimate_ems("两江新区") > estimate_ems("abcd"));
        assert_eq!(
            row_height(0.0, 12.5, 16.0, 400.0),
            row_height(10.0, 12.5, 16.0, 400.0)
        );
        assert!(row_height(200.0, 12.5, 16.0, 400.0) > row_height(10.0, 12.5, 16.0, 400.0));
    }

    #[test]
    fn measured_rows_replace_their_estimate_until_the_width_changes() {
        let mut h = RowHeights::default();
        h.prepare(3, 400.0);
        assert_eq!(h.height(1, || 50.0), 50.0);
        h.record(1, 16.2);
        assert_eq!(h.height(1, || 50.0), 23.0);
        assert_eq!(
            h.height(0, || 50.0),
            50.0,
            "rows not drawn keep their estimate"
        );
        assert_eq!(h.height(0, || 70.0), 50.0, "estimated once");
        h.prepare(3, 400.2);
        assert_eq!(h.height(1, || 50.0), 23.0, "same width: kept");
        h.prepare(3, 300.0);
        assert_eq!(h.height(1, || 50.0), 50.0, "another width: measured again");
    }

    #[test]
    fn counts_are_pluralised() {
        let cases = [
            (1, "row", "1 row"),
            (0, "row", "0 rows"),
            (2, "match", "2 matches"),
            (3, "box", "3 boxes"),
            (1, "unit", "1 unit"),
            (4, "entry", "4 entries"),
            (2, "day", "2 days"),
        ];
        for (n, noun, want) in cases {
            assert_eq!(plural(n, noun), want);
        }
    }
}
