//! `duizhao-cli pair DIR_OR_FILES...`: proposes which Chinese document is the version of which English one.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use duizhao::align::{self, PairOptions, Script};

use crate::io;

/// Propose Chinese–English document pairs from a folder or a list of files.
#[derive(Debug, Args)]
pub struct PairArgs {
    /// Folders (their files, not sub-folders) and files, in both languages.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Print JSON (an array of {zh, en, score}).
    #[arg(long)]
    json: bool,
    /// Encoding of the inputs (default: detected per file).
    #[arg(long)]
    encoding: Option<String>,
}

pub fn run(args: PairArgs) -> Result<()> {
    let files = collect(&args.inputs)?;
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for f in &files {
        let name = f.display().to_string();
        let text = io::read_text(&name, args.encoding.as_deref())?.text;
        let lines: Vec<&str> = text.lines().collect();
        match align::script_of(&lines) {
            Script::Chinese => zh.push((name, text)),
            Script::Latin => en.push((name, text)),
            Script::Unknown => {
                eprintln!("duizhao-cli: warning: {name}: no text in Chinese or English, skipped")
            }
        }
    }
    if zh.is_empty() {
        bail!(
            "no Chinese document among the {} file(s) given",
            files.len()
        );
    }
    if en.is_empty() {
        bail!(
            "no English document among the {} file(s) given",
            files.len()
        );
    }
    let zh_texts: Vec<&str> = zh.iter().map(|(_, t)| t.as_str()).collect();
    let en_texts: Vec<&str> = en.iter().map(|(_, t)| t.as_str()).collect();
    let pairs = align::pair(&zh_texts, &en_texts, &PairOptions::default());
    let mut out = String::new();
    if args.json {
        let rows: Vec<serde_json::Value> = pairs
            .iter()
            .map(|p| serde_json::json!({"zh": zh[p.zh].0, "en": en[p.en].0, "score": p.score}))
            .collect();
        out = serde_json::to_string_pretty(&rows)?;
        out.push('\n');
    } else {
        for p in &pairs {
            out.push_str(&format!("{:.3}\t{}\t{}\n", p.score, zh[p.zh].0, en[p.en].0));
        }
    }
    for (k, (name, _)) in zh.iter().enumerate() {
        if !pairs.iter().any(|p| p.zh == k) {
            eprintln!("duizhao-cli: note: {name}: no English version found");
        }
    }
    for (k, (name, _)) in en.iter().enumerate() {
        if !pairs.iter().any(|p| p.en == k) {
            eprintln!("duizhao-cli: note: {name}: no Chinese version found");
        }
    }
    io::write_output(None, out.as_bytes())
}

/// The files named, with folders replaced by their (non-hidden) files in name order.
fn collect(inputs: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read folder {input}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.to_path_buf());
        } else {
            bail!("{input}: no such file or folder");
        }
    }
    Ok(files)
}
