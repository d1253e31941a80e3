//! Writing alignments out: bead files ([`to_beads`]), OmegaT TSV ([`to_tsv`]) and a side-by-side HTML
//! page ([`to_html`]). They return the text; callers write it with [`crate::export::write_atomic`].
//! TMX is written by [`crate::tm`].

mod beads;
mod html;
mod tsv;

pub use beads::{parse_beads, to_beads};
pub use html::{HtmlOptions, escape, to_html};
pub use tsv::to_tsv;
