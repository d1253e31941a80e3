//! Fast byte scans for the rules' pre-filters: eight bytes at a time, with bit tricks on a `u64` (SWAR),
//! over the stretches of text that cannot hold what a rule looks for — most of a Chinese or English text.
//!
//! Main items: [`find`] (the first byte a rule wants, from a word test that may over-report and a byte
//! test that decides) and the word tests it is built from: [`eq`], [`ascii_between`], [`high_between`].
//!
//! Why it is correct to scan bytes rather than characters: every rule wants either ASCII bytes or the lead
//! bytes of multi-byte characters, and in valid UTF-8 neither ever occurs inside another character (the
//! continuation bytes are 80–BF). So the first wanted byte at or after a character boundary is where a
//! character-by-character walk would stop.

/// One in every byte.
const LO: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HI: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Marks (high bit) each byte of `w` equal to `b`. A byte above a true one may be marked too (the borrow of
/// the subtraction), which [`find`]'s byte test sorts out.
#[inline(always)]
pub(crate) fn eq(w: u64, b: u8) -> u64 {
    let x = w ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI
}

/// Marks each ASCII byte of `w` strictly between `lo` and `hi` (both at most 0x80). Exact: no carry or
/// borrow crosses a byte, since only the low seven bits take part.
#[inline(always)]
pub(crate) fn ascii_between(w: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(lo < 0x80 && hi <= 0x80);
    let low = w & LOW7;
    (LO * (127 + u64::from(hi))).wrapping_sub(low) & !w & (low + LO * (127 - u64::from(lo))) & HI
}

/// Marks each byte of `w` in `lo..=hi`, both at least 0x80. Exact.
#[inline(always)]
pub(crate) fn high_between(w: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(0x80 <= lo && lo <= hi);
    // On the low seven bits, "at least n" is "adding 128 - n carries into the high bit"; no carry leaves
    // the byte, since 0x7F + 0x80 < 0x100.
    let low = w & LOW7;
    let at_least = |n: u8| (low + LO * u64::from(0x80 - (n & 0x7F))) & HI;
    let above_hi = if hi == 0xFF { 0 } else { at_least(hi + 1) };
    w & HI & at_least(lo) & !above_hi
}

/// The first position at or after `from` whose byte `wanted` accepts. `marks` must mark (high bit) every
/// such byte of a word read little-endian; marking others only costs a call of `wanted`.
#[inline(always)]
pub(crate) fn find(
    bytes: &[u8],
    from: usize,
    marks: impl Fn(u64) -> u64,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let mut m = marks(word);
        while m != 0 {
            let k = i + (m.trailing_zeros() / 8) as usize;
            if wanted(bytes[k]) {
                return Some(k);
            }
            m &= m - 1;
        }
        i += 8;
    }
    (i..bytes.len()).find(|&k| wanted(bytes[k]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word test against the byte-by-byte definition, on words mixing the interesting values.
    #[test]
    fn word_tests_match_their_definitions() {
        let values: Vec<u8> = (0..=255u8).collect();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let bytes: Vec<u8> = (0..8)
                .map(|k| values[((seed >> (k * 8)) & 0xFF) as usize])
                .collect();
            let w = u64::from_le_bytes(bytes.clone().try_into().unwrap());
            let marked =
                |m: u64| -> Vec<bool> { (0..8).map(|k| m >> (k * 8 + 7) & 1 == 1).collect() };
            let between = marked(ascii_between(w, 0x20, 0x40));
            let high = marked(high_between(w, 0xC2, 0xDF));
            let top = marked(high_between(w, 0xF0, 0xFF));
            for k in 0..8 {
                assert_eq!(between[k], (0x21..0x40).contains(&bytes[k]), "{bytes:02x?}");
                assert_eq!(high[k], (0xC2..=0xDF).contains(&bytes[k]), "{bytes:02x?}");
                assert_eq!(top[k], bytes[k] >= 0xF0, "{bytes:02x?}");
            }
            let e = marked(eq(w, 0xEF));
            for k in 0..8 {
                if bytes[k] == 0xEF {
                    assert!(e[k]);
                }
            }
            if let Some(first) = e.iter().position(|&b| b) {
                assert_eq!(bytes[first], 0xEF);
            }
        }
    }

    #[test]
    fn find_agrees_with_a_plain_search() {
        let text = "經貿合作，trade: (c) 10:30 Café — ok？\u{a0}end;".repeat(3);
        let bytes = text.as_bytes();
        let wanted = |b: u8| matches!(b, b':' | b';' | b'(' | 0xEF);
        let marks = |w: u64| ascii_between(w, 0x20, 0x40) | eq(w, 0xEF);
        for from in 0..bytes.len() {
            let plain = (from..bytes.len()).find(|&k| wanted(bytes[k]));
            assert_eq!(find(bytes, from, marks, wanted), plain, "from {from}");
        }
    }
}
