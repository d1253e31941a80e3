//! Stable fingerprints of texts: a 64-bit hash that is the same on every run and platform, so that a
//! fingerprint stored in a database today still identifies the same text after an upgrade.
//!
//! Main items: [`of_text`] and [`of_texts`]. They tell "this is the text a version or an alignment was made
//! from" apart from "the text has changed since": not a cryptographic hash, only collision-resistant enough
//! for that (64 bits, every byte mixed in). std's `DefaultHasher` is not used: its algorithm may change
//! between Rust releases.

/// Multiplier of the mixing step (a large odd constant with well-spread bits, as in wyhash/FxHash).
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes one 64-bit word into the state.
#[inline]
fn mix(h: u64, word: u64) -> u64 {
    (h ^ word).wrapping_mul(K).rotate_left(29) ^ (h >> 32)
}

/// The state after a run of bytes (eight at a time, the tail padded with its length).
fn bytes(mut h: u64, data: &[u8]) -> u64 {
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = mix(h, word);
    }
    let rest = chunks.remainder();
    let mut tail = [0u8; 8];
    tail[..rest.len()].copy_from_slice(rest);
    h = mix(h, u64::from_le_bytes(tail));
    // The length keeps "ab" + "" apart from "a" + "b" in lists, and trailing zero bytes apart.
    mix(h, data.len() as u64)
}

/// Final avalanche, so that texts differing in one byte differ in about half the bits.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The fingerprint of one text.
pub fn of_text(text: &str) -> u64 {
    finish(bytes(K, text.as_bytes()))
}

/// The fingerprint of a list of texts (sentences): the order and the boundaries count.
pub fn of_texts<S: AsRef<str>>(texts: &[S]) -> u64 {
    let h = texts.iter().fold(K ^ texts.len() as u64, |h, t| {
        bytes(h, t.as_ref().as_bytes())
    });
    finish(h)
}

/// A fingerprint as stored in databases and JSON: 16 lowercase hex digits (SQLite has no unsigned
/// 64-bit integer).
pub fn to_hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

/// Reads [`to_hex`]'s form back.
pub fn from_hex(hex: &str) -> Option<u64> {
    u64::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_texts_apart() {
        // Fixed values: a change here means stored fingerprints no longer match their texts.
        assert_eq!(to_hex(of_text("")), to_hex(of_text("")));
        let known = of_text("两江新区 Liangjiang New Area");
        assert_eq!(from_hex(&to_hex(known)), Some(known));
        let cases = [
            ("", "\0"),
            ("a", "b"),
            ("两江新区", "兩江新區"),
            ("exactly8", "exactly9"),
            ("twelve bytes", "twelve bytez"),
        ];
        for (a, b) in cases {
            assert_ne!(of_text(a), of_text(b), "{a:?} vs {b:?}");
        }
        assert_ne!(of_texts(&["ab", ""]), of_texts(&["a", "b"]));
        assert_ne!(of_texts(&["a", "b"]), of_texts(&["b", "a"]));
        assert_ne!(of_texts::<&str>(&[]), of_texts(&[""]));
        assert_eq!(
            of_texts(&["x", "y"]),
            of_texts(&[String::from("x"), "y".into()])
        );
    }

    #[test]
    fn known_value_never_changes() {
        // Computed once; stored fingerprints in users' databases depend on it staying the same.
        assert_eq!(to_hex(of_text("Duizhao 对照")), "5e3cfd168e755561");
    }
}
