//! Documents: decoding files, finding their language, and segmenting them into paragraphs and sentences.

pub mod decode;
