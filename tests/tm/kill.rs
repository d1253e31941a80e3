//! An import killed with SIGKILL at a random moment leaves the memory whole: `PRAGMA integrity_check`
//! says ok and it holds either none of the file's units or all of them; it then opens and imports as usual.

use std::path::Path;
use std::time::{Duration, Instant};

use duizhao::tm::{LangTag, Segment, TranslationUnit, tmx};

use crate::util::{TestDir, env_count};

/// Units in the file: enough for the import to take a few seconds in a debug build
/// (`DUIZHAO_FAULT_UNITS` sets it; the README's figures use 1,000,000).
fn units() -> usize {
    env_count("DUIZHAO_FAULT_UNITS", 60_000)
}

/// Runs killed, each at a random moment of an import (`DUIZHAO_KILLS`; the README's figures use 20).
fn kills() -> usize {
    env_count("DUIZHAO_KILLS", 3)
}

fn write_tmx(path: &Path) {
    let file = std::fs::File::create(path).expect("create");
    let mut w = std::io::BufWriter::new(file);
    let mut out = tmx::TmxWriter::begin(&mut w, &tmx::TmxHeader::new(LangTag::zh_simplified()))
        .expect("write");
    for i in 0..units() {
        let unit = TranslationUnit::new(
            Segment::new(
                LangTag::zh_simplified(),
                format!("第{i}号报关单已于本月通过海关审核。"),
            ),
            Segment::new(
                LangTag::en(),
                format!("Customs declaration {i} was approved this month."),
            ),
        );
        out.unit(&unit).expect("write");
    }
    out.finish().expect("write");
}

/// The integrity check's answer and the live units in the memory of data folder `data`.
fn inspect(data: &Path) -> (String, i64) {
    let db = data.join("memory.sqlite");
    if !db.exists() {
        return ("ok".into(), 0);
    }
    // A plain connection: opening rolls back what a killed import left, as any open would.
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.busy_timeout(Duration::from_secs(5)).expect("timeout");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    let has_units: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'units'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    let n = if has_units {
        conn.query_row(
            "SELECT count(*) FROM units WHERE deleted IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| {
            // A schema-1 table (killed between migrations) has no `deleted` column.
            conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0))
                .expect("count")
        })
    } else {
        0
    };
    (check, n)
}

#[cfg(unix)]
#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let dir = TestDir::new();
    let file = dir.path("big.tmx");
    write_tmx(&file);

    // One whole import: all units, and how long it takes here.
    let started = Instant::now();
    let out = dir
        .cli()
        .env("DUIZHAO_DATA_DIR", dir.path("whole"))
        .args(["tm", "import"])
        .arg(&file)
        .output()
        .expect("run");
    let whole = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        inspect(&dir.path("whole")),
        ("ok".to_string(), units() as i64)
    );

    // Then imports killed at random moments of that span.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.subsec_nanos() as u64)
        | 1;
    let mut outcomes = Vec::new();
    for k in 0..kills() {
        let data = dir.path(&format!("killed{k}"));
        // xorshift: a moment between 5 % and 95 % of a whole import.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let fraction = (seed % 90 + 5) as f64 / 100.0;
        let mut child = dir
            .cli()
            .env("DUIZHAO_DATA_DIR", &data)
            .args(["tm", "import"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start");
        std::thread::sleep(whole.mul_f64(fraction));
        // Child::kill sends SIGKILL on Unix: no chance to clean up.
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let (check, n) = inspect(&data);
        println!(
            "killed at {:.0}% of {whole:.1?} ({status}): {n} units, {check}",
            fraction * 100.0
        );
        assert_eq!(check, "ok", "integrity after a kill at {fraction}");
        assert!(
            n == 0 || n == units() as i64,
            "{n} units after a kill at {fraction}"
        );
        outcomes.push(n);
    }
    println!("units after each kill: {outcomes:?}");

    // A killed memory opens and takes the whole import again.
    let out = dir
        .cli()
        .env("DUIZHAO_DATA_DIR", dir.path("killed0"))
        .args(["tm", "import", "--on-duplicate", "skip"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        inspect(&dir.path("killed0")),
        ("ok".to_string(), units() as i64)
    );
}
