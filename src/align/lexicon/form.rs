//! The lexicon as plain arrays ([`Parts`]) and the binary form they are stored in.
//!
//! The build script parses the shipped CC-CEDICT once ([`super::cedict::parse`]) and writes its
//! [`Parts`] with [`Parts::to_bytes`]; the program embeds that file and reads it back with
//! [`Parts::from_bytes`], which copies a few arrays and checks them, so that no lookup can go out of
//! bounds even if the bytes were damaged. Entry and key ids are positions in these arrays, so the
//! lexicon read back is the one the parser built, id for id.
//!
//! Format (`u32` little-endian):
//!
//! ```text
//! "DZLX" version:u32=1 max_chars:u32
//! heads:   count:u32 ends:[u32; count] pool_len:u32 pool   (headword e = entry e)
//! offsets: [u32; heads + 1]                                 (entry e's keys: keys[offsets[e]..offsets[e + 1]])
//! keys:    count:u32 [u32; count]
//! vocab:   count:u32 ends:[u32; count] pool_len:u32 pool   (stem k = key k)
//! ```
//!
//! This file is also compiled into `build.rs` (by `#[path]`), so it uses nothing but `std`.

use std::borrow::Cow;

const MAGIC: &[u8; 4] = b"DZLX";
const VERSION: u32 = 1;

/// Strings stored end to end: string `i` is `pool[ends[i - 1]..ends[i]]` (the first starts at 0).
///
/// The pool is bytes: lookups compare bytes, and only a string that is read back as text is checked
/// to be UTF-8, so loading need not validate megabytes of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings<'a> {
    /// The strings, concatenated (UTF-8).
    pub pool: Cow<'a, [u8]>,
    /// Where each string ends in `pool`.
    pub ends: Vec<u32>,
}

impl Strings<'_> {
    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `i` (empty if there is none, or if it is not UTF-8, which only damaged bytes could give).
    pub fn get(&self, i: usize) -> &str {
        let bytes = self.pool.get(self.range(i)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// Where string `i` is in the pool (an empty range if there is no string `i`).
    pub fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start = match i.checked_sub(1) {
            Some(j) => self.ends.get(j).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        start as usize..end as usize
    }

    #[cfg_attr(not(test), allow(dead_code))] // Written by build.rs; the program only reads it.
    fn write(&self, out: &mut Vec<u8>) {
        push_u32(out, self.ends.len() as u32);
        push_u32s(out, &self.ends);
        push_u32(out, self.pool.len() as u32);
        out.extend_from_slice(&self.pool);
    }
}

/// A lexicon's arrays: headwords (the entry of a headword is its position), the English keys of each
/// entry, and the English stems (the key of a stem is its position).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts<'a> {
    /// Headwords in entry order.
    pub heads: Strings<'a>,
    /// Entry `e`'s keys are `keys[offsets[e]..offsets[e + 1]]`; one more offset than headwords.
    pub offsets: Vec<u32>,
    /// The keys of all entries, entry after entry.
    pub keys: Vec<u32>,
    /// Stems in key order.
    pub vocab: Strings<'a>,
    /// Longest headword, in characters.
    pub max_chars: u32,
}

impl<'a> Parts<'a> {
    /// The binary form described in the module documentation.
    #[cfg_attr(not(test), allow(dead_code))] // Written by build.rs; the program only reads it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        push_u32(&mut out, VERSION);
        push_u32(&mut out, self.max_chars);
        self.heads.write(&mut out);
        push_u32s(&mut out, &self.offsets);
        push_u32(&mut out, self.keys.len() as u32);
        push_u32s(&mut out, &self.keys);
        self.vocab.write(&mut out);
        out
    }

    /// Reads [`Parts::to_bytes`]'s output, borrowing the string pools from `bytes`. Every offset and key
    /// is checked, so lookups in the result cannot go out of bounds.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err("not a Duizhao lexicon".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!("lexicon format {version}, expected {VERSION}"));
        }
        let max_chars = r.u32()?;
        let heads = r.strings()?;
        let offsets = r.u32s(heads.len() + 1)?;
        let n = r.u32()? as usize;
        let keys = r.u32s(n)?;
        let vocab = r.strings()?;
        if r.at != bytes.len() {
            return Err("trailing bytes".into());
        }
        if offsets[0] != 0
            || offsets.windows(2).any(|w| w[0] > w[1])
            || offsets[offsets.len() - 1] as usize != keys.len()
        {
            return Err("entry offsets out of order".into());
        }
        if keys.iter().any(|&k| k as usize >= vocab.len()) {
            return Err("a key beyond the vocabulary".into());
        }
        Ok(Parts {
            heads,
            offsets,
            keys,
            vocab,
            max_chars,
        })
    }
}

/// A cursor over the binary form; every read checks that the bytes are there.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or("the lexicon is cut short")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u32s(&mut self, n: usize) -> Result<Vec<u32>, String> {
        let b = self.take(n.checked_mul(4).ok_or("the lexicon is cut short")?)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn strings(&mut self) -> Result<Strings<'a>, String> {
        let n = self.u32()? as usize;
        let ends = self.u32s(n)?;
        let len = self.u32()? as usize;
        let pool = self.take(len)?;
        // Each string must be a slice of the pool, so that `Strings::range` finds what was written.
        let mut start = 0;
        for &end in &ends {
            if end < start {
                return Err("string ends out of order".into());
            }
            start = end;
        }
        if start as usize != pool.len() {
            return Err("string pool longer than its strings".into());
        }
        Ok(Strings {
            pool: Cow::Borrowed(pool),
            ends,
        })
    }
}

#[cfg_attr(not(test), allow(dead_code))] // Written by build.rs; the program only reads it.
fn push_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg_attr(not(test), allow(dead_code))] // Written by build.rs; the program only reads it.
fn push_u32s(out: &mut Vec<u8>, vs: &[u32]) {
    out.reserve(vs.len() * 4);
    vs.iter().for_each(|&v| push_u32(out, v));
}
