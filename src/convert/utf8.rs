//! Decoding UTF-8 one char at a time in the hot loops, where the text is known to be valid.

/// Decodes the char at byte `i` of valid UTF-8 `s`: (scalar value, byte length).
#[inline(always)]
pub(crate) fn next_char(s: &[u8], i: usize) -> (u32, usize) {
    // One bounds check per shape; Chinese text is almost all three-byte chars.
    match s[i..] {
        [b0, ..] if b0 < 0x80 => (u32::from(b0), 1),
        [b0 @ 0xE0..=0xEF, b1, b2, ..] => (
            (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F),
            3,
        ),
        [b0 @ 0xC0..=0xDF, b1, ..] => ((u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F), 2),
        [b0, b1, b2, b3, ..] => (
            (u32::from(b0 & 0x07) << 18)
                | (u32::from(b1 & 0x3F) << 12)
                | (u32::from(b2 & 0x3F) << 6)
                | u32::from(b3 & 0x3F),
            4,
        ),
        // Unreachable for valid UTF-8.
        _ => (0xFFFD, 1),
    }
}

/// Byte length of the UTF-8 char starting with `b`.
#[inline(always)]
pub(crate) fn char_len(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}
