//! Search, one box for every language and script: exact, then prefix, then substring, then typo-tolerant
//! matches, on keys folded by [`crate::glossary::normalize::fold`] (case, accents, width, Traditional →
//! Simplified), so 兩江新區, 两江新区, "LIANGJIANG" and "Bonded port" find their entries.
//!
//! The index lives in memory ([`index::Index`], built on the first search or by
//! [`Glossary::prepare_search`]). Changes — this program's or another's on the same file — are noticed
//! through the history table: entries changed since the build are searched in a small overlay and hidden
//! in the base index until it is rebuilt.

mod fuzzy;
mod grams;
mod index;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::glossary::Glossary;
use crate::glossary::model::{Entry, EntryId, Status};
use crate::glossary::normalize::fold;
use crate::{Error, Progress, Result};
use index::{Index, KeyRow};

/// How good a match is; results are ordered by this, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// A term equals the query.
    Exact,
    /// A term starts with the query.
    Prefix,
    /// A term contains the query.
    Substring,
    /// A term is within a few typing errors of the query.
    Fuzzy,
}

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Most entries to return (default 50).
    pub limit: usize,
    /// Only entries of this domain.
    pub domain: Option<String>,
    /// Only entries with this status.
    pub status: Option<Status>,
    /// Return typo-tolerant matches when exact, prefix and substring matching find nothing (default true).
    pub fuzzy: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 50,
            domain: None,
            status: None,
            fuzzy: true,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The entry found.
    pub entry: Entry,
    /// How it matched.
    pub kind: MatchKind,
    /// The term that matched, as written in the entry.
    pub term: String,
    /// That term's language.
    pub lang: String,
}

/// The in-memory search state of a [`Glossary`].
#[derive(Default)]
pub(crate) struct SearchState {
    base: Option<Index>,
    /// Filters for the base index: entry id → (status, domain).
    meta: FxHashMap<u32, (Status, u32)>,
    domains: Vec<String>,
    /// Entries changed since the base was built: hidden in the base, searched here instead.
    stale: FxHashSet<u32>,
    overlay: Vec<KeyRow>,
    overlay_meta: FxHashMap<u32, (Status, String)>,
    seen_change: i64,
}

impl SearchState {
    fn passes(&self, entry: u32, options: &SearchOptions) -> bool {
        let (status, domain) = match self.overlay_meta.get(&entry) {
            Some((s, d)) => (*s, d.as_str()),
            None => match self.meta.get(&entry) {
                Some((s, d)) => (*s, self.domains[*d as usize].as_str()),
                None => return false,
            },
        };
        options.status.is_none_or(|s| s == status)
            && options.domain.as_deref().is_none_or(|d| d == domain)
    }
}

/// Collects hits, one per entry, up to the limit.
struct Collector {
    limit: usize,
    seen: FxHashSet<u32>,
    hits: Vec<(u32, MatchKind, String)>,
}

impl Collector {
    fn offer(&mut self, entry: u32, kind: MatchKind, key: &str) -> bool {
        if self.hits.len() < self.limit && self.seen.insert(entry) {
            self.hits.push((entry, kind, key.to_string()));
        }
        self.hits.len() < self.limit
    }

    fn full(&self) -> bool {
        self.hits.len() >= self.limit
    }
}

impl Glossary {
    /// Builds (or brings up to date) the search index now, instead of on the first search. The GUI can call
    /// this on a worker thread after opening a large glossary.
    pub fn prepare_search(&mut self, progress: &mut dyn Progress) -> Result<()> {
        progress.start(1, "indexing the glossary");
        self.refresh_search()?;
        if !progress.advance(1) {
            return Err(Error::Cancelled);
        }
        Ok(())
    }

    /// Searches terms in every language and script (see the module documentation), best matches first.
    pub fn search(&mut self, query: &str, options: &SearchOptions) -> Result<Vec<SearchHit>> {
        let q = fold(query);
        if q.is_empty() || options.limit == 0 {
            return Ok(Vec::new());
        }
        self.refresh_search()?;
        let s = &self.search;
        let mut c = Collector {
            limit: options.limit,
            seen: FxHashSet::default(),
            hits: Vec::new(),
        };
        let base = s.base.as_ref().expect("refresh builds the base");
        let live = |e: u32| !s.stale.contains(&e) && s.passes(e, options);
        let overlay = |kind: MatchKind, c: &mut Collector| {
            for r in &s.overlay {
                let ok = match kind {
                    MatchKind::Exact => r.key == q,
                    MatchKind::Prefix => r.key.starts_with(&q) && r.key != q,
                    MatchKind::Substring => r.key.contains(&q) && !r.key.starts_with(&q),
                    MatchKind::Fuzzy => false,
                };
                if ok && s.passes(r.entry, options) && !c.offer(r.entry, kind, &r.key) {
                    return;
                }
            }
        };
        // Exact and prefix come from one ordered scan; exact ones are gathered first.
        let mut prefix = Vec::new();
        base.exact_and_prefix(&q, |k, exact| {
            let e = base.entry_of(k);
            if live(e) {
                if exact {
                    c.offer(e, MatchKind::Exact, base.key(k));
                } else if prefix.len() < options.limit {
                    prefix.push(k);
                }
            }
            !c.full() && (exact || prefix.len() < options.limit)
        });
        overlay(MatchKind::Exact, &mut c);
        for k in prefix {
            if !c.offer(base.entry_of(k), MatchKind::Prefix, base.key(k)) {
                break;
            }
        }
        overlay(MatchKind::Prefix, &mut c);
        if !c.full() {
            base.substring(&q, |k| {
                let e = base.entry_of(k);
                !live(e) || c.offer(e, MatchKind::Substring, base.key(k))
            });
            overlay(MatchKind::Substring, &mut c);
        }
        // Typo tolerance is for queries that found nothing better: a correct prefix typed so far never pays
        // for it, which keeps typing latency flat.
        if options.fuzzy && c.hits.is_empty() && q.chars().count() >= 3 {
            let mut fuzzy: Vec<(u32, u32, u32)> = Vec::new();
            base.fuzzy(&q, 5_000, |k, d| {
                let e = base.entry_of(k);
                if live(e) && !c.seen.contains(&e) {
                    fuzzy.push((d, k, e));
                }
                fuzzy.len() < 4 * options.limit
            });
            fuzzy.sort_unstable();
            for (_, k, e) in fuzzy {
                if !c.offer(e, MatchKind::Fuzzy, base.key(k)) {
                    break;
                }
            }
        }
        let hits = c.hits;
        let ids: Vec<EntryId> = hits.iter().map(|(e, _, _)| *e as EntryId).collect();
        let mut entries: FxHashMap<EntryId, Entry> = self
            .get_many(&ids)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let mut out = Vec::with_capacity(hits.len());
        for (entry, kind, key) in hits {
            let Some(entry) = entries.remove(&(entry as EntryId)) else {
                continue;
            };
            let term = entry
                .data
                .terms
                .iter()
                .find(|t| fold(&t.text) == key)
                .or(entry.data.terms.first());
            let (term, lang) = term
                .map(|t| (t.text.clone(), t.lang.clone()))
                .unwrap_or_default();
            out.push(SearchHit {
                entry,
                kind,
                term,
                lang,
            });
        }
        Ok(out)
    }

    /// Builds the base index if missing; otherwise moves entries changed since the last look into the overlay,
    /// rebuilding the base when the overlay grows large.
    fn refresh_search(&mut self) -> Result<()> {
        let last = self.last_change_id()?;
        if self.search.base.is_some() && last == self.search.seen_change {
            return Ok(());
        }
        if self.search.base.is_none() {
            return self.rebuild_search(last);
        }
        let changed: Vec<i64> = self
            .db
            .query_vec(
                "SELECT DISTINCT entry_id FROM history WHERE id > ?1",
                &[&self.search.seen_change],
                |r| r.get(0),
            )
            .map_err(|e| self.db_err(e))?;
        let base_len = self.search.base.as_ref().map_or(0, Index::len);
        if self.search.stale.len() + changed.len() > 2_000.max(base_len / 20) {
            return self.rebuild_search(last);
        }
        for id in changed {
            let id32 = id as u32;
            self.search.stale.insert(id32);
            self.search.overlay.retain(|r| r.entry != id32);
            self.search.overlay_meta.remove(&id32);
            if let Some(e) = self.get(id)?.filter(|e| !e.deleted) {
                let mut keys: Vec<String> = e.data.terms.iter().map(|t| fold(&t.text)).collect();
                keys.sort();
                keys.dedup();
                self.search
                    .overlay
                    .extend(keys.into_iter().map(|key| KeyRow { entry: id32, key }));
                self.search
                    .overlay_meta
                    .insert(id32, (e.data.status, e.data.domain.clone()));
            }
        }
        self.search.seen_change = last;
        Ok(())
    }

    fn rebuild_search(&mut self, last: i64) -> Result<()> {
        let db = |e| self.db_err(e);
        let mut rows = Vec::new();
        let mut meta = FxHashMap::default();
        let mut domains: Vec<String> = Vec::new();
        let mut domain_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut too_big = false;
        self.db
            .for_each(
                "SELECT t.entry_id, t.key FROM term t JOIN entry e ON e.id = t.entry_id \
                 WHERE e.deleted = 0",
                &[],
                |r| {
                    let entry: i64 = r.get(0)?;
                    match u32::try_from(entry) {
                        Ok(entry) => rows.push(KeyRow {
                            entry,
                            key: r.get(1)?,
                        }),
                        Err(_) => too_big = true,
                    }
                    Ok(())
                },
            )
            .map_err(db)?;
        if too_big {
            return Err(Error::database(self.path(), "entry id out of range"));
        }
        self.db
            .for_each(
                "SELECT id, status, domain FROM entry WHERE deleted = 0",
                &[],
                |r| {
                    let (id, status, domain): (i64, String, String) =
                        (r.get(0)?, r.get(1)?, r.get(2)?);
                    let next = domains.len() as u32;
                    let d = *domain_ids.entry(domain.clone()).or_insert_with(|| {
                        domains.push(domain);
                        next
                    });
                    meta.insert(id as u32, (Status::parse(&status).unwrap_or_default(), d));
                    Ok(())
                },
            )
            .map_err(db)?;
        self.search = SearchState {
            base: Some(Index::build(rows)),
            meta,
            domains,
            seen_change: last,
            ..SearchState::default()
        };
        Ok(())
    }

    /// Size of the in-memory index in bytes (approximate), for reports and benchmarks.
    pub fn search_index_bytes(&self) -> usize {
        self.search.base.as_ref().map_or(0, Index::heap_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{EntryData, Term};

    #[test]
    fn any_script_finds_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
        // Only the Simplified form is stored.
        let id = g
            .add(EntryData {
                terms: vec![
                    Term::main("en", "Liangjiang New Area"),
                    Term::main("zh-Hans", "两江新区"),
                ],
                ..Default::default()
            })
            .unwrap()
            .id;
        let cases = [
            ("两江新区", MatchKind::Exact),
            ("兩江新區", MatchKind::Exact),
            ("两江新區", MatchKind::Exact),
            ("兩江", MatchKind::Prefix),
            ("新區", MatchKind::Substring),
            ("區", MatchKind::Substring),
        ];
        for (query, kind) in cases {
            let hits = g.search(query, &SearchOptions::default()).unwrap();
            let got: Vec<(EntryId, MatchKind, &str)> = hits
                .iter()
                .map(|h| (h.entry.id, h.kind, h.term.as_str()))
                .collect();
            assert_eq!(got, [(id, kind, "两江新区")], "{query}");
        }
    }
}
