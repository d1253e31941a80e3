//! Sentence alignment against human gold data (MAC dev, from `../shared/conformance/align`), document
//! pairing, and the `align` / `pair` subcommands.
//!
//! The strict/lax F1 scorer below follows `../shared/tools/align_score.py` (the Vecalign/Bertalign
//! definition); when Python is present the test also runs that script on the same predictions and checks
//! that both give the same figures.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use duizhao::NoProgress;
use duizhao::align::{self, AlignOptions, Alignment, export};

use crate::util::TestDir;

mod rescore;
mod tmx;

type Bead = (Vec<usize>, Vec<usize>);

/// Raw counts of one document, as in `align_score.py`'s `doc_counts`.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    pred_n: usize,
    pred_strict: usize,
    pred_lax: usize,
    gold_n: usize,
    gold_strict: usize,
    gold_lax: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.pred_n += o.pred_n;
        self.pred_strict += o.pred_strict;
        self.pred_lax += o.pred_lax;
        self.gold_n += o.gold_n;
        self.gold_strict += o.gold_strict;
        self.gold_lax += o.gold_lax;
    }

    /// (strict F1, lax F1).
    fn f1(&self) -> (f64, f64) {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let f = |p: f64, r: f64| {
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        (
            f(
                div(self.pred_strict, self.pred_n),
                div(self.gold_strict, self.gold_n),
            ),
            f(
                div(self.pred_lax, self.pred_n),
                div(self.gold_lax, self.gold_n),
            ),
        )
    }
}

/// Hits of `candidates` against `reference`: (count, strict, lax). Beads are sets (duplicates collapse).
fn hits(reference: &[Bead], candidates: &[Bead]) -> (usize, usize, usize) {
    let refs: HashSet<&Bead> = reference
        .iter()
        .filter(|b| !b.0.is_empty() || !b.1.is_empty())
        .collect();
    let cands: HashSet<&Bead> = candidates
        .iter()
        .filter(|b| !b.0.is_empty() || !b.1.is_empty())
        .collect();
    let mut src2tgt: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (s, t) in &refs {
        for i in s {
            src2tgt.entry(*i).or_default().extend(t.iter().copied());
        }
    }
    let (mut strict, mut lax) = (0, 0);
    for b in &cands {
        if refs.contains(b) {
            strict += 1;
            lax += 1;
            continue;
        }
        let linked: HashSet<usize> =
            b.0.iter()
                .flat_map(|i| src2tgt.get(i).into_iter().flatten().copied())
                .collect();
        if b.1.iter().any(|t| linked.contains(t)) {
            lax += 1;
        }
    }
    (cands.len(), strict, lax)
}

fn doc_counts(gold: &[Bead], pred: &[Bead]) -> Counts {
    let (pred_n, pred_strict, pred_lax) = hits(gold, pred);
    let full = |v: &[Bead]| -> Vec<Bead> {
        v.iter()
            .filter(|b| !b.0.is_empty() && !b.1.is_empty())
            .cloned()
            .collect()
    };
    let (gold_n, gold_strict, gold_lax) = hits(&full(pred), &full(gold));
    Counts {
        pred_n,
        pred_strict,
        pred_lax,
        gold_n,
        gold_strict,
        gold_lax,
    }
}

fn beads_of(a: &Alignment) -> Vec<Bead> {
    a.beads
        .iter()
        .map(|b| (b.zh.clone().collect(), b.en.clone().collect()))
        .collect()
}

/// Lines of a pre-segmented file (one sentence per line).
fn lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.strip_suffix('\n').unwrap_or(&text);
    text.split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

fn gold(path: &Path) -> Vec<Bead> {
    let text = std::fs::read_to_string(path).unwrap();
    export::parse_beads(&text, &path.display().to_string()).unwrap()
}

fn align_dir(dir: &Path) -> Alignment {
    let zh = lines(&dir.join("zh.txt"));
    let en = lines(&dir.join("en.txt"));
    let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
    let en: Vec<&str> = en.iter().map(String::as_str).collect();
    align::align(&zh, &en, &AlignOptions::default(), &mut NoProgress).unwrap()
}

fn doc_dirs(root: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("gold.txt").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Runs the Python scorer on prediction files, if Python is there; returns (strict, lax) pooled F1.
fn python_scorer(pred: &Path, gold: &Path) -> Option<(f64, f64)> {
    let script = crate::util::shared_dir()?.join("tools/align_score.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(pred)
        .arg(gold)
        .arg("--json")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "align_score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    Some((
        v["pooled"]["f1_strict"].as_f64()?,
        v["pooled"]["f1_lax"].as_f64()?,
    ))
}

#[test]
fn mac_dev_meets_the_bar_and_concat_does_not_drift() {
    let root = crate::conformance_or_skip!("align");
    let tmp = TestDir::new();
    let mut total = Counts::default();
    for dir in doc_dirs(&root.join("mac-dev")) {
        let a = align_dir(&dir);
        a.check().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let c = doc_counts(&gold(&dir.join("gold.txt")), &beads_of(&a));
        let (s, l) = c.f1();
        eprintln!("mac-dev {name}: strict {s:.3} lax {l:.3}");
        total.add(c);
        tmp.write(&format!("pred/{name}.align"), export::to_beads(&a));
    }
    let (strict, lax) = total.f1();
    eprintln!("mac-dev pooled: strict {strict:.3} lax {lax:.3}");
    if let Some((ps, pl)) = python_scorer(&tmp.path("pred"), &root.join("mac-dev")) {
        assert!(
            (ps - strict).abs() < 1e-9 && (pl - lax).abs() < 1e-9,
            "Python scorer says {ps}/{pl}"
        );
    }
    assert!(strict >= 0.85, "strict F1 {strict:.3} below 0.85");
    assert!(lax >= 0.98, "lax F1 {lax:.3} below 0.98");

    let concat = root.join("mac-dev-concat/all");
    let a = align_dir(&concat);
    let (cs, cl) = doc_counts(&gold(&concat.join("gold.txt")), &beads_of(&a)).f1();
    eprintln!("mac-dev-concat: strict {cs:.3} lax {cl:.3}");
    assert!(
        (cs - strict).abs() <= 0.03,
        "concat strict {cs:.3} drifts from per-document {strict:.3}"
    );
}

#[test]
fn scorer_matches_its_definition_on_a_small_case() {
    let gold: Vec<Bead> = vec![
        (vec![0, 1], vec![0]),
        (vec![2], vec![1, 2]),
        (vec![3], vec![]),
    ];
    let pred: Vec<Bead> = vec![
        (vec![0], vec![0]),
        (vec![1], vec![]),
        (vec![2], vec![1, 2]),
        (vec![3], vec![]),
    ];
    let c = doc_counts(&gold, &pred);
    // Precision over 4 predicted beads: strict 2 ([2]:[1,2] and the null [3]:[]), lax 3 ([0]:[0] overlaps).
    assert_eq!((c.pred_n, c.pred_strict, c.pred_lax), (4, 2, 3));
    // Recall over the 2 non-null gold beads against the 2 non-null predictions.
    assert_eq!((c.gold_n, c.gold_strict, c.gold_lax), (2, 1, 2));
}

/// Cuts a document in two at the gold bead boundary nearest its middle.
fn halves(dir: &Path) -> [(String, String); 2] {
    let zh = lines(&dir.join("zh.txt"));
    let en = lines(&dir.join("en.txt"));
    let g = gold(&dir.join("gold.txt"));
    let mid = g
        .iter()
        .filter_map(|(z, _)| z.first().copied())
        .min_by_key(|&z| z.abs_diff(zh.len() / 2))
        .unwrap();
    let bead = g.iter().position(|(z, _)| z.first() == Some(&mid)).unwrap();
    let en_mid = g[..bead]
        .iter()
        .flat_map(|(_, e)| e.iter().copied())
        .max()
        .map_or(0, |m| m + 1);
    [
        (zh[..mid].join("\n"), en[..en_mid].join("\n")),
        (zh[mid..].join("\n"), en[en_mid..].join("\n")),
    ]
}

#[test]
fn pairs_twelve_half_documents() {
    let root = crate::conformance_or_skip!("align/mac-dev");
    let mut zh_docs = Vec::new();
    let mut en_docs = Vec::new();
    for dir in doc_dirs(&root) {
        for (z, e) in halves(&dir) {
            zh_docs.push(z);
            en_docs.push(e);
        }
    }
    assert_eq!(zh_docs.len(), 12);
    // Shuffle the English side (a fixed permutation): en_perm[k] is the English half of Chinese half k.
    let n = en_docs.len();
    let order: Vec<usize> = (0..n).map(|k| (k * 7 + 5) % n).collect();
    let shuffled: Vec<&str> = order.iter().map(|&k| en_docs[k].as_str()).collect();
    let zh_refs: Vec<&str> = zh_docs.iter().map(String::as_str).collect();
    let got = align::pair(&zh_refs, &shuffled, &align::PairOptions::default());
    assert_eq!(got.len(), 12, "{got:?}");
    for p in &got {
        assert_eq!(
            order[p.en], p.zh,
            "Chinese half {} paired with the English half of {}",
            p.zh, order[p.en]
        );
    }
}

const ZH: &str = "商务部部长在北京会见了世界贸易组织总干事。\n双方就多边贸易体制改革交换了意见。\n2024年中国货物贸易进出口总值达到43.85万亿元。\n";
const EN: &str = "The Minister of Commerce met the Director-General of the World Trade Organization in Beijing.\nThe two sides exchanged views on the reform of the multilateral trading system.\nIn 2024, China's total imports and exports of goods reached 43.85 trillion yuan.\n";

#[test]
fn cli_align_writes_every_format() {
    let t = TestDir::new();
    t.write("zh.txt", ZH);
    t.write("en.txt", EN);
    let run = |format: &str| {
        let out = t
            .cli()
            .args([
                "align",
                "zh.txt",
                "en.txt",
                "--pre-segmented",
                "-q",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        crate::util::stdout_ok(&out)
    };
    assert_eq!(run("beads"), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    let tsv = run("tsv");
    assert_eq!(tsv.lines().count(), 3);
    assert!(
        tsv.starts_with("商务部部长在北京会见了世界贸易组织总干事。\tThe Minister of Commerce")
    );
    let html = run("html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("43.85"));
    let out = t
        .cli()
        .args([
            "align",
            "zh.txt",
            "en.txt",
            "--pre-segmented",
            "-q",
            "-o",
            "out.txt",
        ])
        .output()
        .unwrap();
    crate::util::stdout_ok(&out);
    assert_eq!(
        std::fs::read_to_string(t.path("out.txt")).unwrap(),
        "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    );
}

#[test]
fn cli_align_tmx_says_what_it_wrote_and_skipped() {
    let t = TestDir::new();
    // The last English line has no Chinese: whatever bead it lands in, every bead is accounted for.
    t.write("zh.txt", ZH);
    t.write(
        "en.txt",
        format!("{EN}Reporters from several newspapers attended the press conference.\n"),
    );
    let run = |format: &str| {
        t.cli()
            .args([
                "align",
                "zh.txt",
                "en.txt",
                "--pre-segmented",
                "-q",
                "--format",
                format,
            ])
            .output()
            .unwrap()
    };
    let beads = crate::util::stdout_ok(&run("beads"));
    let paired = beads.lines().filter(|l| !l.contains("[]")).count();
    let out = run("tmx");
    let xml = crate::util::stdout_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(xml.matches("<tu ").count(), paired, "{beads}");
    let unit = if paired == 1 { "unit" } else { "units" };
    assert!(
        stderr.contains(&format!("wrote {paired} {unit}")),
        "{stderr}"
    );
    let unpaired = beads.lines().count() - paired;
    if unpaired > 0 {
        assert!(
            stderr.contains(&format!("skipped {unpaired} bead")) && stderr.contains("(no "),
            "{stderr}"
        );
    }
}

#[test]
fn cli_align_explains_bad_input() {
    let t = TestDir::new();
    t.write("zh.txt", ZH);
    t.write("en.txt", EN);
    t.write("empty.txt", "\n\n");
    let cases = [
        (["zh.txt", "empty.txt"], "English document is empty"),
        (["zh.txt", "zh.txt"], "both documents are in Chinese"),
        (["en.txt", "en.txt"], "both documents are in English"),
        (["en.txt", "zh.txt"], "swap them"),
    ];
    for (files, want) in cases {
        let out = t
            .cli()
            .args(["align", files[0], files[1], "--pre-segmented", "-q"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{files:?}: {err}");
    }
    let out = t
        .cli()
        .args(["align", "zh.txt", "missing.txt", "--pre-segmented"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
}

#[test]
fn cli_align_warns_about_a_summary() {
    let t = TestDir::new();
    let long: String = (0..30)
        .map(|k| format!("第{k}项措施涉及海关、税务和外汇管理等多个部门的协调配合。\n"))
        .collect();
    t.write("zh.txt", long);
    t.write("en.txt", "A short summary.\n");
    let out = t
        .cli()
        .args(["align", "zh.txt", "en.txt", "--pre-segmented", "-q"])
        .output()
        .unwrap();
    crate::util::stdout_ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning"), "{err}");
}

#[test]
fn cli_pair_lists_pairs() {
    let t = TestDir::new();
    t.write(
        "docs/release-a.zh.txt",
        "丝路基金2023年投资12亿美元。WTO总干事访问上海。",
    );
    t.write(
        "docs/release-b.zh.txt",
        "2019年进博会成交额711.3亿美元，比上年增长23%。",
    );
    t.write(
        "docs/b-en.txt",
        "Deals worth USD 71.13 billion were reached at the 2019 CIIE, up 23% on the previous year.",
    );
    t.write("docs/a-en.txt", "In 2023 the Silk Road Fund invested USD 1.2 billion. The WTO Director-General visited Shanghai.");
    let out = t.cli().args(["pair", "docs", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_str(&crate::util::stdout_ok(&out)).unwrap();
    let pairs = json.as_array().unwrap();
    assert_eq!(pairs.len(), 2, "{json}");
    for p in pairs {
        let zh = p["zh"].as_str().unwrap();
        let en = p["en"].as_str().unwrap();
        let letter = if zh.contains("release-a") {
            "a-en"
        } else {
            "b-en"
        };
        assert!(en.contains(letter), "{zh} ↔ {en}");
    }
    let out = t.cli().args(["pair", "docs/a-en.txt"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no Chinese"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cli_align_segments_running_text() {
    let t = TestDir::new();
    t.write("zh.txt", ZH.replace('\n', ""));
    t.write("en.txt", EN.replace('\n', " "));
    let out = t
        .cli()
        .args(["align", "zh.txt", "en.txt", "-q", "--format", "tsv"])
        .output()
        .unwrap();
    let tsv = crate::util::stdout_ok(&out);
    assert_eq!(tsv.lines().count(), 3, "{tsv}");
    assert!(
        tsv.lines()
            .nth(2)
            .unwrap()
            .contains("43.85万亿元。\tIn 2024"),
        "{tsv}"
    );
}
