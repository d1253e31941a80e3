//! Writing alignments out: bead files ([`to_beads`]), OmegaT TSV ([`to_tsv`]), a side-by-side HTML page
//! ([`to_html`]), TMX 1.4b ([`to_tmx`], [`write_tmx`], through [`crate::tm::tmx`]) and the translation
//! memory ([`add_to_memory`]). The text exporters return the text; callers write it with
//! [`crate::export::write_atomic`].
//!
//! TMX and the memory share [`UnitOptions`]: which beads (all, or accepted only), the Chinese language tag
//! (detected: `zh-TW` for Traditional text), and the file names and dates recorded on every unit.

mod beads;
mod html;
mod memory;
mod tmx;
mod tsv;
mod units;

pub use beads::{parse_beads, to_beads};
pub use html::{HtmlOptions, escape, to_html};
pub use memory::add_to_memory;
pub use tmx::{TmxOptions, TmxSummary, tmx_header, to_tmx, to_tmx_report, write_tmx};
pub use tsv::to_tsv;
pub use units::{
    PROP_ACCEPTED, PROP_CONFIDENCE, PROP_SOURCE_FILE_DATE, PROP_TARGET_FILE_DATE, SkipReason,
    Skipped, UnitOptions, UnitsReport, chinese_lang, translation_units, translation_units_report,
};
