//! The search box and filters of the Memory workspace, turned into the library's [`UnitFilter`].
//!
//! The text search is the library's: blind to script, width and case (兩江 finds 两江), so this module
//! only gathers what the user typed. Dates are typed as `YYYY-MM-DD`; a date that does not parse is
//! shown in the error colour and left out of the filter rather than silently matching nothing.

use crate::gui::widgets;
use crate::tm::{Origin, Side, Timestamp, UnitFilter, UnitOrder};

/// What the user asked to see.
#[derive(Default)]
pub struct Filters {
    /// The search text.
    pub query: String,
    side: Option<Side>,
    /// The origin kind and (when not empty) its detail.
    pub origin: Option<(Origin, String)>,
    author: String,
    since: String,
    until: String,
    order: UnitOrder,
}

/// Seconds in a day: "until 2025-03-01" includes that day.
const DAY: i64 = 86_400;

/// `YYYY-MM-DD` (or `YYYYMMDD`) as the start of that day, UTC.
pub fn parse_day(text: &str) -> Option<Timestamp> {
    let digits: String = text.trim().chars().filter(|c| *c != '-').collect();
    Timestamp::parse_tmx(&format!("{digits}T000000Z"))
}

/// How an origin is named in lists: its kind, then its detail.
pub fn origin_label(origin: Origin, detail: &str) -> String {
    let kind = match origin {
        Origin::Alignment => "Alignment",
        Origin::TmxImport => "TMX file",
        Origin::Translation => "Translation",
    };
    if detail.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}

impl Filters {
    /// The filter the library applies.
    pub fn filter(&self) -> UnitFilter {
        let text = self.query.trim();
        let author = self.author.trim();
        UnitFilter {
            text: (!text.is_empty()).then(|| text.to_string()),
            side: self.side,
            origin: self.origin.as_ref().map(|o| o.0),
            origin_detail: self
                .origin
                .as_ref()
                .filter(|o| !o.1.is_empty())
                .map(|o| o.1.clone()),
            author: (!author.is_empty()).then(|| author.to_string()),
            since: parse_day(&self.since),
            until: parse_day(&self.until).map(|t| Timestamp(t.0 + DAY)),
            order: self.order,
        }
    }

    /// Draws the search box and the filter row. `origins` is offered in the origin list (kind, detail,
    /// units); `load_origins` fills it when the list is opened, so the grouping query runs only then.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        origins: &[(Origin, String, usize)],
        load_origins: &mut bool,
    ) {
        ui.add(
            egui::TextEdit::singleline(&mut self.query)
                .id_salt("memory_search")
                .hint_text(widgets::hint(
                    "Search either side, any script or width — e.g. 两江新区, 兩江, liangjiang",
                ))
                .desired_width(ui.available_width()),
        )
        .accessible_name("Search the memory");
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_id_salt("memory_side")
                .selected_text(match self.side {
                    None => "Either side",
                    Some(Side::Source) => "Source only",
                    Some(Side::Target) => "Target only",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.side, None, "Either side");
                    ui.selectable_value(&mut self.side, Some(Side::Source), "Source only");
                    ui.selectable_value(&mut self.side, Some(Side::Target), "Target only");
                })
                .response
                .accessible_name("Search in");
            let shown = self
                .origin
                .as_ref()
                .map_or("All origins".to_string(), |(o, d)| origin_label(*o, d));
            let combo = egui::ComboBox::from_id_salt("memory_origin")
                .selected_text(shown)
                .width(170.0)
                .show_ui(ui, |ui| {
                    // Opening the list is what asks for the origins (one grouping over the memory).
                    *load_origins = true;
                    ui.selectable_value(&mut self.origin, None, "All origins");
                    for (o, d, n) in origins {
                        let label = format!("{} ({n})", origin_label(*o, d));
                        ui.selectable_value(&mut self.origin, Some((*o, d.clone())), label);
                    }
                });
            combo.response.accessible_name("Origin filter");
            ui.add(
                egui::TextEdit::singleline(&mut self.author)
                    .id_salt("memory_author")
                    .hint_text(widgets::hint("author"))
                    .desired_width(90.0),
            )
            .accessible_name("Author filter");
            for (text, id, name, hint) in [
                (&mut self.since, "memory_since", "Changed since", "since YYYY-MM-DD"),
                (&mut self.until, "memory_until", "Changed until", "until YYYY-MM-DD"),
            ] {
                let bad = !text.trim().is_empty() && parse_day(text).is_none();
                let mut edit = egui::TextEdit::singleline(text)
                    .id_salt(id)
                    .hint_text(widgets::hint(hint))
                    .desired_width(100.0);
                if bad {
                    edit = edit.text_color(ui.visuals().error_fg_color);
                }
                ui.add(edit)
                    .accessible_name(name)
                    .on_hover_text("Created or last changed on this day or after (since), or up to and including it (until); YYYY-MM-DD");
            }
            egui::ComboBox::from_id_salt("memory_order")
                .selected_text(match self.order {
                    UnitOrder::Oldest => "Oldest first",
                    UnitOrder::Newest => "Newest first",
                    UnitOrder::MostUsed => "Most used first",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.order, UnitOrder::Oldest, "Oldest first");
                    ui.selectable_value(&mut self.order, UnitOrder::Newest, "Newest first");
                    ui.selectable_value(&mut self.order, UnitOrder::MostUsed, "Most used first");
                })
                .response
                .accessible_name("Order");
            if !self.filter().is_everything() && ui.button("Clear filters").clicked() {
                *self = Filters {
                    order: self.order,
                    ..Filters::default()
                };
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_and_until_takes_the_whole_day() {
        assert_eq!(parse_day("1970-01-02"), Some(Timestamp(DAY)));
        assert_eq!(parse_day("19700102"), Some(Timestamp(DAY)));
        assert_eq!(parse_day("2 Jan"), None);
        let f = Filters {
            until: "1970-01-01".into(),
            query: "  ".into(),
            ..Filters::default()
        };
        let filter = f.filter();
        assert_eq!(filter.until, Some(Timestamp(DAY)));
        assert_eq!(filter.text, None);
    }
}
