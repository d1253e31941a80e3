//! Every limit the readers enforce, in one place, each with the reason for its value.
//!
//! Files come from the web, from clients and from old CAT tools; some are broken and some are built to
//! hurt (zip bombs, "billion laughs", pages nested 200,000 deep). Each reader works in time and memory
//! roughly linear in its input, and where a format lets a small file ask for unbounded work, one of the
//! limits below refuses it. A refusal names the file and says which limit was hit, through [`exceeded`].
//!
//! The values are far above anything a real press release, glossary or memory needs, and far below what
//! would exhaust a desktop machine.
//!
//! One limit has no number: an XML file whose DOCTYPE declares entities is refused outright. External
//! entities read other files or the network (XXE); internal ones nest into "billion laughs". TMX, TBX
//! and Word files need none, so no entity is ever expanded beyond the five predefined ones and
//! character references (see [`crate::xml`]).

/// Deepest element nesting in an XML file (TMX, TBX, a .docx part). Real files nest under 30 deep (a
/// TMX segment sits 5 deep, a Word table adds 3 levels per nested table); libxml2 refuses past 256 by
/// default. Readers that hold a tree or recurse stay shallow with it.
pub const MAX_XML_DEPTH: usize = 512;

/// Largest decompressed size of the part of a .docx that holds the text (`word/document.xml`). A
/// 1,000-page report is about 10 MB of XML; a zip bomb is gigabytes.
pub const MAX_DOCX_PART_BYTES: u64 = 64 << 20;

/// Largest ratio of decompressed to compressed size of a .docx part once it is past
/// [`DOCX_RATIO_FLOOR`]. Word's XML compresses 5 to 30 times; zip bombs reach 1,000 and more.
pub const MAX_DOCX_RATIO: u64 = 100;

/// Parts smaller than this once decompressed may have any ratio: a short part of repeated tags
/// compresses very well, and reading it costs nothing.
pub const DOCX_RATIO_FLOOR: u64 = 1 << 20;

/// Deepest element nesting in an HTML page. Real pages nest under 100 deep; Chromium's parser stops
/// nesting at 512 too. The HTML tree builder checks the open elements on every tag, so its time grows
/// with the square of the depth: 200,000 nested `<div>` took over a minute.
pub const MAX_HTML_DEPTH: usize = 512;

/// Most elements in an HTML page (each costs the tree about 200 bytes). A long government page has a
/// few thousand; the largest saved pages some hundred thousand. 10 MB of `<p>` would be 3 million.
pub const MAX_HTML_ELEMENTS: usize = 500_000;

/// Longest stretch of a Markdown file without a blank line (outside fenced code). The Markdown parser
/// holds some 20 bytes per byte of a block's markup at once; a real paragraph or table is under 100 KB.
pub const MAX_MARKDOWN_BLOCK: usize = 4 << 20;

/// Most terms one glossary entry (one row of a table, one TBX entry) may hold. A real entry has a
/// handful per language; a row of 200,000 cells is a broken file, and is skipped with this reason.
pub const MAX_TERMS_PER_ENTRY: usize = 1_000;

/// Warnings kept for one file (unknown elements skipped, values outside a picklist); the rest are
/// counted in a last warning. A file of a million unknown elements must not make a million messages.
pub const MAX_WARNINGS: usize = 1_000;

/// The message for a refusal: what exceeded which limit. The caller puts it in an error naming the file.
pub fn exceeded(what: &str, limit: &str) -> String {
    format!("{what}: refused, over the limit of {limit}")
}

/// A byte count as people read it (`64 MiB`, `1 MiB`, `512 bytes`).
pub fn bytes(n: u64) -> String {
    const MIB: u64 = 1 << 20;
    const KIB: u64 = 1 << 10;
    if n >= MIB && n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n % KIB == 0 {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_which_limit() {
        assert_eq!(
            exceeded("word/document.xml expands past 64 MiB", "64 MiB per part"),
            "word/document.xml expands past 64 MiB: refused, over the limit of 64 MiB per part"
        );
        for (n, want) in [
            (MAX_DOCX_PART_BYTES, "64 MiB"),
            (DOCX_RATIO_FLOOR, "1 MiB"),
            (2048, "2 KiB"),
            (100, "100 bytes"),
        ] {
            assert_eq!(bytes(n), want);
        }
    }
}
