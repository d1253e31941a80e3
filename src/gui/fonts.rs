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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the app writes itself (in the string literals of `src/gui`) has a glyph in the
    /// fonts it ships: a symbol outside them showed as a box (a warning sign once did).
    #[test]
    fn every_character_the_app_writes_has_a_glyph() {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        // Fonts are loaded by the first frame.
        let mut frame = ctx.run_ui(egui::RawInput::default(), |_| {});
        // Nothing paints here; the font atlas upload is dropped on purpose (epaint checks in debug builds).
        frame.textures_delta.clear();
        let mut chars = std::collections::BTreeMap::<char, String>::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                    // Only what is inside string literals is shown to the user.
                    for (i, quoted) in line.split('"').enumerate() {
                        if i % 2 == 1 {
                            for c in quoted.chars().filter(|c| !c.is_ascii()) {
                                chars.entry(c).or_insert_with(|| path.display().to_string());
                            }
                        }
                    }
                }
            }
        }
        assert!(chars.contains_key(&'→'), "the scan reads the sources");
        let body = egui::FontId::proportional(14.0);
        let missing: Vec<String> = ctx.fonts_mut(|f| {
            chars
                .iter()
                .filter(|(c, _)| !f.has_glyph(&body, **c))
                .map(|(c, file)| format!("{c} (U+{:04X}) in {file}", *c as u32))
                .collect()
        });
        assert!(missing.is_empty(), "no glyph for: {missing:?}");
    }
}
