//! Translation memory: what the team translated before, found again for the next release.
//!
//! - [`tmx`]: TMX 1.1–1.4 reading and TMX 1.4b writing, for the whole project (the aligner exports through it).
//! - [`store`]: [`Memory`], one SQLite memory: adding, importing (streamed TMX) and exporting units,
//!   script-aware fuzzy matching and concordance, a table of units under a [`UnitFilter`], edits, deletions
//!   and undo, duplicates and conflicts.
//! - [`catalogue`]: [`Catalogue`], the named memories of the data folder ("Default" and others).
//! - [`memories`]: [`MemorySet`], lookup in an ordered list of memories; [`MatchSource`].
//! - [`project`]: [`TranslationProject`], the Translate workspace (segments, targets, status, undo,
//!   pre-translation, exports).
//! - [`qa`]: checks before export (terms, forbidden terms, numbers, empty/untranslated) with a [`Severity`],
//!   [`Terminology`], and the glossary translations to offer in the target's script ([`offered_terms`]).
//! - [`fuzzy`]: tokens, the match percentage, diffs, and the candidate index.
//! - [`script`]: [`ScriptConverter`], the seam to the conversion engine for Simplified/Traditional folding.
//! - [`lang`]: [`LangTag`] (`zh-CN`, `zh-Hant`, `en-US`) and [`LangStyle`] (how Chinese tags are spelled).
//! - [`unit`]: [`TranslationUnit`] and [`Segment`], the pair every part of the memory deals in.
//! - [`time`]: [`Timestamp`], TMX's UTC dates.

pub mod catalogue;
pub mod fuzzy;
pub mod lang;
pub mod memories;
pub mod project;
pub mod qa;
pub mod script;
pub mod store;
pub mod time;
pub mod tmx;
pub mod unit;

pub use catalogue::{Catalogue, MemoryEntry};
pub use lang::{ChineseScript, LangStyle, LangTag};
pub use memories::{MatchSource, MemorySet, SetMember};
pub use project::{
    PretranslateOptions, PretranslateSummary, ProjectProgress, ProjectSegment, SegmentStatus,
    TranslationProject,
};
pub use qa::{
    GlossaryTerms, OfferedTerms, QaContext, QaFinding, QaKind, Severity, TermHit, TermList,
    TermStatus, Terminology, offered_terms,
};
pub use script::{NoConversion, ScriptConverter};
pub use store::{
    AddSummary, Change, ChangeKind, ConcordanceHit, Conflict, Edit, ExportFormat, ExportSummary,
    FreshIndex, IdsQuery, ImportOptions, ImportSummary, IndexSource, LanguagePolicy, MatchOptions,
    Memory, MemoryChange, MemoryInfo, MemoryStats, MemoryUnit, MemoryWatch, OnDuplicate, Origin,
    RowReader, Side, TmMatch, UnitFilter, UnitOrder, watch_memories,
};
pub use time::Timestamp;
pub use unit::{Segment, TranslationUnit};

#[cfg(test)]
mod tests {
    /// The GUI runs memory lookups and pre-translation on worker threads.
    #[test]
    fn workspace_types_can_move_to_a_worker_thread() {
        fn send<T: Send>() {}
        send::<super::Memory>();
        send::<super::MemorySet>();
        send::<super::TranslationProject>();
        send::<super::tmx::TmxDocument>();
    }
}
