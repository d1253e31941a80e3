//! The `boilerplate` rule: lines that belong to the web page, not the release — breadcrumbs
//! ("Home>News Content", "当前位置：首页 > 新闻"), navigation bars, source/author/date headers, copyright
//! and ICP licence lines, contact lines ("Tel:"), host/organiser lines, QR-code captions, and orphan
//! headings such as "More Information" whose content was lost in scraping.
//!
//! Each line gets a confidence; lines at or above the threshold are moved to the side list (a change that
//! deletes the line and can be rejected to restore it), the others are flagged. The date, source, author and
//! publisher in header lines are kept as [`Metadata`]. Body text is protected by length: a line longer than
//! [`MAX_LINE`] bytes is never boilerplate.

use std::sync::OnceLock;

use regex::Regex;

use super::edits::Edit;
use super::pipeline::ChunkContext;
use super::report::Metadata;
use super::text::{Line, lines};

/// Longer lines are body text.
const MAX_LINE: usize = 400;

struct Patterns {
    /// Something every boilerplate line has (a word or mark the patterns below need): lines without it are
    /// not looked at, which keeps the rule fast on body text.
    trigger: Regex,
    label: Regex,
    copyright: Regex,
    breadcrumb: Regex,
    qr: Regex,
    nav: Regex,
    heading: Regex,
    date: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("boilerplate pattern");
        Patterns {
            // Header and contact labels. Capitalised English labels also match glued to the previous word
            // ("CommerceUndertaker:"), as scraped headers often are.
            label: re(concat!(
                r"(?:(?-u:\b)(?i:source|soruce|sourse|author|writer|editor|reporter|add\s?time|publish(?:ed)?(?:\s(?:time|date|on))?",
                r"|release\s(?:time|date)|post(?:ed)?\s(?:time|date|on)|date|time|updated?|views|hits|clicks|font\ssize",
                r"|host|sponsor|organi[sz]er|undertaker|tel|telephone|phone|fax|e-?mail|address|zip\scode|postcode)",
                r"|(?:Source|Author|Editor|Add Time|Date|Time|Host|Sponsor|Organizer|Undertaker|Tel|Fax|E-mail|Address)",
                r"|来源|來源|作者|编辑|編輯|责任编辑|責任編輯|发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|日期|时间|時間|浏览次数|瀏覽次數",
                r"|点击数|點擊數|字号|字號|主办|主辦|承办|承辦|协办|協辦|电话|電話|传真|傳真|地址|邮编|郵編)\s*[:：]"
            )),
            copyright: re(concat!(
                r"(?i)(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}|by(?-u:\b))|all\s+rights\s+reserved|版权所有|版權所有",
                r"|ICP\s*[备備证證]|ICP\s*licen[cs]e|公网安备|公網安備|网安备"
            )),
            breadcrumb: re(concat!(
                r"(?i)^\s*(?:position|location|current\s+location|you\s+are\s+here|当前位置|當前位置|您的位置|您现在的位置|所在位置)\s*[:：]",
                r"|^\s*(?:home|首页|首頁|主页)\s*(?:>|»|›|＞|->|/)|(?-u:\b)home\s*(?:>|»|›|＞)"
            )),
            qr: re(r"(?i)(?-u:\b)qr\s*code(?-u:\b)|二维码|二維碼|扫一扫|掃一掃|(?-u:\b)wechat(?-u:\b)|(?-u:\b)weixin(?-u:\b)|微信公众号|微信公眾號"),
            nav: re(concat!(
                r"(?i)(?-u:\b)(?:home\s?page|sitemap|site\s+map|contact\s+us|about\s+us|log\s?in|sign\s+in|register|english\s+version)(?-u:\b)",
                r"|中文版|简体版|繁體版|English|首页|首頁|主页|網站地圖|网站地图|联系我们|聯絡我們|关于我们|登录|登入|注册"
            )),
            heading: re(concat!(
                r"(?i)^(?:more\s+information|more\s+info|related\s+(?:links|news|articles|stories)|share(?:\s+this(?:\s+(?:article|page))?)?",
                r"|print(?:\s+this\s+page)?|back\s+to\s+top|return\s+to\s+top|close\s+window|相关链接|相關連結|相关新闻|相關新聞",
                r"|更多信息|更多資訊|分享到?|返回顶部|返回頂部|打印本页|列印本頁|关闭窗口|關閉窗口|【打印】|【关闭】)\s*[:：]?$"
            )),
            date: re(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"),
            trigger: re(concat!(
                r"(?i)[:：>»›＞|｜©]|\(c\)|copyright|rights|版权|版權|icp|网安备|網安備|home|首页|首頁|主页",
                r"|qr|二维码|二維碼|扫一扫|掃一掃|wechat|weixin|微信|sitemap|site\s+map|contact|about\s+us|log\s?in",
                r"|sign\s+in|register|english|中文版|简体版|繁體版|網站地圖|网站地图|联系我们|聯絡我們|关于我们|登录|登入",
                r"|注册|more\s+info|related|share|print|back\s+to|return\s+to|close\s+window|相关|相關|更多|分享|返回",
                r"|打印|列印|关闭|關閉"
            )),
        }
    })
}

/// What a line was taken for.
struct Verdict {
    confidence: f32,
    reason: &'static str,
    heading: bool,
}

/// Finds boilerplate lines in `text`, and the metadata in them.
pub(crate) fn find(text: &str, ctx: ChunkContext, threshold: f32) -> (Vec<Edit>, Metadata) {
    let all: Vec<Line> = lines(text).collect();
    let mut metadata = Metadata::default();
    let mut verdicts: Vec<Option<Verdict>> =
        std::iter::repeat_with(|| None).take(all.len()).collect();
    // Only short lines can be boilerplate (`classify` turns longer ones down), and most of a release's bytes
    // are in long paragraphs: look for the trigger in the short lines alone.
    for (i, line) in all.iter().enumerate() {
        let content = &text[line.content()];
        if content.len() > MAX_LINE || !patterns().trigger.is_match(content) {
            continue;
        }
        verdicts[i] = classify(content, &mut metadata);
    }
    // A heading is orphaned when nothing but blank lines or boilerplate follows it. An orphaned heading that
    // is moved aside is boilerplate to the heading before it too ("More Information" twice at the end):
    // judged from the last line up, so that cleaning the cleaned text moves nothing more.
    for i in (0..all.len()).rev() {
        if !verdicts[i].as_ref().is_some_and(|v| v.heading) {
            continue;
        }
        let mut blanks = 0;
        let mut next = None;
        for j in i + 1..all.len() {
            if text[all[j].content()].trim().is_empty() {
                blanks += 1;
            } else {
                next = Some(j);
                break;
            }
        }
        let orphan = match next {
            None => ctx.at_end,
            Some(j) => {
                blanks >= 2
                    || verdicts[j]
                        .as_ref()
                        .is_some_and(|v| !v.heading || v.confidence >= threshold)
            }
        };
        if let Some(v) = verdicts[i].as_mut() {
            v.confidence = if orphan { 0.8 } else { 0.5 };
        }
    }
    let mut edits = Vec::new();
    let mut previous_removed = false;
    for (i, line) in all.iter().enumerate() {
        let Some(v) = &verdicts[i] else {
            previous_removed = false;
            continue;
        };
        let mut range = line.start..line.end;
        // The last line has no break of its own: take the one before it, unless that line goes too.
        if !line.has_break() && i > 0 && !previous_removed && line.start > 0 {
            range.start = all[i - 1].content_end;
        }
        let shown = &text[line.content()];
        if v.confidence >= threshold {
            edits.push(Edit::fix(
                range,
                "",
                format!("{}: moved aside", v.reason),
                v.confidence,
            ));
            previous_removed = true;
        } else {
            edits.push(Edit::flag(
                range,
                "",
                format!(
                    "{} (not sure): \"{}\" could be moved aside",
                    v.reason,
                    shorten(shown)
                ),
                v.confidence,
            ));
            previous_removed = false;
        }
    }
    (edits, metadata)
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn classify(line: &str, metadata: &mut Metadata) -> Option<Verdict> {
    let trimmed = line.trim();
    if trimmed.is_empty() || line.len() > MAX_LINE {
        return None;
    }
    let p = patterns();
    let verdict = |confidence, reason| {
        Some(Verdict {
            confidence,
            reason,
            heading: false,
        })
    };
    if p.copyright.is_match(trimmed) && trimmed.len() <= 300 {
        return verdict(0.97, "copyright or licence line");
    }
    let labels: Vec<regex::Match> = p.label.find_iter(trimmed).collect();
    if p.breadcrumb.is_match(trimmed) {
        return verdict(0.95, "breadcrumb navigation");
    }
    if !labels.is_empty() {
        let at_start = labels[0].start() <= 3;
        let fields: Vec<Field> = labels.iter().map(|m| field_of(m.as_str())).collect();
        let found = if labels.len() >= 2 && (at_start || trimmed.len() <= 200) {
            let reason = if fields.contains(&Field::Publisher) {
                "host or organiser line"
            } else if fields.iter().all(|f| *f == Field::Contact) {
                "contact line"
            } else {
                "source, author and date header"
            };
            Some((0.95, reason))
        } else if at_start && trimmed.len() <= 160 {
            match fields[0] {
                Field::Contact => Some((0.85, "contact line")),
                Field::Publisher => Some((0.85, "host or organiser line")),
                Field::Source | Field::Author => Some((0.85, "source or author header")),
                Field::Date if trimmed.len() <= 60 => Some((0.75, "date header")),
                _ => None,
            }
        } else {
            None
        };
        if let Some((confidence, reason)) = found {
            read_fields(trimmed, &labels, metadata);
            return verdict(confidence, reason);
        }
    }
    if p.qr.is_match(trimmed) && trimmed.chars().count() <= 60 {
        return verdict(0.9, "QR-code caption");
    }
    let nav = p.nav.find_iter(trimmed).count();
    let bars = trimmed.matches(['|', '｜']).count();
    if trimmed.len() <= 160 && nav >= 1 && (bars >= 1 || nav >= 2) {
        return verdict(0.85, "navigation bar");
    }
    if p.heading.is_match(trimmed) {
        return Some(Verdict {
            confidence: 0.5,
            reason: "orphan heading",
            heading: true,
        });
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Source,
    Author,
    Date,
    Publisher,
    Contact,
    Other,
}

fn field_of(label: &str) -> Field {
    let l = label.trim_end_matches([':', '：', ' ']).to_lowercase();
    match l.as_str() {
        "source" | "soruce" | "sourse" | "来源" | "來源" => Field::Source,
        "author" | "writer" | "editor" | "reporter" | "作者" | "编辑" | "編輯" | "责任编辑"
        | "責任編輯" => Field::Author,
        "host" | "sponsor" | "organizer" | "organiser" | "undertaker" | "主办" | "主辦"
        | "承办" | "承辦" | "协办" | "協辦" => Field::Publisher,
        "tel" | "telephone" | "phone" | "fax" | "e-mail" | "email" | "address" | "zip code"
        | "postcode" | "电话" | "電話" | "传真" | "傳真" | "地址" | "邮编" | "郵編" => {
            Field::Contact
        }
        "views" | "hits" | "clicks" | "font size" | "浏览次数" | "瀏覽次數" | "点击数"
        | "點擊數" | "字号" | "字號" => Field::Other,
        _ => Field::Date,
    }
}

/// Reads the value after each label (up to the next label) into the metadata's empty fields.
fn read_fields(line: &str, labels: &[regex::Match], metadata: &mut Metadata) {
    for (k, m) in labels.iter().enumerate() {
        let end = labels
            .get(k + 1)
            .map_or(line.len(), |next| value_end(line, m.end(), next));
        let value = line[m.end()..end]
            .trim_matches(|c: char| c.is_whitespace() || "|｜/-—,，;；【】[]".contains(c));
        if value.is_empty() || value.chars().count() > 100 {
            continue;
        }
        let slot = match field_of(m.as_str()) {
            Field::Source => &mut metadata.source,
            Field::Author => &mut metadata.author,
            Field::Publisher
                if m.as_str().to_lowercase().starts_with("host")
                    || m.as_str().starts_with('主') =>
            {
                &mut metadata.publisher
            }
            Field::Date => &mut metadata.date,
            _ => continue,
        };
        if slot.is_some() {
            continue;
        }
        *slot = Some(match field_of(m.as_str()) {
            Field::Date => normalise_date(value),
            _ => value.to_owned(),
        });
    }
    if metadata.date.is_none() {
        if let Some(d) = patterns().date.find(line) {
            metadata.date = Some(normalise_date(d.as_str()));
        }
    }
}

/// Where the value that starts at `from` ends, given the label after it. Usually where that label starts;
/// but a bare 时间/時間/日期 glued to the word before it is labelled by that word too (更新时间, 发表时间,
/// a 發佈時間 the list lacks): when a space separates that word from the value, the value ends there, so
/// that "来源：某某网  更新时间：…" gives the source 某某网, not 某某网  更新.
fn value_end(line: &str, from: usize, next: &regex::Match) -> usize {
    let start = next.start();
    let bare = matches!(
        next.as_str()
            .trim_end_matches(|c: char| c == ':' || c == '：' || c.is_whitespace()),
        "时间" | "時間" | "日期"
    );
    let glued = line[..start]
        .chars()
        .next_back()
        .is_some_and(super::text::is_han);
    if bare && glued && start > from {
        if let Some(space) = line[from..start].rfind(char::is_whitespace) {
            return from + space;
        }
    }
    start
}

fn normalise_date(value: &str) -> String {
    match patterns().date.captures(value) {
        Some(c) => {
            let n = |i: usize| {
                c.get(i)
                    .and_then(|m| m.as_str().parse::<u32>().ok())
                    .unwrap_or(0)
            };
            format!("{:04}-{:02}-{:02}", n(1), n(2), n(3))
        }
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(text: &str) -> (Vec<String>, Metadata) {
        let (edits, meta) = find(
            text,
            ChunkContext {
                at_start: true,
                at_end: true,
            },
            0.6,
        );
        let lines = edits
            .iter()
            .filter(|e| e.kind == super::super::ChangeKind::Fix)
            .map(|e| text[e.range.clone()].trim().to_owned())
            .collect();
        (lines, meta)
    }

    #[test]
    fn table() {
        let cases: [(&str, &[&str]); 12] = [
            ("Home>News Content\n\nTrade grows.", &["Home>News Content"]),
            (
                "当前位置：首页 > 新闻中心 > 最新动态\n正文。",
                &["当前位置：首页 > 新闻中心 > 最新动态"],
            ),
            (
                "Welcome to Example Site 主页 | 中文版\nBody text here.",
                &["Welcome to Example Site 主页 | 中文版"],
            ),
            (
                "Body.\nCopyright 2015 All Rights Reserved by Example Commission 京ICP备1234号",
                &["Copyright 2015 All Rights Reserved by Example Commission 京ICP备1234号"],
            ),
            ("Body.\n\nScan the QR code\n", &["Scan the QR code"]),
            ("Body.\nTel: +86-10-1234 5678\n", &["Tel: +86-10-1234 5678"]),
            (
                "More Information\n\n\nThe cost is $10.",
                &["More Information"],
            ),
            ("More Information\nThe cost is $10.", &[]),
            // Both go: the second is orphaned, and then so is the first.
            (
                "Body.\nMore Information\nMore Information\n",
                &["More Information", "More Information"],
            ),
            ("More Information\nMore Information\nThe cost is $10.", &[]),
            (
                "Copyright law reform is on the agenda of the trade talks this year.",
                &[],
            ),
            (
                "The source of the growth: exports to the United States rose by ten per cent last year.",
                &[],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(moved(input).0, want, "{input}");
        }
    }

    #[test]
    fn header_gives_metadata() {
        let (lines, meta) = moved(
            "Title\nSource:Example Office Author:Jane Doe Add Time:2014-10-27 00:00:00\nBody.",
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(meta.source.as_deref(), Some("Example Office"));
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(meta.date.as_deref(), Some("2014-10-27"));
        let (_, meta) = moved(
            "Host: Example CommissionUndertaker: Example Association\n来源：商务部 发布时间：2021年6月4日\n",
        );
        assert_eq!(meta.publisher.as_deref(), Some("Example Commission"));
        assert_eq!(meta.source.as_deref(), Some("商务部"));
        assert_eq!(meta.date.as_deref(), Some("2021-06-04"));
    }

    #[test]
    fn source_stops_before_the_publish_time_on_the_same_line() {
        // 發佈 (the Taiwan form of 發布) before 時間, after two spaces.
        let (lines, meta) =
            moved("臺北市貿易簡訊\n來源：臺北市商業處  發佈時間：2024-01-02\n正文。\n");
        assert_eq!(lines, ["來源：臺北市商業處  發佈時間：2024-01-02"]);
        assert_eq!(meta.source.as_deref(), Some("臺北市商業處"));
        assert_eq!(meta.date.as_deref(), Some("2024-01-02"));
        // On a line of its own, 發佈時間 is a date header like 發布時間.
        let (lines, _) = moved("正文。\n發佈時間：2024-01-02\n");
        assert_eq!(lines, ["發佈時間：2024-01-02"]);
        // A time label the list only knows by its last two characters.
        let (_, meta) = moved("来源：重庆商务网  更新时间：2023-05-06 10:00\n正文。\n");
        assert_eq!(meta.source.as_deref(), Some("重庆商务网"));
        assert_eq!(meta.date.as_deref(), Some("2023-05-06"));
        // Without a space before it, the word stays with the value: nothing says where it would end.
        let (_, meta) = moved("来源：重庆商务网更新时间：2023-05-06\n");
        assert_eq!(meta.source.as_deref(), Some("重庆商务网更新"));
    }
}
