//! Fonts: egui's defaults, then the bundled Noto Sans CJK subset as a fallback for Chinese, so Simplified
//! and Traditional Chinese render on a machine with no CJK font installed. Characters outside the subset
//! fall back further to the system's fonts (eframe's `system_fonts`).

/// The bundled CJK font (GB2312 + Big5-HKSCS subset of Noto Sans CJK SC, OFL; see `assets/fonts`).
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Duizhao-Subset.otf");

/// Name under which the bundled font is registered.
pub const CJK_FONT_NAME: &str = "noto-sans-cjk-sc-subset";

/// Adds the bundled CJK font after egui's default fonts, in both families.
///
/// Tests call this too (through `with_context_setup`): egui_kittest panics on a missing glyph otherwise.
pub fn install_fonts(ctx: &egui::Context) {
    use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
    ctx.add_font(FontInsert::new(
        CJK_FONT_NAME,
        egui::FontData::from_static(CJK_FONT),
        vec![
            InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
