//! What the user asked for in the Translate workspace this frame, recorded while drawing and applied
//! after it (so that drawing never changes the project under the table).

/// The translated document's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 text.
    Text,
    /// A Word document.
    Docx,
}

impl ExportFormat {
    /// Both, in menu order.
    pub const ALL: [ExportFormat; 2] = [ExportFormat::Text, ExportFormat::Docx];

    /// Its name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Text => "Plain text (.txt)",
            ExportFormat::Docx => "Word document (.docx)",
        }
    }

    /// Its extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Text => "txt",
            ExportFormat::Docx => "docx",
        }
    }
}

/// What the user asked for this frame.
#[derive(Default)]
pub struct Request {
    /// Undo the last edit.
    pub undo: bool,
    /// Redo the last undone edit.
    pub redo: bool,
    /// Run QA over every segment.
    pub qa: bool,
    /// Pre-translate from the memory.
    pub pretranslate: bool,
    /// Import the TMX in the path box.
    pub import_tmx: bool,
    /// Take the changed text's sentences, keeping the translations of unchanged ones.
    pub rebase: bool,
    /// Export in this format.
    pub export: Option<ExportFormat>,
    /// Export even though QA findings are open (the user said so).
    pub export_anyway: bool,
    /// Set the document's domain (`Some(None)`: no domain).
    pub domain: Option<Option<String>>,
}
