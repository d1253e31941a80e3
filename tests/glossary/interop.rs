//! Every TBX and glossary file in `../shared/conformance/interop` (tbx, glossary_tsv, and the handmade TBX
//! files) is either imported — with a known number of entries — or rejected with a reason and a line.

use std::path::{Path, PathBuf};

use duizhao::NoProgress;
use duizhao::glossary::{ImportOptions, Outcome};

use super::empty_glossary;

/// What must happen to a file.
enum Expect {
    /// Imported: entries added, rows skipped (e.g. one language only).
    Imported { added: usize, skipped: usize },
    /// Rejected at this line with a message containing the text.
    Rejected { line: usize, says: &'static str },
}
use Expect::*;

const EXPECTED: &[(&str, Expect)] = &[
    (
        "glossary_tsv/omegat/test-magiccomment-bom.tab",
        Imported {
            added: 0,
            skipped: 0,
        },
    ),
    (
        "glossary_tsv/omegat/test-magiccomment.tab",
        Imported {
            added: 0,
            skipped: 0,
        },
    ),
    (
        "glossary_tsv/omegat/test.csv",
        Imported {
            added: 7,
            skipped: 0,
        },
    ),
    (
        "glossary_tsv/omegat/test.tab",
        Imported {
            added: 4,
            skipped: 0,
        },
    ),
    (
        "glossary_tsv/omegat/testUTF16LE.txt",
        Imported {
            added: 2,
            skipped: 0,
        },
    ),
    (
        "handmade/bad_v2_emptylangset.tbx",
        Rejected {
            line: 16,
            says: "has no <tig> or <ntig>",
        },
    ),
    (
        "handmade/bad_v3_numeric_id.tbx",
        Rejected {
            line: 8,
            says: "not a valid XML id",
        },
    ),
    (
        "handmade/bad_v3_order.tbx",
        Rejected {
            line: 15,
            says: "<term> must come first",
        },
    ),
    (
        "handmade/bad_v3_underscore_lang.tbx",
        Rejected {
            line: 10,
            says: "zh_CN",
        },
    ),
    (
        "handmade/glossary_v2.tbx",
        Imported {
            added: 3,
            skipped: 0,
        },
    ),
    (
        "handmade/glossary_v3.tbx",
        Imported {
            added: 2,
            skipped: 0,
        },
    ),
    (
        "tbx/ltac_basic/Example_Astronomy_DCA_VALID.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_basic/Example_Astronomy_DCT_VALID.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_min/Example_Astronomy_DCA_VALID.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_min/Example_Astronomy_DCT_VALID.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_test_files/basic_bad.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_test_files/basic_good.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_test_files/core_structure_bad.tbx",
        Rejected {
            line: 15,
            says: "must be wrapped in <p>",
        },
    ),
    (
        "tbx/ltac_test_files/core_structure_good.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_test_files/min_bad.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_test_files/min_good.tbx",
        Imported {
            added: 39,
            skipped: 6,
        },
    ),
    (
        "tbx/ltac_test_files/poorly_formed_xml.tbx",
        Rejected {
            line: 42,
            says: "not well-formed XML",
        },
    ),
    (
        "tbx/okapi_vendor/ibm_tbx.tbx",
        Imported {
            added: 5,
            skipped: 0,
        },
    ),
    (
        "tbx/okapi_vendor/maryland.tbx",
        Imported {
            added: 1,
            skipped: 0,
        },
    ),
    (
        "tbx/okapi_vendor/medtronic_TBX.tbx",
        Imported {
            added: 3,
            skipped: 0,
        },
    ),
    (
        "tbx/okapi_vendor/oracle_TBX.tbx",
        Imported {
            added: 2,
            skipped: 0,
        },
    ),
    (
        "tbx/okapi_vendor/sdl_tbx.tbx",
        Imported {
            added: 179,
            skipped: 44,
        },
    ),
    (
        "tbx/okapi_vendor/test01.tbx",
        Imported {
            added: 1,
            skipped: 0,
        },
    ),
    (
        "tbx/okapi_vendor/test02_win1254.tbx",
        Imported {
            added: 1,
            skipped: 0,
        },
    ),
    (
        "tbx/omegat/sampleTBXfile.tbx",
        Imported {
            added: 1,
            skipped: 0,
        },
    ),
];

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_interop_glossary_file_is_imported_or_rejected_with_a_line() {
    let interop = crate::conformance_or_skip!("interop");
    let mut files = Vec::new();
    files_under(&interop.join("tbx"), &mut files);
    files_under(&interop.join("glossary_tsv"), &mut files);
    for f in std::fs::read_dir(interop.join("handmade"))
        .unwrap()
        .flatten()
    {
        if f.path().extension().is_some_and(|e| e == "tbx") {
            files.push(f.path());
        }
    }
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&interop)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some((_, expect)) = EXPECTED.iter().find(|(name, _)| *name == rel) else {
            failures.push(format!("{rel}: not in the expectation table"));
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        let mut g = empty_glossary(dir.path());
        let result = g.import(file, &ImportOptions::default(), &mut NoProgress);
        let got = match &result {
            Ok(r) => format!("imported: {} ({} warnings)", r.summary(), r.warnings.len()),
            Err(e) => format!("rejected: {e}"),
        };
        eprintln!("{rel}: {got}");
        let ok = match (expect, &result) {
            (Imported { added, skipped }, Ok(r)) => {
                r.count(Outcome::Added) == *added
                    && r.count(Outcome::Skipped) == *skipped
                    && g.count().unwrap() == *added
            }
            (
                Rejected { line, says },
                Err(duizhao::Error::Format {
                    line: Some(l),
                    message,
                    path,
                    ..
                }),
            ) => l == line && message.contains(says) && path == file && g.count().unwrap() == 0,
            _ => false,
        };
        if !ok {
            failures.push(format!("{rel}: got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn handmade_tbx_terms_and_kinds() {
    let file = crate::conformance_or_skip!("interop/handmade/glossary_v2.tbx");
    let dir = tempfile::tempdir().unwrap();
    let mut g = empty_glossary(dir.path());
    g.import(&file, &ImportOptions::default(), &mut NoProgress)
        .unwrap();
    let ccisf = g.list(2, 1).unwrap().remove(0);
    let d = &ccisf.data;
    assert_eq!(
        d.preferred("en"),
        Some("China Chongqing International Investment and Global Sourcing Fair")
    );
    assert!(
        d.terms
            .iter()
            .any(|t| t.text == "CCISF" && t.kind == duizhao::glossary::TermKind::Abbreviation)
    );
    assert_eq!(d.preferred("zh-Hans"), Some("渝洽会"));
    let first = g.list(0, 1).unwrap().remove(0);
    assert_eq!(first.data.preferred("zh-Hant"), Some("兩江新區"));
    assert_eq!(first.data.domain, "place names");
    assert_eq!(first.data.part_of_speech, "noun");
}
