//! Converting files and whole folders, for the GUI and the CLI alike.
//!
//! Sources are never modified: an output path equal to its input is refused, and every output is
//! written to a temporary file and renamed into place (`export::write_atomic_with`). Input encodings
//! are decided by the foundation's detection (`document::decode`, run on the first 64 KiB), then the
//! file is decoded and converted in a stream, so memory stays flat however large it is. Output is
//! always UTF-8. Long work reports bytes read to a [`Progress`] and stops with
//! [`Error::Cancelled`] when asked. Main items: [`convert_file`], [`convert_folder`],
//! [`convert_reader`], [`convert_utf8_reader`].

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::Converter;
use super::stream::{ConvertWriter, DecodingInput, Utf8Input};
use crate::document::decode;
use crate::{Error, Progress, Result};

const CHUNK: usize = 64 * 1024;

/// What happened to one converted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The source file.
    pub input: PathBuf,
    /// The converted file.
    pub output: PathBuf,
    /// The source's encoding, as detected or forced (`UTF-8`, `GBK`, `Big5`, ...).
    pub encoding: &'static str,
    /// Size of the source in bytes.
    pub bytes: u64,
    /// Malformed byte sequences replaced by U+FFFD.
    pub replacements: usize,
    /// Byte offset of the first malformed sequence.
    pub first_bad_offset: Option<u64>,
}

/// What happened to a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderReport {
    /// Files converted, in path order.
    pub converted: Vec<FileReport>,
    /// Files left alone, with the reason (binary, unreadable, ...).
    pub skipped: Vec<(PathBuf, String)>,
}

/// The encoding decisions of a stream conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamReport {
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Bytes read.
    pub bytes: u64,
    /// Malformed sequences replaced by U+FFFD.
    pub replacements: usize,
    /// Byte offset of the first malformed sequence.
    pub first_bad_offset: Option<u64>,
}

/// Where an error in a stream came from, so it can name the right file.
enum Fault {
    Read(std::io::Error),
    Write(std::io::Error),
    Cancelled,
}

/// Converts a file in any encoding the foundation detects (or `forced`) into UTF-8 on `writer`.
/// `name` names the input in error messages.
pub fn convert_reader(
    converter: &Converter,
    mut reader: impl Read,
    forced: Option<&'static Encoding>,
    writer: impl Write,
    name: &Path,
    progress: &mut dyn Progress,
) -> Result<StreamReport> {
    match stream_decoding(converter, &mut reader, forced, writer, progress) {
        Ok(r) => Ok(r),
        Err(Fault::Read(e)) => Err(Error::io(name, e)),
        Err(Fault::Write(e)) => Err(Error::io("<output>", e)),
        Err(Fault::Cancelled) => Err(Error::Cancelled),
    }
}

/// Converts strict UTF-8 (such as standard input) into `writer`, line by line. Invalid UTF-8 is an
/// error naming its byte offset.
pub fn convert_utf8_reader(
    converter: &Converter,
    mut reader: impl Read,
    writer: impl Write,
    name: &Path,
    progress: &mut dyn Progress,
) -> Result<u64> {
    let mut out = ConvertWriter::new(converter, writer);
    let mut input = Utf8Input::new();
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    let bad =
        |offset: u64| Error::format(name, None, format!("invalid UTF-8 at byte offset {offset}"));
    loop {
        let n = read_some(&mut reader, &mut buf).map_err(|e| Error::io(name, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        input
            .feed(&buf[..n], |s| out.push(s))
            .map_err(|e| Error::io("<output>", e))?
            .map_err(bad)?;
        if !progress.advance(n as u64) {
            return Err(Error::Cancelled);
        }
    }
    input.finish().map_err(bad)?;
    out.finish().map_err(|e| Error::io("<output>", e))?;
    Ok(total)
}

/// Converts the file `input` into `output` (UTF-8), atomically. Refuses to overwrite the input.
pub fn convert_file(
    converter: &Converter,
    input: &Path,
    output: &Path,
    forced: Option<&'static Encoding>,
    progress: &mut dyn Progress,
) -> Result<FileReport> {
    if crate::export::same_file(input, output) {
        return Err(Error::Invalid(format!(
            "{}: the output would overwrite the source; choose another output file",
            output.display()
        )));
    }
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut fault = None;
    let mut report = None;
    let written = crate::export::write_atomic_with(output, |w| {
        match stream_decoding(converter, &mut &file, forced, w, progress) {
            Ok(r) => {
                report = Some(r);
                Ok(())
            }
            Err(Fault::Write(e)) => Err(e),
            Err(f) => {
                fault = Some(f);
                Err(std::io::Error::other("conversion stopped"))
            }
        }
    });
    match (written, fault) {
        (_, Some(Fault::Read(e))) => Err(Error::io(input, e)),
        (_, Some(Fault::Cancelled)) => Err(Error::Cancelled),
        (Err(e), _) => Err(e),
        (Ok(()), _) => {
            let r = report.ok_or_else(|| Error::Invalid("conversion produced no report".into()))?;
            Ok(FileReport {
                input: input.to_path_buf(),
                output: output.to_path_buf(),
                encoding: r.encoding.name(),
                bytes,
                replacements: r.replacements,
                first_bad_offset: r.first_bad_offset,
            })
        }
    }
}

/// Converts every text file under `input_dir` into the same relative path under `output_dir`.
/// Binary files (by the foundation's sniffing) and hidden entries are skipped and listed; a file
/// that fails is listed with its error and the rest go on. `output_dir` may not be `input_dir`; if
/// it lies inside it, it is not walked.
pub fn convert_folder(
    converter: &Converter,
    input_dir: &Path,
    output_dir: &Path,
    progress: &mut dyn Progress,
) -> Result<FolderReport> {
    if crate::export::same_file(input_dir, output_dir) {
        return Err(Error::Invalid(format!(
            "{}: the output folder is the source folder; choose another one",
            output_dir.display()
        )));
    }
    let skip_dir = output_dir.canonicalize().ok();
    let mut files = Vec::new();
    let mut report = FolderReport::default();
    walk(
        input_dir,
        skip_dir.as_deref(),
        &mut files,
        &mut report.skipped,
    )?;
    let total: u64 = files.iter().map(|(_, len)| len).sum();
    progress.start(total, "Converting files");
    for (path, _) in files {
        let rel = path.strip_prefix(input_dir).unwrap_or(&path);
        let out = output_dir.join(rel);
        let mut head = [0u8; 8192];
        let n = std::fs::File::open(&path)
            .and_then(|mut f| read_some(&mut f, &mut head))
            .map_err(|e| Error::io(&path, e));
        match n {
            Err(e) => {
                report.skipped.push((path, e.to_string()));
                continue;
            }
            Ok(n) => {
                if let Some(what) = decode::looks_binary(&head[..n]) {
                    report.skipped.push((path, format!("not text ({what})")));
                    continue;
                }
            }
        }
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        match convert_file(converter, &path, &out, None, progress) {
            Ok(r) => report.converted.push(r),
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(e) => report.skipped.push((path, e.to_string())),
        }
    }
    Ok(report)
}

fn walk(
    dir: &Path,
    skip: Option<&Path>,
    files: &mut Vec<(PathBuf, u64)>,
    skipped: &mut Vec<(PathBuf, String)>,
) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if skip.is_some() && path.canonicalize().ok().as_deref() == skip {
            continue;
        }
        match entry.metadata() {
            Ok(m) if m.is_dir() => walk(&path, skip, files, skipped)?,
            Ok(m) if m.is_file() => files.push((path, m.len())),
            Ok(_) => skipped.push((path, "not a regular file".into())),
            Err(e) => skipped.push((path, e.to_string())),
        }
    }
    Ok(())
}

/// Detects the encoding from the first 64 KiB with the foundation's `decode`, then decodes and
/// converts the whole stream.
fn stream_decoding(
    converter: &Converter,
    reader: &mut dyn Read,
    forced: Option<&'static Encoding>,
    writer: impl Write,
    progress: &mut dyn Progress,
) -> std::result::Result<StreamReport, Fault> {
    let mut head = vec![0u8; CHUNK];
    let n = read_full(reader, &mut head).map_err(Fault::Read)?;
    head.truncate(n);
    // Detection on a prefix: drop a char cut off at its end so valid UTF-8 still looks valid.
    let sample = match std::str::from_utf8(&head) {
        Err(e) if e.error_len().is_none() && n == CHUNK => &head[..e.valid_up_to()],
        _ => &head[..],
    };
    let detected = decode::decode(sample, forced);
    let encoding = detected.encoding;
    let bom = match Encoding::for_bom(&head) {
        Some((e, len)) if e == encoding => len,
        _ => 0,
    };
    let mut input = DecodingInput::new(encoding, bom as u64);
    let mut out = ConvertWriter::new(converter, writer);
    let mut total = n as u64;
    let mut chunk = head.split_off(bom);
    let mut last = n < CHUNK;
    loop {
        input
            .feed(&chunk, last, |s| out.push(s))
            .map_err(Fault::Write)?;
        if !progress.advance(chunk.len() as u64) {
            return Err(Fault::Cancelled);
        }
        if last {
            break;
        }
        chunk.resize(CHUNK, 0);
        let n = read_full(reader, &mut chunk).map_err(Fault::Read)?;
        chunk.truncate(n);
        total += n as u64;
        last = n < CHUNK;
    }
    out.finish().map_err(Fault::Write)?;
    Ok(StreamReport {
        encoding,
        bytes: total,
        replacements: input.replacements,
        first_bad_offset: input.first_bad_offset,
    })
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn read_some(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            r => return r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Config;
    use crate::{CancelFlag, NoProgress};

    #[test]
    fn files_in_any_encoding_become_converted_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let c = Converter::new(Config::T2s);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "big5.txt",
                encoding_rs::BIG5
                    .encode("重慶兩江新區\n之後")
                    .0
                    .into_owned(),
                "Big5",
            ),
            (
                "bom.txt",
                [&b"\xEF\xBB\xBF"[..], "兩江新區".as_bytes()].concat(),
                "UTF-8",
            ),
            ("empty.txt", Vec::new(), "UTF-8"),
        ];
        for (name, bytes, enc) in cases {
            let src = dir.path().join(name);
            std::fs::write(&src, &bytes).unwrap();
            let dst = dir.path().join(format!("out-{name}"));
            let r = convert_file(&c, &src, &dst, None, &mut NoProgress).unwrap();
            assert_eq!(r.encoding, enc, "{name}");
            let got = std::fs::read_to_string(&dst).unwrap();
            let want = c.convert(&decode::decode(&bytes, None).text);
            assert_eq!(got, want, "{name}");
            assert_eq!(std::fs::read(&src).unwrap(), bytes, "source untouched");
        }
        let src = dir.path().join("big5.txt");
        let err = convert_file(&c, &src, &src, None, &mut NoProgress).unwrap_err();
        assert!(err.to_string().contains("overwrite the source"), "{err}");
    }

    #[test]
    fn folders_mirror_and_skip_binaries() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in");
        std::fs::create_dir_all(src.join("sub")).unwrap();
        std::fs::write(src.join("a.txt"), "软件").unwrap();
        std::fs::write(src.join("sub/b.md"), "# 信息").unwrap();
        std::fs::write(src.join("c.pdf"), b"%PDF-1.7 \x00\x01").unwrap();
        std::fs::write(src.join(".hidden"), "x").unwrap();
        let out = src.join("out");
        let c = Converter::new(Config::S2twp);
        let r = convert_folder(&c, &src, &out, &mut NoProgress).unwrap();
        assert_eq!(r.converted.len(), 2);
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "軟體");
        assert_eq!(
            std::fs::read_to_string(out.join("sub/b.md")).unwrap(),
            "# 資訊"
        );
        assert_eq!(r.skipped.len(), 1);
        assert!(r.skipped[0].1.contains("PDF"), "{:?}", r.skipped);
        // Running again does not walk into the output folder.
        let again = convert_folder(&c, &src, &out, &mut NoProgress).unwrap();
        assert_eq!(again.converted.len(), 2);
        assert!(convert_folder(&c, &src, &src, &mut NoProgress).is_err());
        let flag = CancelFlag::new();
        flag.cancel();
        let err = convert_folder(&c, &src, &dir.path().join("o2"), &mut flag.clone()).unwrap_err();
        assert!(matches!(err, Error::Cancelled));
    }

    #[test]
    fn strict_utf8_reader_names_the_bad_offset() {
        let c = Converter::new(Config::S2t);
        let mut out = Vec::new();
        let n = convert_utf8_reader(
            &c,
            "之后\n".as_bytes(),
            &mut out,
            Path::new("-"),
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!((n, String::from_utf8(out).unwrap().as_str()), (7, "之後\n"));
        let bytes = ["之后".as_bytes(), b"\xC3("].concat();
        let err = convert_utf8_reader(
            &c,
            &bytes[..],
            Vec::new(),
            Path::new("<stdin>"),
            &mut NoProgress,
        )
        .unwrap_err();
        assert!(err.to_string().contains("byte offset 6"), "{err}");
    }
}
