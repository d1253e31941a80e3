//! The big hostile inputs, made at test time rather than committed: bombs, deep nesting, 200,000 columns,
//! 10 MB lines and fields. Each is a [`Big`] case with the reader that opens it and the outcome expected.

use std::fmt::Write as _;

use super::{Expect, Reader};

/// A generated case.
pub struct Big {
    pub name: &'static str,
    pub reader: Reader,
    pub expect: Expect,
    pub make: fn() -> Vec<u8>,
}

const MB: usize = 1 << 20;

fn error(text: &str) -> Expect {
    Expect::Error(text.to_string())
}

fn ok(n: usize) -> Expect {
    Expect::Ok(Some(n), None)
}

/// Every generated case.
pub fn cases() -> Vec<Big> {
    vec![
        Big {
            name: "docx_bomb_1_5_gb.docx",
            reader: Reader::Doc,
            expect: error("over the limit of 64 MiB per .docx part"),
            make: || docx_bomb(1500, None),
        },
        Big {
            name: "docx_bomb_understated.docx",
            reader: Reader::Doc,
            expect: error("word/document.xml"),
            make: || docx_bomb(1500, Some(10_000)),
        },
        Big {
            name: "docx_200k_nested.docx",
            reader: Reader::Doc,
            expect: error("over the limit of 512 nested XML elements"),
            make: || {
                let xml = format!(
                    "<w:document><w:body>{}{}</w:body></w:document>",
                    "<w:sdt>".repeat(200_000),
                    "</w:sdt>".repeat(200_000)
                );
                zip_stored("word/document.xml", xml.as_bytes())
            },
        },
        Big {
            name: "html_200k_nested_divs.html",
            reader: Reader::Doc,
            expect: error("over the limit of 512 nested HTML elements"),
            make: || {
                format!(
                    "<html><body>{}text{}</body></html>",
                    "<div>".repeat(200_000),
                    "</div>".repeat(200_000)
                )
                .into_bytes()
            },
        },
        Big {
            name: "html_10mb_tags.html",
            reader: Reader::Doc,
            expect: error("over the limit of 500000 HTML elements per page"),
            make: || "<b></b>".repeat(10 * MB / 7).into_bytes(),
        },
        Big {
            name: "html_10mb_page.html",
            reader: Reader::Doc,
            expect: ok(2 * 40_000),
            make: || {
                let mut page = String::from("<html><body>");
                for i in 0..40_000 {
                    let _ = writeln!(
                        page,
                        "<p>The fair in Chongqing signed contract number {i} with partners from abroad. \
                         重庆博览会签署了第{i}号合同，伙伴来自海外。</p>"
                    );
                }
                page.push_str("</body></html>");
                page.into_bytes()
            },
        },
        Big {
            name: "md_10mb_inline_html.md",
            reader: Reader::Doc,
            expect: ok(1_164),
            make: || {
                let para = format!("{}end.\n\n", "<b>x</b> ".repeat(1_000));
                para.repeat(10 * MB / para.len()).into_bytes()
            },
        },
        Big {
            name: "md_10mb_one_paragraph.md",
            reader: Reader::Doc,
            expect: error("over the limit of 4 MiB per Markdown block"),
            make: || "<b>x</b> ".repeat(10 * MB / 9).into_bytes(),
        },
        Big {
            name: "txt_10mb_one_line.txt",
            reader: Reader::Doc,
            expect: ok(1),
            make: || "两江新区".repeat(10 * MB / 12).into_bytes(),
        },
        Big {
            name: "txt_10mb_nul.txt",
            reader: Reader::Doc,
            expect: error("this is binary data"),
            make: || vec![0u8; 10 * MB],
        },
        Big {
            name: "csv_200k_columns.csv",
            reader: Reader::Glossary,
            expect: Expect::Ok(
                Some(0),
                Some("over the limit of 1000 terms per entry".into()),
            ),
            make: || {
                let header = vec!["en"; 200_000].join(",");
                let row: Vec<String> = (0..200_000).map(|i| format!("term{i}")).collect();
                format!("{header}\n{}\n", row.join(",")).into_bytes()
            },
        },
        Big {
            name: "csv_200k_unknown_columns.csv",
            reader: Reader::Glossary,
            expect: Expect::Ok(Some(1), Some("more warnings not shown".into())),
            make: || {
                let mut header = String::from("en,zh-Hans");
                let mut row = String::from("port,港口");
                for i in 0..200_000 {
                    let _ = write!(header, ",c{i}");
                    row.push_str(",x");
                }
                format!("{header}\n{row}\n").into_bytes()
            },
        },
        Big {
            name: "csv_10mb_field.csv",
            reader: Reader::Glossary,
            expect: ok(1),
            make: || {
                let field = "free, \"\"trade\"\" zone ".repeat(10 * MB / 22);
                format!("en,zh-Hans\n\"{field}\",自由贸易区\n").into_bytes()
            },
        },
        Big {
            name: "csv_100k_rows_one_term.csv",
            reader: Reader::Glossary,
            expect: ok(100_000),
            make: || {
                let mut csv = String::from("en,zh-Hans\n");
                for i in 0..100_000 {
                    let _ = writeln!(csv, "port,港口{i}");
                }
                csv.into_bytes()
            },
        },
        Big {
            name: "tmx_10mb_one_line.tmx",
            reader: Reader::Tm,
            expect: ok(60_000),
            make: || {
                let mut tmx = String::from(
                    "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"zh-CN\" creationtool=\"t\" \
                     creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" datatype=\"plaintext\"/><body>",
                );
                for i in 0..60_000 {
                    let _ = write!(
                        tmx,
                        "<tu><tuv xml:lang=\"zh-CN\"><seg>重庆第{i}号合同。</seg></tuv>\
                         <tuv xml:lang=\"en\"><seg>Contract {i} of Chongqing.</seg></tuv></tu>"
                    );
                }
                tmx.push_str("</body></tmx>");
                tmx.into_bytes()
            },
        },
        Big {
            name: "tmx_200k_nested_hi.tmx",
            reader: Reader::Tm,
            expect: error("over the limit of 512 nested XML elements"),
            make: || {
                tmx_with_seg(&format!(
                    "{}deep{}",
                    "<hi>".repeat(200_000),
                    "</hi>".repeat(200_000)
                ))
            },
        },
        Big {
            name: "tmx_100k_open_codes.tmx",
            reader: Reader::Tm,
            expect: error("has no matching <ept>"),
            make: || {
                let seg: String = (0..100_000)
                    .map(|i| format!("<bpt i=\"{i}\">&lt;b></bpt>x"))
                    .collect();
                tmx_with_seg(&seg)
            },
        },
        Big {
            name: "tmx_10mb_unknown_elements.tmx",
            reader: Reader::Tm,
            expect: Expect::Ok(Some(0), Some("more warnings not shown".into())),
            make: || {
                let head = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>";
                format!("{head}{}</body></tmx>", "<x/>".repeat(10 * MB / 4)).into_bytes()
            },
        },
        Big {
            name: "tbx_200k_nested.tbx",
            reader: Reader::Glossary,
            expect: error("over the limit of 512 nested XML elements"),
            make: || {
                tbx_with_entry(&format!(
                    "<termEntry id=\"e\">{}{}</termEntry>",
                    "<descripGrp>".repeat(200_000),
                    "</descripGrp>".repeat(200_000)
                ))
            },
        },
        Big {
            name: "tbx_100k_notes.tbx",
            reader: Reader::Glossary,
            expect: ok(1),
            make: || {
                let notes: String = (0..100_000)
                    .map(|i| format!("<descrip type=\"definition\">note {i}</descrip>"))
                    .collect();
                tbx_with_entry(&format!(
                    "<termEntry id=\"e\">{notes}<langSet xml:lang=\"en\"><tig><term>port</term></tig></langSet>\
                     <langSet xml:lang=\"zh-Hans\"><tig><term>港口</term></tig></langSet></termEntry>"
                ))
            },
        },
    ]
}

fn tmx_with_seg(seg: &str) -> Vec<u8> {
    format!(
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv></tu></body></tmx>"
    )
    .into_bytes()
}

fn tbx_with_entry(entry: &str) -> Vec<u8> {
    format!(
        "<martif type=\"TBX-Basic\" xml:lang=\"en\"><martifHeader><fileDesc><sourceDesc><p>t</p></sourceDesc>\
         </fileDesc></martifHeader><text><body>{entry}</body></text></martif>"
    )
    .into_bytes()
}

/// A .docx whose `word/document.xml` expands to `mib` MiB of empty paragraphs, built without compressing
/// them: one MiB is deflated once into a block that ends on a byte boundary and refers to nothing before
/// it, and the block is repeated (a 1.5 GB bomb in 1.5 MB, in milliseconds). `stated` puts a false
/// uncompressed size in the archive.
fn docx_bomb(mib: usize, stated: Option<u32>) -> Vec<u8> {
    let head = b"<w:document><w:body><w:p><w:r><w:t>Hello.</w:t></w:r></w:p>";
    let chunk = "<w:p/>".repeat(MB / 6);
    let tail = b"</w:body></w:document>";
    let mut data = deflate_block(head);
    let block = deflate_block(chunk.as_bytes());
    for _ in 0..mib {
        data.extend_from_slice(&block);
    }
    data.extend_from_slice(&deflate_block(tail));
    // A final empty block ends the stream.
    data.extend_from_slice(&[0x03, 0x00]);
    let size = head.len() + mib * chunk.len() + tail.len();
    let size = stated.unwrap_or(u32::try_from(size).expect("under 4 GiB"));
    // The CRC is never reached: the reader stops long before the end.
    zip_raw("word/document.xml", 8, &data, size, 0)
}

/// Raw deflate of `bytes` from an empty window, ending with a sync flush (byte-aligned, not final).
fn deflate_block(bytes: &[u8]) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(bytes.len() / 100 + 64);
    let mut input = bytes;
    loop {
        let before_in = c.total_in();
        out.reserve(64 * 1024);
        c.compress_vec(input, &mut out, flate2::FlushCompress::Sync)
            .expect("deflate");
        let used = (c.total_in() - before_in) as usize;
        input = &input[used..];
        if input.is_empty() && out.capacity() > out.len() {
            return out;
        }
    }
}

/// A zip of one stored (uncompressed) entry.
fn zip_stored(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        crc.sum()
    };
    let size = u32::try_from(data.len()).expect("small");
    zip_raw(name, 0, data, size, crc)
}

/// A zip archive of one entry whose data is given as it is stored (`method` 0 stored, 8 deflated).
fn zip_raw(name: &str, method: u16, data: &[u8], size: u32, crc: u32) -> Vec<u8> {
    let compressed = u32::try_from(data.len()).expect("small");
    let name = name.as_bytes();
    let name_len = u16::try_from(name.len()).expect("short");
    let mut zip = Vec::with_capacity(data.len() + 200);
    // Local file header.
    zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    for v in [20u16, 0, method, 0, 0x21] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc, compressed, size] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(name);
    zip.extend_from_slice(data);
    // Central directory.
    let directory = zip.len();
    zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    for v in [20u16, 20, 0, method, 0, 0x21] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc, compressed, size] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    for v in [name_len, 0, 0, 0, 0] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(name);
    let directory_len = zip.len() - directory;
    // End of central directory.
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, 1, 1] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&u32::try_from(directory_len).expect("small").to_le_bytes());
    zip.extend_from_slice(&u32::try_from(directory).expect("small").to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}
