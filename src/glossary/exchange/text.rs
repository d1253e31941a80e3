//! Text-level reading and writing for the table formats: decoding (BOM, Emacs-style `coding:` comment as
//! OmegaT writes it, detection), splitting TSV lines and CSV records with their line numbers, and quoting.

use std::borrow::Cow;
use std::path::Path;

use crate::document::decode::{self, encoding_for_name};
use crate::{Error, Result};

/// Decodes a glossary file, refusing binary files and UTF-32. A byte-order mark wins; then a `-*- coding: NAME -*-` comment on the first
/// line (OmegaT's convention); then detection. Invalid bytes are an error naming the line.
pub(crate) fn decode_text(path: &Path, bytes: &[u8]) -> Result<String> {
    if decode::is_utf32(bytes) {
        return Err(Error::format(
            path,
            Some(1),
            "UTF-32 files are not supported; save the file as UTF-8",
        ));
    }
    // A picture or a workbook renamed .csv would otherwise decode as some legacy code page and import
    // garbage entries.
    if let Some(what) = decode::looks_binary(bytes) {
        let hint = if what == "a zip archive" {
            " (an Excel workbook? save it as CSV UTF-8 first)"
        } else {
            ""
        };
        return Err(Error::format(
            path,
            None,
            format!("this is {what}, not a glossary table (TSV, CSV or OmegaT text){hint}"),
        ));
    }
    let forced = if encoding_rs::Encoding::for_bom(bytes).is_some() {
        None
    } else {
        magic_coding(bytes).and_then(|name| encoding_for_name(&name).ok())
    };
    let decoded = decode::decode(bytes, forced);
    if decoded.replacements > 0 {
        let offset = decoded.first_bad_offset.unwrap_or(0);
        let line = bytes[..offset.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(Error::format(
            path,
            Some(line),
            format!(
                "{} invalid byte sequence(s) for {} (first at byte {offset}); save the file as UTF-8",
                decoded.replacements,
                decoded.encoding.name()
            ),
        ));
    }
    Ok(decoded.text)
}

/// The encoding named by `coding: NAME` in a first-line comment, if any.
fn magic_coding(bytes: &[u8]) -> Option<String> {
    let first = bytes.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(first).ok()?;
    if !line.trim_start().starts_with('#') {
        return None;
    }
    let at = line.find("coding:")? + "coding:".len();
    let name: String = line[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// A record of cells and the 1-based line it starts on. Cells borrow the text where they can (TSV).
pub(crate) type Record<'a> = (usize, Vec<Cow<'a, str>>);

/// Splits tab-separated text into records, skipping empty lines and `#` comment lines.
pub(crate) fn tsv_records(text: &str) -> Vec<Record<'_>> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| (n, l.split('\t').map(Cow::Borrowed).collect()))
        .collect()
}

/// Splits CSV text (RFC 4180: commas, double quotes, quoted line breaks) into records, skipping empty
/// lines and lines starting with `#`. Cells borrow the text unless unquoting changes them (a doubled
/// quote, text after a closing quote), so a file of a million short rows is not copied cell by cell.
pub(crate) fn csv_records<'a>(path: &Path, text: &'a str) -> Result<Vec<Record<'a>>> {
    let b = text.as_bytes();
    let mut records = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        let start = line;
        if b[i] == b'#' {
            match memchr::memchr(b'\n', &b[i..]) {
                Some(n) => {
                    i += n + 1;
                    line += 1;
                }
                None => i = b.len(),
            }
            continue;
        }
        let mut cells: Vec<Cow<'a, str>> = Vec::new();
        loop {
            let (cell, end) = if b.get(i) == Some(&b'"') {
                quoted_cell(path, text, i, start, &mut line)?
            } else {
                let end = memchr::memchr2(b',', b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                (Cow::Borrowed(&text[i..end]), end)
            };
            match b.get(end) {
                Some(b',') => {
                    cells.push(cell);
                    i = end + 1;
                }
                Some(_) => {
                    // A line feed ends the record; a carriage return before it is no part of the cell.
                    cells.push(strip_cr(cell));
                    line += 1;
                    i = end + 1;
                    break;
                }
                None => {
                    cells.push(cell);
                    i = end;
                    break;
                }
            }
        }
        if !(cells.len() == 1 && cells[0].trim().is_empty()) {
            records.push((start, cells));
        }
    }
    Ok(records)
}

/// A quoted cell starting at `at` (its opening quote): its value and where it ends (the `,` or line feed
/// after it, or the end of the text). Text between the closing quote and the delimiter is kept, as
/// spreadsheet programs keep it.
fn quoted_cell<'a>(
    path: &Path,
    text: &'a str,
    at: usize,
    record_line: usize,
    line: &mut usize,
) -> Result<(Cow<'a, str>, usize)> {
    let b = text.as_bytes();
    let mut owned: Option<String> = None;
    let mut piece = at + 1;
    let mut j = at + 1;
    let close = loop {
        let Some(q) = memchr::memchr(b'"', &b[j..]).map(|n| j + n) else {
            return Err(Error::format(
                path,
                Some(record_line),
                "a quoted CSV field is never closed",
            ));
        };
        *line += memchr::memchr_iter(b'\n', &b[j..q]).count();
        if b.get(q + 1) == Some(&b'"') {
            // A doubled quote stands for one.
            owned
                .get_or_insert_with(String::new)
                .push_str(&text[piece..=q]);
            j = q + 2;
            piece = j;
        } else {
            break q;
        }
    };
    let end = memchr::memchr2(b',', b'\n', &b[close + 1..]).map_or(b.len(), |n| close + 1 + n);
    let tail = &text[close + 1..end];
    let value = match (owned, tail.is_empty()) {
        (None, true) => Cow::Borrowed(&text[piece..close]),
        (owned, _) => {
            let mut s = owned.unwrap_or_default();
            s.push_str(&text[piece..close]);
            s.push_str(tail);
            Cow::Owned(s)
        }
    };
    Ok((value, end))
}

/// A cell without the carriage return of a CRLF line end.
fn strip_cr(cell: Cow<'_, str>) -> Cow<'_, str> {
    match cell {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_suffix('\r').unwrap_or(s)),
        Cow::Owned(mut s) => {
            if s.ends_with('\r') {
                s.pop();
            }
            Cow::Owned(s)
        }
    }
}

/// Quotes a CSV field when it needs it.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r'])
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.starts_with('#')
    {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Escapes a cell of our headed TSV: backslash, tab, line feed and carriage return as `\\ \t \n \r`.
pub(crate) fn tsv_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

/// Reverses [`tsv_escape`]; a backslash before any other character is kept as it is.
pub(crate) fn tsv_unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_lines() {
        let text = "kde,csv kde\n\"kde, qu\",comma\n\"\"\"\"\"k\",k\n\n# comment\n\"two\nlines\",x\r\nlast,\"q\"\"\"";
        let recs = csv_records(Path::new("t.csv"), text).unwrap();
        let got: Vec<(usize, Vec<&str>)> = recs
            .iter()
            .map(|(l, c)| (*l, c.iter().map(|s| s.as_ref()).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, vec!["kde", "csv kde"]),
                (2, vec!["kde, qu", "comma"]),
                (3, vec!["\"\"k", "k"]),
                (6, vec!["two\nlines", "x"]),
                (8, vec!["last", "q\""]),
            ]
        );
        let err = csv_records(Path::new("t.csv"), "a,b\n\"open,x\n")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "t.csv:2: a quoted CSV field is never closed");
    }

    #[test]
    fn tsv_escape_round_trip() {
        for s in [
            "plain",
            "tab\there",
            "line\nbreak\r\n",
            "back\\slash",
            "C:\\temp",
            "\\n literal",
        ] {
            assert_eq!(tsv_unescape(&tsv_escape(s)), s, "{s:?}");
        }
        assert_eq!(tsv_unescape("C:\\data"), "C:\\data");
    }

    #[test]
    fn decodes_bom_magic_comment_and_rejects_bad_bytes() {
        let p = Path::new("g.txt");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "港区\tport area\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(p, &utf16).unwrap(), "港区\tport area\n");
        let (gbk, _, _) = encoding_rs::GBK.encode("# -*- coding: gbk -*-\n港区\tport area\n");
        assert_eq!(
            decode_text(p, &gbk).unwrap(),
            "# -*- coding: gbk -*-\n港区\tport area\n"
        );
        let bad = b"# -*- coding: utf-8 -*-\nok\tfine\n\xff\xfe\xfd bad\tx\n";
        let err = decode_text(p, bad).unwrap_err().to_string();
        assert!(err.starts_with("g.txt:3:"), "{err}");
        for (bytes, want) in [
            (
                &b"\x89PNG\r\n\x1a\n\0\0"[..],
                "g.txt: this is a PNG image, not a glossary",
            ),
            (
                b"PK\x03\x04\x14\0",
                "(an Excel workbook? save it as CSV UTF-8 first)",
            ),
            (
                b"en\tzh\nport\0\t\xe6\xb8\xaf\n",
                "g.txt: this is binary data",
            ),
            (
                b"\xFF\xFE\0\0e\0\0\0",
                "g.txt:1: UTF-32 files are not supported",
            ),
        ] {
            let err = decode_text(p, bytes).unwrap_err().to_string();
            assert!(err.contains(want), "{err}");
        }
    }
}
