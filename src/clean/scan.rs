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
/// The high bit of every byte: the mark of the word tests (complementing a test is `!test(w) & HIGH_BITS`).
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const HI: u64 = HIGH_BITS;
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

/// Marks each ASCII letter of `w`. Exact: setting bit 5 folds A–Z onto a–z and leaves every other byte
/// outside `a..=z` (`@[\]^_` go to the backquote and `{|}~` DEL, just outside).
#[inline(always)]
pub(crate) fn ascii_letters(w: u64) -> u64 {
    ascii_between(w | (LO * 0x20), 0x60, 0x7B)
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

/// One bit per byte of a 64-byte block: bit `k` set when `marks` marks byte `k`. `block` is read as eight
/// little-endian words.
#[inline(always)]
fn block_bits(block: &[u8], marks: impl Fn(u64) -> u64) -> u64 {
    let mut bits = 0u64;
    for (k, word) in block.chunks_exact(8).enumerate() {
        let m = marks(u64::from_le_bytes(word.try_into().expect("eight bytes"))) >> 7;
        // Gathers the low bit of each byte into the top byte, byte k's bit as bit 56 + k.
        let gathered = m.wrapping_mul(0x0102_0408_1020_4080) >> 56;
        bits |= gathered << (8 * k);
    }
    bits
}

/// The maximal runs of bytes that `marks` marks (an exact word test, such as [`ascii_between`]) at least
/// `min_len` bytes long, as byte ranges, in order. Runs are found from the changes between marked and
/// unmarked bytes, 64 bytes at a time, so that text of short runs (English words) costs a few operations a
/// run rather than a few a byte.
pub(crate) fn runs(
    bytes: &[u8],
    min_len: usize,
    marks: impl Fn(u64) -> u64,
) -> impl Iterator<Item = std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut previous_marked = false;
    let blocks = bytes.chunks_exact(64);
    let tail = blocks.remainder();
    let mut last = [0u8; 64];
    last[..tail.len()].copy_from_slice(tail);
    let tail_bits = block_bits(&last, &marks) & ((1u64 << tail.len()) - 1);
    let all = blocks
        .map(|block| block_bits(block, &marks))
        .chain((!tail.is_empty()).then_some(tail_bits));
    for (n, bits) in all.enumerate() {
        let base = n * 64;
        // Bit k set where byte k differs from the byte before it.
        let mut changes = bits ^ ((bits << 1) | u64::from(previous_marked));
        while changes != 0 {
            let k = changes.trailing_zeros() as usize;
            changes &= changes - 1;
            if bits >> k & 1 == 1 {
                run_start = Some(base + k);
            } else if let Some(start) = run_start.take() {
                if base + k - start >= min_len {
                    out.push(start..base + k);
                }
            }
        }
        previous_marked = bits >> 63 == 1;
    }
    if let Some(start) = run_start {
        if bytes.len() - start >= min_len {
            out.push(start..bytes.len());
        }
    }
    out.into_iter()
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
            let letters = marked(ascii_letters(w));
            for k in 0..8 {
                assert_eq!(between[k], (0x21..0x40).contains(&bytes[k]), "{bytes:02x?}");
                assert_eq!(high[k], (0xC2..=0xDF).contains(&bytes[k]), "{bytes:02x?}");
                assert_eq!(top[k], bytes[k] >= 0xF0, "{bytes:02x?}");
                assert_eq!(letters[k], bytes[k].is_ascii_alphabetic(), "{bytes:02x?}");
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
    fn runs_agree_with_a_plain_walk() {
        let letters = ascii_letters;
        let piece = "Trade talksbetween 經貿 the two cities, x@y.org centerLatest ";
        for n in 0..140 {
            let text: String = piece.chars().cycle().skip(n).take(n * 3 + 5).collect();
            let bytes = text.as_bytes();
            let mut plain = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if !bytes[i].is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i - start >= 6 {
                    plain.push(start..i);
                }
            }
            assert_eq!(
                runs(bytes, 6, letters).collect::<Vec<_>>(),
                plain,
                "{text:?}"
            );
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
