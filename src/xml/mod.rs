//! The one XML reading layer under every XML format Duizhao reads: TMX, TBX (v2 and v3) and the text
//! part of a .docx.
//!
//! [`decode`] turns a file's bytes into text (BOM, first bytes, then the declared encoding);
//! [`XmlReader`] walks quick-xml's events with character references and the five predefined entities
//! resolved, comments and processing instructions dropped, and the safety rules applied once for all
//! formats: a DOCTYPE that declares entities is refused (external entities read other files or the
//! network; nested ones expand to gigabytes), and elements may nest at most
//! [`crate::limits::MAX_XML_DEPTH`] deep, so readers that recurse or keep a tree stay shallow. Positions
//! become lines and columns as the reader goes, in time linear in the file however long its lines.

mod decode;
mod reader;

pub use decode::{decode, decode_owned, locate, sniff};
pub use reader::{XmlEvent, XmlReader, doctype_refusal};
