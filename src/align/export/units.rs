//! An alignment as translation units: what both the TMX export ([`super::to_tmx`]) and the translation
//! memory ([`super::add_to_memory`]) take from it.
//!
//! [`UnitOptions`] says which beads become units (all paired beads, or only those a person accepted), which
//! Chinese language tag the Chinese side gets (detected from the text unless given: `zh-TW` for Traditional)
//! and the provenance written on every unit: the two file names, their dates, the document's date.
//! [`translation_units`] builds the units. Beads with an empty side are never units: they are not
//! translations of anything; [`translation_units_report`] says which beads were left out and why
//! ([`Skipped`]).

use std::path::Path;

use serde::Serialize;

use crate::align::project::ProjectInfo;
use crate::align::{Alignment, Side};
use crate::convert::script::detect_script;
use crate::tm::unit::{PROP_DOCUMENT_DATE, PROP_ORIGIN, PROP_SOURCE_FILE, PROP_TARGET_FILE};
use crate::tm::{LangTag, Segment, Timestamp, TranslationUnit};

/// Property type for the modification date (`YYYY-MM-DD`, UTC) of the Chinese file.
pub const PROP_SOURCE_FILE_DATE: &str = "x-source-file-date";
/// Property type for the modification date (`YYYY-MM-DD`, UTC) of the English file.
pub const PROP_TARGET_FILE_DATE: &str = "x-target-file-date";
/// Property type for the aligner's confidence in a bead (`0.00`–`1.00`; `1.00` once accepted).
pub const PROP_CONFIDENCE: &str = "x-align-confidence";
/// Property type saying a person accepted the bead in review (`yes` / `no`).
pub const PROP_ACCEPTED: &str = "x-accepted";

/// Which beads become units and what is recorded about where they came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitOptions {
    /// Only beads a person accepted (the GUI's "Add accepted beads to memory"); otherwise every bead with
    /// text on both sides.
    pub accepted_only: bool,
    /// The Chinese side's language; `None` detects it from the text ([`chinese_lang`]).
    pub zh_lang: Option<LangTag>,
    /// The Chinese file's name, written as `x-source-file`.
    pub zh_file: Option<String>,
    /// The English file's name, written as `x-target-file`.
    pub en_file: Option<String>,
    /// When the Chinese file was last changed, written as `x-source-file-date`.
    pub zh_file_date: Option<Timestamp>,
    /// When the English file was last changed, written as `x-target-file-date`.
    pub en_file_date: Option<Timestamp>,
    /// The release's own date (`YYYY-MM-DD`), written as `x-document-date`, when the caller knows it.
    pub document_date: Option<String>,
    /// Creation date of the units; `None` is now.
    pub created: Option<Timestamp>,
    /// `creationid` of the units (a user name); `None` leaves it out.
    pub creation_id: Option<String>,
}

impl UnitOptions {
    /// Provenance from two files on disk: their names (without folders) and modification dates.
    /// Unreadable metadata is left out rather than failing the export.
    pub fn for_files(zh: &Path, en: &Path) -> UnitOptions {
        UnitOptions {
            zh_file: file_name(zh),
            en_file: file_name(en),
            zh_file_date: modified(zh),
            en_file_date: modified(en),
            ..UnitOptions::default()
        }
    }

    /// Provenance from a saved alignment project: its file names (without folders), and the project's
    /// creation date as the units' creation date.
    pub fn for_project(info: &ProjectInfo) -> UnitOptions {
        let name = |f: &Option<String>| f.as_deref().and_then(|f| file_name(Path::new(f)));
        UnitOptions {
            zh_file: name(&info.zh_file),
            en_file: name(&info.en_file),
            created: parse_iso(&info.created),
            ..UnitOptions::default()
        }
    }

    /// The properties every unit (and a TMX header) carries: file names, dates, origin.
    pub fn props(&self) -> Vec<(String, String)> {
        let mut props = vec![(PROP_ORIGIN.to_string(), "alignment".to_string())];
        let mut push = |kind: &str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                props.push((kind.to_string(), v));
            }
        };
        push(PROP_SOURCE_FILE, self.zh_file.clone());
        push(PROP_SOURCE_FILE_DATE, self.zh_file_date.map(date));
        push(PROP_TARGET_FILE, self.en_file.clone());
        push(PROP_TARGET_FILE_DATE, self.en_file_date.map(date));
        push(PROP_DOCUMENT_DATE, self.document_date.clone());
        props
    }
}

/// The Chinese side's language tag: `zh-TW` when its text has more Traditional-only than Simplified-only
/// characters, `zh-CN` otherwise (also when the script cannot be told). Spelling by script (`zh-Hant`) is
/// the writer's choice ([`crate::tm::LangStyle`]).
pub fn chinese_lang(alignment: &Alignment) -> LangTag {
    // A few hundred sentences decide the script as well as the whole document does.
    let sample: String = alignment.zh.iter().take(400).map(String::as_str).collect();
    let report = detect_script(&sample);
    if report.traditional_only > report.simplified_only {
        LangTag::zh_traditional()
    } else {
        LangTag::zh_simplified()
    }
}

/// Why a bead did not become a translation unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SkipReason {
    /// The bead has no sentence on that side (a 1-0 or 0-1 bead).
    NoSide(Side),
    /// That side's sentences are only whitespace.
    Blank(Side),
    /// That side's text is only characters XML 1.0 cannot carry (control characters), which the TMX
    /// writer drops.
    Unwritable(Side),
    /// Only accepted beads were asked for ([`UnitOptions::accepted_only`]).
    NotAccepted,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |s: &Side| match s {
            Side::Zh => "Chinese",
            Side::En => "English",
        };
        match self {
            SkipReason::NoSide(s) => write!(f, "no {} side", name(s)),
            SkipReason::Blank(s) => write!(f, "the {} side is only spaces", name(s)),
            SkipReason::Unwritable(s) => write!(
                f,
                "the {} side is only control characters TMX cannot hold",
                name(s)
            ),
            SkipReason::NotAccepted => write!(f, "not accepted"),
        }
    }
}

/// A bead left out, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The bead's index (0-based; shown 1-based, as the review lists beads).
    pub bead: usize,
    /// Why.
    pub reason: SkipReason,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bead {} ({})", self.bead + 1, self.reason)
    }
}

/// What [`translation_units_report`] made: the units, the bead each came from, and the beads left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitsReport {
    /// The units, in document order.
    pub units: Vec<TranslationUnit>,
    /// For each unit, the index of its bead.
    pub beads: Vec<usize>,
    /// The beads that are not units, in document order.
    pub skipped: Vec<Skipped>,
}

/// The alignment's beads as Chinese → English translation units, in document order, with the provenance
/// of `opts` and each bead's confidence. Beads with an empty side (and, with
/// [`UnitOptions::accepted_only`], beads not accepted) are left out; [`translation_units_report`] says
/// which.
pub fn translation_units(alignment: &Alignment, opts: &UnitOptions) -> Vec<TranslationUnit> {
    translation_units_report(alignment, opts).units
}

/// [`translation_units`], with the bead of each unit and every bead left out with its reason: no
/// sentence on a side, only whitespace on a side, or not accepted when only accepted beads were asked
/// for (checked in that order).
pub fn translation_units_report(alignment: &Alignment, opts: &UnitOptions) -> UnitsReport {
    let zh_lang = opts
        .zh_lang
        .clone()
        .unwrap_or_else(|| chinese_lang(alignment));
    let created = opts.created.unwrap_or_else(Timestamp::now);
    let props = opts.props();
    let mut report = UnitsReport::default();
    for (k, b) in alignment.beads.iter().enumerate() {
        let zh = alignment.zh_text(b);
        let en = alignment.en_text(b);
        let reason = if b.zh.is_empty() {
            Some(SkipReason::NoSide(Side::Zh))
        } else if b.en.is_empty() {
            Some(SkipReason::NoSide(Side::En))
        } else if zh.trim().is_empty() {
            Some(SkipReason::Blank(Side::Zh))
        } else if en.trim().is_empty() {
            Some(SkipReason::Blank(Side::En))
        } else if opts.accepted_only && !b.accepted {
            Some(SkipReason::NotAccepted)
        } else {
            None
        };
        if let Some(reason) = reason {
            report.skipped.push(Skipped { bead: k, reason });
            continue;
        }
        let mut unit = TranslationUnit::new(
            Segment::new(zh_lang.clone(), zh.trim()),
            Segment::new(LangTag::en(), en.trim()),
        )
        .with_created(created);
        unit.props = props.clone();
        unit.props
            .push((PROP_CONFIDENCE.into(), format!("{:.2}", b.confidence)));
        unit.props.push((
            PROP_ACCEPTED.into(),
            if b.accepted { "yes" } else { "no" }.into(),
        ));
        unit.creation_id = opts.creation_id.clone();
        report.units.push(unit);
        report.beads.push(k);
    }
    report
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != "-")
}

fn modified(path: &Path) -> Option<Timestamp> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Timestamp(secs as i64))
}

/// `YYYY-MM-DD` of a timestamp (UTC).
fn date(t: Timestamp) -> String {
    t.to_iso()[..10].to_string()
}

/// Reads `YYYY-MM-DDThh:mm:ssZ`, as the project tables store dates.
fn parse_iso(raw: &str) -> Option<Timestamp> {
    let compact: String = raw.chars().filter(|c| !matches!(c, '-' | ':')).collect();
    Timestamp::parse_tmx(&compact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    fn alignment(zh: &[&str], en: &[&str], beads: Vec<Bead>) -> Alignment {
        Alignment {
            zh: zh.iter().map(|s| s.to_string()).collect(),
            en: en.iter().map(|s| s.to_string()).collect(),
            beads,
        }
    }

    #[test]
    fn chinese_script_decides_the_tag() {
        let cases = [
            (vec!["重庆与加州签署经贸合作谅解备忘录。"], "zh-CN"),
            (vec!["重慶與加州簽署經貿合作諒解備忘錄。"], "zh-TW"),
            // No script-specific character: Simplified, the common case.
            (vec!["中国人口大", "2024"], "zh-CN"),
        ];
        for (zh, want) in cases {
            let a = alignment(&zh, &[], Vec::new());
            assert_eq!(chinese_lang(&a).as_str(), want, "{zh:?}");
        }
    }

    #[test]
    fn beads_become_units_with_provenance() {
        let mut accepted = Bead::new(1..3, 1..2, 1.0);
        accepted.accepted = true;
        let a = alignment(
            &["第一句。", "第二句，", "接着说。", "多余的话。"],
            &["First.", "Second, continued.", "Extra."],
            vec![
                Bead::new(0..1, 0..1, 0.875),
                accepted,
                Bead::new(3..4, 2..2, 0.2),
                Bead::new(4..4, 2..3, 0.2),
            ],
        );
        let opts = UnitOptions {
            zh_file: Some("发布.docx".into()),
            en_file: Some("release.docx".into()),
            zh_file_date: Some(Timestamp(1_735_732_800)),
            document_date: Some("2025-01-01".into()),
            created: Some(Timestamp(1_735_732_800)),
            ..UnitOptions::default()
        };
        let units = translation_units(&a, &opts);
        assert_eq!(units.len(), 2, "null beads are not units");
        assert_eq!(units[0].source.text, "第一句。");
        assert_eq!(units[0].source.lang.as_str(), "zh-CN");
        assert_eq!(units[0].target.lang.as_str(), "en-US");
        assert_eq!(units[1].source.text, "第二句，接着说。");
        assert_eq!(units[1].target.text, "Second, continued.");
        for (kind, want) in [
            (PROP_ORIGIN, Some("alignment")),
            (PROP_SOURCE_FILE, Some("发布.docx")),
            (PROP_TARGET_FILE, Some("release.docx")),
            (PROP_SOURCE_FILE_DATE, Some("2025-01-01")),
            (PROP_TARGET_FILE_DATE, None),
            (PROP_DOCUMENT_DATE, Some("2025-01-01")),
            (PROP_CONFIDENCE, Some("0.88")),
            (PROP_ACCEPTED, Some("no")),
        ] {
            assert_eq!(units[0].prop(kind), want, "{kind}");
        }
        assert_eq!(units[0].created, Some(Timestamp(1_735_732_800)));

        let only = translation_units(
            &a,
            &UnitOptions {
                accepted_only: true,
                ..opts
            },
        );
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].prop(PROP_ACCEPTED), Some("yes"));
    }

    #[test]
    fn every_bead_left_out_is_reported_with_its_reason() {
        let mut accepted = Bead::new(0..1, 0..1, 0.9);
        accepted.accepted = true;
        let a = alignment(
            &["第一句。", "多余的话。", "  ", "第三句。"],
            &["First.", "Extra.", "Third.", "\t"],
            vec![
                accepted,
                Bead::new(1..2, 1..1, 0.2),
                Bead::new(2..2, 1..2, 0.2),
                Bead::new(2..3, 2..3, 0.5),
                Bead::new(3..4, 3..4, 0.5),
            ],
        );
        let skipped = vec![
            (1, SkipReason::NoSide(Side::En)),
            (2, SkipReason::NoSide(Side::Zh)),
            (3, SkipReason::Blank(Side::Zh)),
            (4, SkipReason::Blank(Side::En)),
        ];
        // An empty or blank side is the reason even when only accepted beads are asked for.
        for accepted_only in [false, true] {
            let opts = UnitOptions {
                accepted_only,
                ..UnitOptions::default()
            };
            let r = translation_units_report(&a, &opts);
            assert_eq!(r.units.len(), 1);
            assert_eq!(r.beads, [0]);
            let got: Vec<(usize, SkipReason)> =
                r.skipped.iter().map(|s| (s.bead, s.reason)).collect();
            assert_eq!(got, skipped, "accepted only: {accepted_only}");
            assert_eq!(r.units.len() + r.skipped.len(), a.beads.len());
            assert_eq!(translation_units(&a, &opts), r.units);
        }
        // Every bead with text on both sides is a unit; the others are accounted for.
        let clean = alignment(
            &["一。", "二。", "三。"],
            &["One.", "Two.", "Three."],
            vec![
                Bead::new(0..1, 0..1, 0.9),
                Bead::new(1..2, 1..1, 0.1),
                Bead::new(2..2, 1..2, 0.1),
                Bead::new(2..3, 2..3, 0.3),
            ],
        );
        let r = translation_units_report(&clean, &UnitOptions::default());
        let paired = clean.beads.iter().filter(|b| !b.is_null()).count();
        assert_eq!(r.units.len(), paired);
        let only = translation_units_report(
            &clean,
            &UnitOptions {
                accepted_only: true,
                ..UnitOptions::default()
            },
        );
        assert!(only.units.is_empty());
        assert_eq!(only.skipped[0].to_string(), "bead 1 (not accepted)");
        assert_eq!(only.skipped[1].to_string(), "bead 2 (no English side)");
    }

    #[test]
    fn project_and_file_provenance() {
        let info = ProjectInfo {
            id: 1,
            name: "p".into(),
            zh_file: Some("/data/releases/发布.txt".into()),
            en_file: None,
            created: "2025-01-01T12:00:00Z".into(),
            modified: "2025-01-02T12:00:00Z".into(),
            beads: 0,
        };
        let o = UnitOptions::for_project(&info);
        assert_eq!(o.zh_file.as_deref(), Some("发布.txt"));
        assert_eq!(o.en_file, None);
        assert_eq!(o.created, Some(Timestamp(1_735_732_800)));

        let dir = tempfile::tempdir().unwrap();
        let (zh, en) = (dir.path().join("zh.txt"), dir.path().join("en.txt"));
        std::fs::write(&zh, "中文").unwrap();
        let o = UnitOptions::for_files(&zh, &en);
        assert_eq!(o.zh_file.as_deref(), Some("zh.txt"));
        assert!(o.zh_file_date.is_some());
        assert_eq!(o.en_file.as_deref(), Some("en.txt"));
        assert_eq!(o.en_file_date, None, "missing file: no date, no failure");
    }
}
