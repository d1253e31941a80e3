//! An alignment as a TMX 1.4b translation memory, through the project's TMX writer ([`crate::tm::tmx`]).
//!
//! [`TmxOptions`] adds the spelling of Chinese language tags ([`LangStyle`]: `zh-CN` / `zh-TW` by default,
//! `zh-Hans` / `zh-Hant` as an option) to the [`UnitOptions`] that choose the beads and their provenance.
//! The header carries every TMX 1.4b attribute, `srclang` the Chinese tag, and the same file-name and date
//! properties as the units. [`TmxSummary`] says how many units were written and which beads were left
//! out, and why: a TMX that silently drops a bead now and then cannot be trusted.

use std::path::Path;

use serde::Serialize;

use super::units::{
    SkipReason, Skipped, UnitOptions, UnitsReport, chinese_lang, translation_units_report,
};
use crate::align::{Alignment, Side};
use crate::tm::tmx::writable;
use crate::tm::tmx::{self, TmxHeader, WriteSummary};
use crate::tm::{LangStyle, Timestamp};
use crate::{NoProgress, Progress, Result};

/// Options of [`to_tmx`] and [`write_tmx`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TmxOptions {
    /// Which beads, which Chinese tag, and the provenance of every unit.
    pub units: UnitOptions,
    /// How Chinese `xml:lang` values are spelled: `zh-CN`/`zh-TW` ([`LangStyle::Region`], the default) or
    /// `zh-Hans`/`zh-Hant` ([`LangStyle::Script`]).
    pub lang_style: LangStyle,
}

/// The TMX header for an alignment: Chinese as the source language, the provenance as properties.
pub fn tmx_header(alignment: &Alignment, opts: &TmxOptions) -> TmxHeader {
    let zh_lang = opts
        .units
        .zh_lang
        .clone()
        .unwrap_or_else(|| chinese_lang(alignment));
    let mut header = TmxHeader::new(zh_lang);
    header.lang_style = opts.lang_style;
    header.creation_date = Some(opts.units.created.unwrap_or_else(Timestamp::now));
    header.props = opts.units.props();
    header
}

/// What a TMX export of an alignment did: units written, beads left out and why, beads written with
/// characters XML cannot carry removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TmxSummary {
    /// Units written.
    pub written: usize,
    /// Beads left out, in document order.
    pub skipped: Vec<Skipped>,
    /// Beads written with control characters (which XML 1.0 cannot carry) dropped from their text.
    pub stripped: Vec<usize>,
}

impl std::fmt::Display for TmxSummary {
    /// `wrote 12 units; skipped 2 beads: bead 4 (no English side), bead 9 (not accepted)` (beads
    /// numbered from 1, as the review shows them).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        write!(f, "wrote {}", plural(self.written, "unit"))?;
        if !self.skipped.is_empty() {
            write!(f, "; skipped {}: ", plural(self.skipped.len(), "bead"))?;
            for (k, s) in self.skipped.iter().enumerate() {
                write!(f, "{}{s}", if k == 0 { "" } else { ", " })?;
            }
        }
        if !self.stripped.is_empty() {
            let beads: Vec<String> = self.stripped.iter().map(|b| (b + 1).to_string()).collect();
            write!(
                f,
                "; control characters removed from bead{} {}",
                if beads.len() == 1 { "" } else { "s" },
                beads.join(", ")
            )?;
        }
        Ok(())
    }
}

/// The alignment as TMX 1.4b text (UTF-8). Beads with an empty side are left out; [`to_tmx_report`]
/// says which.
pub fn to_tmx(alignment: &Alignment, opts: &TmxOptions) -> String {
    to_tmx_report(alignment, opts).0
}

/// [`to_tmx`], with what was written and what was left out.
pub fn to_tmx_report(alignment: &Alignment, opts: &TmxOptions) -> (String, TmxSummary) {
    let opts = fixed_date(opts);
    let header = tmx_header(alignment, &opts);
    let report = translation_units_report(alignment, &opts.units);
    let mut buf = Vec::new();
    // Writing into memory fails only on cancellation, which NoProgress never asks for.
    match tmx::write_to(
        &mut buf,
        Path::new("-"),
        &header,
        &report.units,
        &mut NoProgress,
    ) {
        Ok(written) => (
            String::from_utf8_lossy(&buf).into_owned(),
            summary(report, &written),
        ),
        Err(_) => (String::new(), TmxSummary::default()),
    }
}

/// Writes the alignment as TMX 1.4b to `path`, atomically; `progress` may cancel ([`crate::Error::Cancelled`],
/// the old file stays whole).
pub fn write_tmx(
    path: &Path,
    alignment: &Alignment,
    opts: &TmxOptions,
    progress: &mut dyn Progress,
) -> Result<TmxSummary> {
    let opts = fixed_date(opts);
    let header = tmx_header(alignment, &opts);
    let report = translation_units_report(alignment, &opts.units);
    let written = tmx::write(path, &header, &report.units, progress)?;
    Ok(summary(report, &written))
}

/// The beads the units report and the writer left out, together and in order.
fn summary(report: UnitsReport, written: &WriteSummary) -> TmxSummary {
    let mut skipped = report.skipped;
    for &u in &written.skipped {
        let unit = &report.units[u];
        let side = if writable(&unit.source.text) {
            Side::En
        } else {
            Side::Zh
        };
        skipped.push(Skipped {
            bead: report.beads[u],
            reason: SkipReason::Unwritable(side),
        });
    }
    skipped.sort_by_key(|s| s.bead);
    TmxSummary {
        written: written.written,
        skipped,
        stripped: written.stripped.iter().map(|&u| report.beads[u]).collect(),
    }
}

/// The options with "now" fixed once, so that the header and every unit carry the same date.
fn fixed_date(opts: &TmxOptions) -> TmxOptions {
    let mut opts = opts.clone();
    opts.units.created.get_or_insert_with(Timestamp::now);
    opts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::tm::tmx::read_bytes;
    use crate::tm::unit::PROP_SOURCE_FILE;
    use crate::tm::{LangTag, Segment};

    fn sample(zh: &[&str]) -> Alignment {
        Alignment {
            zh: zh.iter().map(|s| s.to_string()).collect(),
            en: vec!["Trade grew & so did <investment>.".into(), "Extra.".into()],
            beads: vec![Bead::new(0..1, 0..1, 0.9), Bead::new(1..1, 1..2, 0.1)],
        }
    }

    #[test]
    fn tags_by_script_and_style() {
        let cases = [
            ("贸易增长，投资也增长。", LangStyle::Region, "zh-CN"),
            ("貿易增長，投資也增長。", LangStyle::Region, "zh-TW"),
            ("贸易增长，投资也增长。", LangStyle::Script, "zh-Hans"),
            ("貿易增長，投資也增長。", LangStyle::Script, "zh-Hant"),
        ];
        for (zh, style, tag) in cases {
            let opts = TmxOptions {
                lang_style: style,
                units: UnitOptions {
                    zh_file: Some("发布.txt".into()),
                    created: Some(Timestamp(1_735_732_800)),
                    ..UnitOptions::default()
                },
            };
            let xml = to_tmx(&sample(&[zh]), &opts);
            for want in [
                format!("srclang=\"{tag}\""),
                format!("<tuv xml:lang=\"{tag}\"><seg>{zh}</seg></tuv>"),
                "<tuv xml:lang=\"en-US\"><seg>Trade grew &amp; so did &lt;investment&gt;.</seg>"
                    .into(),
                "creationdate=\"20250101T120000Z\"".into(),
                "<prop type=\"x-source-file\">发布.txt</prop>".into(),
                "o-tmf=\"Duizhao\"".into(),
            ] {
                assert!(xml.contains(&want), "{want} missing from\n{xml}");
            }
            assert_eq!(xml.matches("<tu ").count(), 1, "the 0-1 bead is left out");
            let doc = read_bytes(Path::new("a.tmx"), xml.as_bytes(), &mut NoProgress).unwrap();
            let back = doc.bilingual_units();
            assert_eq!(back.len(), 1);
            assert_eq!(
                back[0].source,
                Segment::new(LangTag::parse(tag).unwrap(), zh)
            );
            assert_eq!(back[0].prop(PROP_SOURCE_FILE), Some("发布.txt"));
            assert_eq!(doc.header.props, opts.units.props());
        }
    }

    #[test]
    fn the_summary_names_every_bead_left_out() {
        let a = Alignment {
            zh: vec![
                "第一句。".into(),
                "多余。".into(),
                "\u{1}".into(),
                "铃\u{7}声。".into(),
            ],
            en: vec!["First.".into(), "Control.".into(), "Bell.".into()],
            beads: vec![
                Bead::new(0..1, 0..1, 0.9),
                Bead::new(1..2, 1..1, 0.2),
                Bead::new(2..3, 1..2, 0.5),
                Bead::new(3..4, 2..3, 0.5),
            ],
        };
        let (xml, s) = to_tmx_report(&a, &TmxOptions::default());
        assert_eq!(s.written, 2);
        assert_eq!(xml.matches("<tu ").count(), s.written);
        let got: Vec<(usize, SkipReason)> = s.skipped.iter().map(|k| (k.bead, k.reason)).collect();
        assert_eq!(
            got,
            [
                (1, SkipReason::NoSide(Side::En)),
                (2, SkipReason::Unwritable(Side::Zh))
            ]
        );
        assert_eq!(s.stripped, [3]);
        assert_eq!(
            s.to_string(),
            "wrote 2 units; skipped 2 beads: bead 2 (no English side), bead 3 (the Chinese side is \
             only control characters TMX cannot hold); control characters removed from bead 4"
        );
        let dir = tempfile::tempdir().unwrap();
        let written = write_tmx(
            &dir.path().join("a.tmx"),
            &a,
            &TmxOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!(written, s);
        let one = TmxSummary {
            written: 1,
            ..TmxSummary::default()
        };
        assert_eq!(one.to_string(), "wrote 1 unit");
    }

    #[test]
    fn write_is_atomic_and_cancellable() {
        struct Stop;
        impl Progress for Stop {
            fn advance(&mut self, _n: u64) -> bool {
                false
            }
        }
        let zh: Vec<String> = (0..600).map(|i| format!("第{i}句。")).collect();
        let en: Vec<String> = (0..600).map(|i| format!("Sentence {i}.")).collect();
        let beads = (0..600)
            .map(|i| Bead::new(i..i + 1, i..i + 1, 0.9))
            .collect();
        let a = Alignment { zh, en, beads };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tmx");
        std::fs::write(&path, "old").unwrap();
        let err = write_tmx(&path, &a, &TmxOptions::default(), &mut Stop).unwrap_err();
        assert!(matches!(err, crate::Error::Cancelled), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let s = write_tmx(&path, &a, &TmxOptions::default(), &mut NoProgress).unwrap();
        assert_eq!(s.written, 600);
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("第599句。")
        );
    }
}
