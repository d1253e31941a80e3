//! Getting the work out: the translated document (TXT, DOCX) with the source's paragraphs, a TMX of the
//! work, and the translated segments into the memory.

use std::path::Path;

use super::{SegmentStatus, TranslationProject};
use crate::Result;
use crate::progress::Progress;
use crate::tm::fuzzy::is_han;
use crate::tm::lang::LangStyle;
use crate::tm::store::{AddSummary, Memory, Origin};
use crate::tm::time::Timestamp;
use crate::tm::tmx::{self, TmxHeader, WriteSummary};
use crate::tm::unit::{PROP_ORIGIN, PROP_SOURCE_FILE, Segment, TranslationUnit};

impl TranslationProject {
    /// The translated paragraphs, in source order. A segment without a translation keeps its source text,
    /// so the document stays whole; sentences join with a space in Latin-script targets and directly in
    /// Chinese.
    pub fn translated_paragraphs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut current: Option<usize> = None;
        for s in &self.segments {
            let text = if s.target.is_empty() {
                &s.source
            } else {
                &s.target
            };
            if current != Some(s.paragraph) {
                // Paragraphs that had no sentences are kept as empty lines.
                let gap = current.map_or(s.paragraph, |c| s.paragraph - c - 1);
                out.extend(std::iter::repeat_n(String::new(), gap));
                out.push(String::new());
                current = Some(s.paragraph);
            }
            let para = out.last_mut().expect("pushed above");
            if !para.is_empty() && !joins_without_space(para, text) {
                para.push(' ');
            }
            para.push_str(text);
        }
        out
    }

    /// The translated document as text.
    pub fn translated_text(&self) -> String {
        let mut text = self.translated_paragraphs().join(&self.paragraph_break);
        text.push('\n');
        text
    }

    /// Writes the translated document as UTF-8 text, atomically.
    pub fn export_txt(&self, path: &Path) -> Result<()> {
        crate::export::write_atomic(path, self.translated_text().as_bytes())
    }

    /// Writes the translated document as DOCX, one Word paragraph per source paragraph.
    pub fn export_docx(&self, path: &Path) -> Result<()> {
        crate::export::docx::write(
            path,
            &self.translated_paragraphs(),
            None,
            Some(self.target_lang.as_str()),
        )
    }

    /// The translated segments as translation units (with the source file name and today's date).
    pub fn units(&self, only_confirmed: bool) -> Vec<TranslationUnit> {
        let now = Timestamp::now();
        self.segments
            .iter()
            .filter(|s| {
                !s.target.is_empty() && (!only_confirmed || s.status == SegmentStatus::Confirmed)
            })
            .map(|s| {
                let mut u = TranslationUnit::new(
                    Segment::new(self.source_lang.clone(), s.source.clone()),
                    Segment::new(self.target_lang.clone(), s.target.clone()),
                )
                .with_created(now)
                .with_prop(PROP_ORIGIN, "translation");
                if let Some(name) = &self.source_name {
                    u = u.with_prop(PROP_SOURCE_FILE, name.clone());
                }
                u
            })
            .collect()
    }

    /// Writes a TMX of every translated segment.
    pub fn export_tmx(
        &self,
        path: &Path,
        style: LangStyle,
        progress: &mut dyn Progress,
    ) -> Result<WriteSummary> {
        let mut header = TmxHeader::new(self.source_lang.clone());
        header.lang_style = style;
        tmx::write(path, &header, &self.units(false), progress)
    }

    /// Adds the confirmed segments to the memory.
    pub fn commit_to_memory(
        &self,
        memory: &mut Memory,
        progress: &mut dyn Progress,
    ) -> Result<AddSummary> {
        memory.add(&self.units(true), Origin::Translation, progress)
    }
}

/// Whether two sentences join without a space: Chinese text on either side of the join.
fn joins_without_space(before: &str, after: &str) -> bool {
    let end = before.chars().next_back();
    let start = after.chars().next();
    let cjk = |c: Option<char>| {
        c.is_some_and(|c| {
            is_han(c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        })
    };
    cjk(end) || cjk(start)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::tm::project::tests::project;
    use crate::tm::script::NoConversion;

    #[test]
    fn paragraphs_are_kept_and_untranslated_segments_keep_their_source() {
        let mut p = project();
        p.set_target(0, "Liangjiang is in Chongqing.").unwrap();
        p.set_target(1, "The CCISF is in May.").unwrap();
        assert_eq!(
            p.translated_text(),
            "Liangjiang is in Chongqing. The CCISF is in May.\n\n进出口额增长12%。\n"
        );
        p.paragraph_break = "\n\n".into();
        assert_eq!(p.translated_paragraphs().len(), 3);
    }

    #[test]
    fn exports_write_files_and_feed_the_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = project();
        p.set_target(0, "Liangjiang is in Chongqing.").unwrap();
        p.confirm(0).unwrap();
        p.set_target(2, "Trade grew 12%.").unwrap();
        let tmx_path = dir.path().join("work.tmx");
        let s = p
            .export_tmx(&tmx_path, LangStyle::Region, &mut NoProgress)
            .unwrap();
        assert_eq!(s.written, 2);
        let doc = tmx::read(&tmx_path, &mut NoProgress).unwrap();
        assert_eq!(
            doc.units[0]
                .props
                .iter()
                .find(|(k, _)| k == PROP_SOURCE_FILE)
                .map(|(_, v)| v.as_str()),
            Some("release.txt")
        );
        p.export_txt(&dir.path().join("out.txt")).unwrap();
        p.export_docx(&dir.path().join("out.docx")).unwrap();
        let mut m = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        let added = p.commit_to_memory(&mut m, &mut NoProgress).unwrap();
        assert_eq!(added.added, 1, "only the confirmed segment");
    }
}
