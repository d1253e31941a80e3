//! `duizhao-cli tm list|create|set|stats|units|edit|delete|undo|dedupe|conflicts`: looking after
//! memories and their units.

use anyhow::{Result, bail};
use duizhao::tm::{LangTag, MemoryUnit, Origin, Side, UnitFilter};

use crate::tm::{Which, catalogue, open};

/// `tm list`.
pub fn list(json: bool) -> Result<()> {
    let list = catalogue()?.list()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    for e in &list {
        let i = &e.info;
        println!(
            "{}\t{} → {}\t{}{}{}",
            i.name,
            i.source_lang,
            i.target_lang,
            count_units(e.units),
            if i.read_only { "\tread-only" } else { "" },
            if i.note.is_empty() {
                String::new()
            } else {
                format!("\t{}", i.note)
            }
        );
    }
    Ok(())
}

fn count_units(n: usize) -> String {
    if n == 1 {
        "1 unit".into()
    } else {
        format!("{n} units")
    }
}

/// `tm create`.
pub fn create(name: &str, from: &LangTag, to: &LangTag, note: &str) -> Result<()> {
    let m = catalogue()?.create(name, from, to, note)?;
    println!(
        "created the memory “{}” ({from} → {to}) in {}",
        m.name(),
        m.path().display()
    );
    Ok(())
}

/// `tm set`.
pub fn set(which: &Which, note: Option<&str>, read_only: Option<bool>) -> Result<()> {
    let mut m = open(which)?;
    if note.is_none() && read_only.is_none() {
        bail!("nothing to set: give --note TEXT or --read-only true|false");
    }
    if let Some(note) = note {
        m.set_note(note)?;
    }
    if let Some(ro) = read_only {
        m.set_read_only(ro)?;
    }
    let i = m.info();
    println!(
        "{}: {}{}",
        i.name,
        if i.read_only { "read-only" } else { "writable" },
        if i.note.is_empty() {
            String::new()
        } else {
            format!(", note “{}”", i.note)
        }
    );
    Ok(())
}

/// `tm stats`.
pub fn stats(which: &Which, json: bool) -> Result<()> {
    let m = open(which)?;
    let s = m.stats()?;
    if json {
        let out = serde_json::json!({
            "memory": m.info(),
            "stats": s,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let i = m.info();
    println!(
        "memory {} ({} → {}, {}): {}",
        i.name,
        i.source_lang,
        i.target_lang,
        m.path().display(),
        count_units(s.units)
    );
    println!("languages:");
    for (src, tgt, n) in &s.languages {
        println!("  {src} → {tgt}: {n}");
    }
    println!("origins:");
    for (kind, detail, n) in &s.origins {
        let detail = if detail.is_empty() { "-" } else { detail };
        println!("  {} {detail}: {n}", kind.as_str());
    }
    println!("duplicates: {}", s.duplicates);
    println!("conflicts: {}", s.conflicts);
    println!("deleted (kept for undo): {}", s.deleted);
    Ok(())
}

/// `tm units`.
pub fn units(
    which: &Which,
    filter: &UnitFilter,
    offset: usize,
    limit: usize,
    json: bool,
) -> Result<()> {
    let m = open(which)?;
    let ids = m.unit_ids(filter)?;
    let page: Vec<i64> = ids.iter().copied().skip(offset).take(limit).collect();
    let rows = m.rows(&page)?;
    if json {
        let out = serde_json::json!({ "count": ids.len(), "units": rows });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("{} of {}", rows.len(), count_units(ids.len()));
    for u in &rows {
        print_unit(u);
    }
    Ok(())
}

fn print_unit(u: &MemoryUnit) {
    let when = u.unit.changed.or(u.unit.created).unwrap_or(u.added);
    let who = u
        .unit
        .change_id
        .as_deref()
        .or(u.unit.creation_id.as_deref())
        .unwrap_or("-");
    let origin = if u.origin_detail.is_empty() {
        u.origin.as_str().to_string()
    } else {
        format!("{} {}", u.origin.as_str(), u.origin_detail)
    };
    println!(
        "{}\t{}\t{}\t{origin}\t{when}\t{who}\tused {}",
        u.id, u.unit.source.text, u.unit.target.text, u.used
    );
}

/// `tm edit`.
pub fn edit(which: &Which, id: i64, source: Option<String>, target: Option<String>) -> Result<()> {
    let mut m = open(which)?;
    let (side, text) = match (source, target) {
        (Some(s), _) => (Side::Source, s),
        (None, Some(t)) => (Side::Target, t),
        (None, None) => bail!("give --source TEXT or --target TEXT"),
    };
    match m.edit(id, side, &text)? {
        Some(c) => println!("{} (undo with `tm undo`)", c.summary),
        None => println!("unit {id} already says that"),
    }
    Ok(())
}

/// `tm delete`.
pub fn delete(
    which: &Which,
    ids: &[i64],
    origin: Option<&str>,
    kind: Option<Origin>,
    all: bool,
) -> Result<()> {
    let mut m = open(which)?;
    let change = if all {
        m.delete_all()?
    } else if origin.is_some() || kind.is_some() {
        m.delete_origin(kind, origin)?
    } else if !ids.is_empty() {
        let mut distinct = ids.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let mut missing = Vec::new();
        for id in &distinct {
            if m.get(*id)?.is_none() {
                missing.push(id.to_string());
            }
        }
        if !missing.is_empty() {
            eprintln!(
                "duizhao-cli: warning: no unit {} in the memory “{}”",
                missing.join(", "),
                m.name()
            );
        }
        m.delete_units(&distinct)?
    } else {
        bail!("say what to delete: unit ids, --origin DETAIL, --kind KIND or --all");
    };
    match change {
        Some(c) => println!("{} (undo with `tm undo`)", c.summary),
        None => println!("nothing to delete"),
    }
    Ok(())
}

/// `tm undo`.
pub fn undo(which: &Which) -> Result<()> {
    let mut m = open(which)?;
    match m.undo()? {
        Some(c) => println!("undone: {}", c.summary),
        None => println!("nothing to undo"),
    }
    Ok(())
}

/// `tm dedupe`.
pub fn dedupe(which: &Which) -> Result<()> {
    let mut m = open(which)?;
    match m.dedupe()? {
        Some(c) => println!("{} (undo with `tm undo`)", c.summary),
        None => println!("no duplicates"),
    }
    Ok(())
}

/// `tm conflicts`.
pub fn conflicts(which: &Which, limit: usize, json: bool) -> Result<()> {
    let m = open(which)?;
    let found = m.conflicts(limit)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&found)?);
        return Ok(());
    }
    println!("{} with more than one translation", sources(found.len()));
    for c in &found {
        println!();
        for u in &c.units {
            print_unit(u);
        }
    }
    Ok(())
}

fn sources(n: usize) -> String {
    if n == 1 {
        "1 source".into()
    } else {
        format!("{n} sources")
    }
}
