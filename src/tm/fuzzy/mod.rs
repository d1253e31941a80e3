//! Fuzzy matching: tokens, the match percentage, differences for highlighting, and the index that finds
//! candidates fast.
//!
//! - [`tokens`]: [`tokenize`] (characters for Chinese, words for English) and folded token keys.
//! - [`score`]: [`similarity`] (the CAT-tool percentage), [`diff`] into [`DiffSpan`]s.
//! - [`index`]: [`FuzzyIndex`], a token-bigram inverted index with exact rescoring.

pub mod index;
pub mod score;
pub mod tokens;

pub use index::{FuzzyIndex, Hit};
pub use score::{DiffOp, DiffSpan, diff, edit_distance, similarity};
pub use tokens::{Token, is_han, key_string, tokenize, write_key};
