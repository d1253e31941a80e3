//! A bilingual side-by-side HTML page for review and printing: one table row per bead, coloured by
//! confidence, every text escaped, with print styles (no colours wasted on paper, rows kept whole).

use crate::align::{Alignment, DOUBTFUL_BELOW};

/// Labels for the page.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// Page title (e.g. the two file names).
    pub title: String,
    /// Name of the Chinese file, shown in the header.
    pub zh_name: String,
    /// Name of the English file.
    pub en_name: String,
}

/// Writes the page.
pub fn to_html(a: &Alignment, opts: &HtmlOptions) -> String {
    let title = if opts.title.is_empty() {
        "Alignment"
    } else {
        &opts.title
    };
    let doubtful = a.beads.iter().filter(|b| b.is_doubtful()).count();
    let mut out = String::with_capacity(256 + a.beads.len() * 200);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(STYLE);
    out.push_str("</head>\n<body>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    out.push_str(&format!(
        "<p class=\"summary\">{} beads, {} Chinese and {} English sentences; {} doubtful (confidence below {:.0}%).</p>\n",
        a.beads.len(),
        a.zh.len(),
        a.en.len(),
        doubtful,
        DOUBTFUL_BELOW * 100.0
    ));
    out.push_str("<table>\n<thead><tr><th class=\"n\">#</th>");
    out.push_str(&format!(
        "<th lang=\"zh\">{}</th><th>{}</th><th class=\"c\">Confidence</th></tr></thead>\n<tbody>\n",
        escape(if opts.zh_name.is_empty() {
            "中文"
        } else {
            &opts.zh_name
        }),
        escape(if opts.en_name.is_empty() {
            "English"
        } else {
            &opts.en_name
        }),
    ));
    for (k, b) in a.beads.iter().enumerate() {
        let class = if b.accepted {
            "accepted"
        } else if b.confidence >= 0.8 {
            "high"
        } else if b.confidence >= DOUBTFUL_BELOW {
            "medium"
        } else {
            "low"
        };
        out.push_str(&format!(
            "<tr class=\"{class}\"><td class=\"n\">{}</td><td lang=\"zh\">",
            k + 1
        ));
        out.push_str(&sentences(&a.zh[b.zh.clone()]));
        out.push_str("</td><td lang=\"en\">");
        out.push_str(&sentences(&a.en[b.en.clone()]));
        let mark = if b.accepted { " ✓" } else { "" };
        out.push_str(&format!(
            "</td><td class=\"c\">{:.0}%{mark}</td></tr>\n",
            b.confidence * 100.0
        ));
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

fn sentences(list: &[String]) -> String {
    if list.is_empty() {
        return "<span class=\"empty\">—</span>".into();
    }
    list.iter()
        .map(|s| format!("<span class=\"s\">{}</span>", escape(s)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "<style>
body { font-family: 'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans', sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.3em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 0.35em 0.5em; vertical-align: top; text-align: left; }
th.n, td.n { width: 3em; color: #666; }
th.c, td.c { width: 6.5em; text-align: right; }
td[lang=zh] { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif; }
tr.high td.c { background: #d8f0d8; }
tr.medium td.c { background: #fbeec2; }
tr.low td { background: #fbe0dc; }
tr.accepted td.c { background: #d6e6fa; }
.s + .s { border-left: 2px solid #ccc; padding-left: 0.3em; }
.empty { color: #999; }
@media print {
  body { margin: 0; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  tr.low td { background: none; }
  tr.low td.c, tr.medium td.c { font-weight: bold; }
}
</style>
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    #[test]
    fn escapes_and_colours() {
        let a = Alignment {
            zh: vec!["<b>甲</b> & 乙".into()],
            en: vec!["A \"quoted\" <i>".into(), "Extra.".into()],
            beads: vec![Bead::new(0..1, 0..1, 0.95), Bead::new(1..1, 1..2, 0.2)],
        };
        let html = to_html(
            &a,
            &HtmlOptions {
                title: "a<b".into(),
                ..Default::default()
            },
        );
        assert!(html.contains("<title>a&lt;b</title>"));
        assert!(html.contains("&lt;b&gt;甲&lt;/b&gt; &amp; 乙"));
        assert!(html.contains("A &quot;quoted&quot; &lt;i&gt;"));
        assert!(!html.contains("<i>"));
        assert!(html.contains("<tr class=\"high\">") && html.contains("<tr class=\"low\">"));
        assert!(html.contains("1 doubtful"));
    }
}
