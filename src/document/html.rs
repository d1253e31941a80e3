//! Parsing HTML with html5ever (through scraper's tree) under the limits in [`crate::limits`].
//!
//! html5ever checks the stack of open elements on nearly every tag, so its time grows with the square of
//! the nesting depth: 200,000 nested `<div>` ran for over a minute. [`parse`] feeds the page in chunks
//! through [`LimitedSink`], which delegates to scraper's sink and watches how deep each new element
//! lands and how many there are; past [`MAX_HTML_DEPTH`] or [`MAX_HTML_ELEMENTS`] it stops after the
//! current chunk and the page is refused with the line where the limit was hit.

use std::borrow::Cow;
use std::cell::{Cell, Ref};
use std::path::Path;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

use crate::limits::{self, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS};
use crate::{Error, Result};

/// Input fed to the parser at a time. The sink cannot stop html5ever inside a chunk, so the work done
/// past a limit before it is noticed is what one chunk can ask for: each tag may reopen every unclosed
/// formatting element (up to the depth limit), so a chunk of at most a few hundred tags keeps that to
/// some hundred thousand elements.
const CHUNK: usize = 2 * 1024;

/// Parses a whole HTML document; `name` names the file in the refusal.
pub(super) fn parse(name: &Path, html: &str) -> Result<Html> {
    let sink = LimitedSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        elements: Cell::new(0),
        line: Cell::new(1),
        exceeded: Cell::new(None),
    };
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (chunk, after) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(chunk));
        rest = after;
        let sink = &parser.tokenizer.sink.sink;
        if let Some(limit) = sink.exceeded.get() {
            return Err(Error::format(
                name,
                Some(sink.line.get() as usize),
                limit.message(),
            ));
        }
    }
    Ok(parser.finish())
}

/// Which limit a page went past.
#[derive(Debug, Clone, Copy)]
enum Exceeded {
    Depth,
    Elements,
}

impl Exceeded {
    fn message(self) -> String {
        match self {
            Exceeded::Depth => limits::exceeded(
                &format!("elements nested more than {MAX_HTML_DEPTH} deep"),
                &format!("{MAX_HTML_DEPTH} nested HTML elements"),
            ),
            Exceeded::Elements => limits::exceeded(
                &format!("more than {MAX_HTML_ELEMENTS} elements"),
                &format!("{MAX_HTML_ELEMENTS} HTML elements per page"),
            ),
        }
    }
}

/// scraper's sink, plus a watch on the depth of each element placed and on their number.
struct LimitedSink {
    inner: HtmlTreeSink,
    elements: Cell<usize>,
    /// The line the tokenizer is on (html5ever reports it), for the refusal.
    line: Cell<u64>,
    exceeded: Cell<Option<Exceeded>>,
}

impl LimitedSink {
    /// Notes a limit passed by a node just placed in the tree. The walk up stops at the limit, so it
    /// costs at most [`MAX_HTML_DEPTH`] steps however deep the tree is.
    fn check(&self, child: &NodeOrText<ego_tree::NodeId>) {
        let NodeOrText::AppendNode(id) = child else {
            return;
        };
        if self.exceeded.get().is_some() {
            return;
        }
        let html = self.inner.0.borrow();
        let depth = html
            .tree
            .get(*id)
            .map_or(0, |node| node.ancestors().take(MAX_HTML_DEPTH + 1).count());
        if depth > MAX_HTML_DEPTH {
            self.exceeded.set(Some(Exceeded::Depth));
        }
    }
}

impl TreeSink for LimitedSink {
    type Handle = ego_tree::NodeId;
    type Output = Html;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    fn get_document(&self) -> Self::Handle {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a Self::Handle) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Self::Handle {
        let n = self.elements.get() + 1;
        self.elements.set(n);
        if n > MAX_HTML_ELEMENTS && self.exceeded.get().is_none() {
            self.exceeded.set(Some(Exceeded::Elements));
        }
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> Self::Handle {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Self::Handle {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &Self::Handle, child: NodeOrText<Self::Handle>) {
        let watch = watched(&child);
        self.inner.append(parent, child);
        self.check(&watch);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Self::Handle,
        prev_element: &Self::Handle,
        child: NodeOrText<Self::Handle>,
    ) {
        let watch = watched(&child);
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
        self.check(&watch);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }

    fn mark_script_already_started(&self, node: &Self::Handle) {
        self.inner.mark_script_already_started(node)
    }

    fn pop(&self, node: &Self::Handle) {
        self.inner.pop(node)
    }

    fn get_template_contents(&self, target: &Self::Handle) -> Self::Handle {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &Self::Handle, y: &Self::Handle) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &Self::Handle, new_node: NodeOrText<Self::Handle>) {
        let watch = watched(&new_node);
        self.inner.append_before_sibling(sibling, new_node);
        self.check(&watch);
    }

    fn add_attrs_if_missing(&self, target: &Self::Handle, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn associate_with_form(
        &self,
        target: &Self::Handle,
        form: &Self::Handle,
        nodes: (&Self::Handle, Option<&Self::Handle>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }

    fn remove_from_parent(&self, target: &Self::Handle) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &Self::Handle, new_parent: &Self::Handle) {
        self.inner.reparent_children(node, new_parent)
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Self::Handle) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        if self.exceeded.get().is_none() {
            self.line.set(line_number);
        }
        self.inner.set_current_line(line_number)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &Self::Handle) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &Self::Handle,
        template: &Self::Handle,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &Self::Handle) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option)
    }
}

/// The node an insertion places, to be checked once it is in the tree (text adds no depth).
fn watched(child: &NodeOrText<ego_tree::NodeId>) -> NodeOrText<ego_tree::NodeId> {
    match child {
        NodeOrText::AppendNode(id) => NodeOrText::AppendNode(*id),
        NodeOrText::AppendText(_) => NodeOrText::AppendText(StrTendril::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(name: &str, page: &str) -> String {
        match parse(Path::new(name), page) {
            Ok(_) => "parsed".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn deep_nesting_is_refused_quickly_with_the_line() {
        let n = 200_000;
        let page = format!(
            "<html><body>\n{}text{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let err = refusal("deep.html", &page);
        assert!(
            err.starts_with("deep.html:2: elements nested more than 512 deep: refused"),
            "{err}"
        );
        // Unclosed formatting elements that html5ever reopens in every paragraph nest too (distinct ones:
        // it keeps at most three alike).
        let page: String = (0..2_000).map(|i| format!("<p><b id={i}>")).collect();
        let err = refusal("b.html", &page);
        assert!(err.contains("nested more than 512"), "{err}");
    }

    #[test]
    fn ordinary_pages_parse_as_before() {
        let page = format!(
            "<html><body>{}{}</body></html>",
            "<div>".repeat(MAX_HTML_DEPTH - 3),
            "</div>".repeat(MAX_HTML_DEPTH - 3)
        );
        assert!(parse(Path::new("ok.html"), &page).is_ok());
        let table = "<table><tr><td><div>x</td></tr></table>".repeat(5_000);
        assert!(parse(Path::new("t.html"), &table).is_ok());
    }
}
