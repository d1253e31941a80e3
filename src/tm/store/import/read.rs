//! The import's reader thread: units read from the stream, paired in the memory's languages (or the
//! file's own), keyed, and handed to the storing thread in batches.

use std::path::Path;
use std::sync::mpsc::SyncSender;

use super::super::write::Prepared;
use crate::tm::lang::LangTag;
use crate::tm::script::{ScriptConverter, family};
use crate::tm::time::Timestamp;
use crate::tm::tmx::{TmxStream, TmxUnit};
use crate::tm::unit::{Segment, TranslationUnit};
use crate::{Error, Result};

/// What the reader thread hands over: prepared units, counts, and how far into the file it is.
pub(super) struct Batch {
    pub units: Vec<Prepared>,
    pub in_file: usize,
    pub empty: usize,
    pub incomplete: usize,
    pub bytes_read: u64,
    pub warnings: Vec<String>,
}

/// Units per batch between the threads.
const BATCH: usize = 2048;

/// Whether `lang` is one of the pair's languages (by family: zh-TW is in a zh-CN memory).
pub(super) fn in_pair(lang: &LangTag, pair: &(LangTag, LangTag)) -> bool {
    let f = family(lang);
    f == family(&pair.0) || f == family(&pair.1)
}

/// The reader thread: units read, paired, keyed and sent in batches. Stops at the first error (sent) or
/// when the receiver is gone.
pub(super) fn read_units(
    mut stream: TmxStream<'static>,
    pair: Option<(LangTag, LangTag)>,
    converter: &dyn ScriptConverter,
    memory: &str,
    tx: SyncSender<Result<Batch>>,
) {
    let now = Timestamp::now();
    let header_src = stream.header().srclang.clone();
    let mut batch = new_batch();
    loop {
        let unit = match stream.next_unit() {
            Ok(Some(u)) => u,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        batch.in_file += 1;
        let src = unit.srclang.as_ref().or(header_src.as_ref());
        let chosen = match &pair {
            Some(pair) => match pick_in_pair(&unit, src, pair) {
                Ok(chosen) => chosen,
                Err(langs) => {
                    let path = stream.path();
                    let _ = tx.send(Err(mismatch(path, Some(unit.line), &langs, memory, pair)));
                    return;
                }
            },
            None => pick_own(&unit, src),
        };
        let Some((si, ti)) = chosen else {
            batch.incomplete += 1;
            continue;
        };
        let mut unit = unit;
        let (source, target) = take_two(&mut unit.variants, si, ti);
        let tu = TranslationUnit {
            source,
            target,
            props: unit.props,
            notes: unit.notes,
            created: unit.created,
            changed: unit.changed,
            creation_id: unit.creation_id,
            change_id: unit.change_id,
        };
        match Prepared::owned(converter, tu, now) {
            Some(p) => batch.units.push(p),
            None => batch.empty += 1,
        }
        if batch.units.len() + batch.empty + batch.incomplete >= BATCH {
            batch.bytes_read = stream.bytes_read();
            batch.warnings = stream.take_warnings();
            if tx
                .send(Ok(std::mem::replace(&mut batch, new_batch())))
                .is_err()
            {
                return;
            }
        }
    }
    batch.bytes_read = stream.bytes_read();
    batch.warnings = stream.take_warnings();
    let _ = tx.send(Ok(batch));
}

fn new_batch() -> Batch {
    Batch {
        units: Vec::with_capacity(BATCH),
        in_file: 0,
        empty: 0,
        incomplete: 0,
        bytes_read: 0,
        warnings: Vec::new(),
    }
}

/// The unit's variants in the memory's pair, in the unit's direction (a unit written from the pair's
/// target language is kept that way round). `Ok(None)` when it lacks one of them; `Err` with its
/// languages when it holds another language instead.
fn pick_in_pair(
    unit: &TmxUnit,
    src: Option<&LangTag>,
    pair: &(LangTag, LangTag),
) -> std::result::Result<Option<(usize, usize)>, Vec<LangTag>> {
    let a = position(unit, unit.variant(&pair.0));
    let b = position(unit, unit.variant(&pair.1));
    match (a, b) {
        // A memory whose two languages are one (zh-CN → zh-TW) needs two variants, not one twice.
        (Some(a), Some(b)) if a == b => Ok(None),
        (Some(a), Some(b)) if src.is_some_and(|l| family(l) == family(&pair.1)) => Ok(Some((b, a))),
        (Some(a), Some(b)) => Ok(Some((a, b))),
        _ if unit.variants.iter().all(|v| in_pair(&v.lang, pair)) => Ok(None),
        _ => Err(unit.variants.iter().map(|v| v.lang.clone()).collect()),
    }
}

/// The unit's own pair: its source variant and the first variant in another language.
fn pick_own(unit: &TmxUnit, src: Option<&LangTag>) -> Option<(usize, usize)> {
    let s = match src {
        Some(lang) => position(unit, unit.variant(lang))?,
        None => (!unit.variants.is_empty()).then_some(0)?,
    };
    let lang = &unit.variants[s].lang;
    let t = unit
        .variants
        .iter()
        .position(|v| !v.lang.same_language(lang))?;
    Some((s, t))
}

/// The index of `variant` (one of `unit`'s) in its list.
fn position(unit: &TmxUnit, variant: Option<&Segment>) -> Option<usize> {
    let v = variant?;
    unit.variants.iter().position(|x| std::ptr::eq(x, v))
}

/// Takes variants `a` and `b` (different indices) out of `variants`, without copying their text.
fn take_two(variants: &mut Vec<Segment>, a: usize, b: usize) -> (Segment, Segment) {
    // Removing the later one first leaves the earlier one where it was.
    if a > b {
        let first = variants.swap_remove(a);
        (first, variants.swap_remove(b))
    } else {
        let second = variants.swap_remove(b);
        (variants.swap_remove(a), second)
    }
}

/// The refusal of a file (or unit, at `line`) in `langs` for a memory of `pair`.
pub(super) fn mismatch(
    path: &Path,
    line: Option<usize>,
    langs: &[LangTag],
    memory: &str,
    pair: &(LangTag, LangTag),
) -> Error {
    Error::LanguageMismatch {
        path: path.to_path_buf(),
        line,
        found: langs.iter().map(|l| l.as_str().to_string()).collect(),
        memory: memory.to_string(),
        pair: format!("{} → {}", pair.0, pair.1),
    }
}
