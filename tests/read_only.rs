//! A read-only data folder (a locked-down or mounted one): the glossary and the memory can still be
//! searched and exported, every change is refused with a message naming the file and why, and nothing
//! in the folder changes. The commands run as an unprivileged user (`setpriv` when the tests run as root,
//! as in CI), because root writes through read-only permissions.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TestDir, stdout_ok};

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header srclang="zh-CN" segtype="sentence" datatype="plaintext" adminlang="en" creationtool="test"
 creationtoolversion="1" o-tmf="test"/>
<body>
<tu><tuv xml:lang="zh-CN"><seg>港口吞吐量增长了一成。</seg></tuv>
<tuv xml:lang="en"><seg>Port throughput grew by a tenth.</seg></tuv></tu>
</body>
</tmx>
"#;

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = if e.path().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `duizhao-cli ARGS` in `t`, as a user who is not root.
fn run_unprivileged(t: &TestDir, args: &[&str]) -> Output {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_duizhao-cli"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_duizhao-cli"))
    };
    cmd.args(args)
        .current_dir(t.path(""))
        .env("DUIZHAO_DATA_DIR", t.path("data"))
        .output()
        .expect("run duizhao-cli (setpriv comes with util-linux)")
}

fn failed_saying(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the change must be refused: {err}");
    for needle in needles {
        assert!(err.contains(needle), "the message says {needle:?}: {err}");
    }
}

#[test]
fn a_read_only_data_folder_is_searched_and_every_change_is_refused() {
    let t = TestDir::new();
    stdout_ok(
        &t.cli()
            .args(["glossary", "search", "两江"])
            .output()
            .unwrap(),
    );
    t.write("a.tmx", TMX);
    stdout_ok(&t.cli().args(["tm", "import", "a.tmx"]).output().unwrap());
    let data = t.path("data");
    let before = snapshot(&data);
    assert!(before.contains_key("glossary.sqlite") && before.contains_key("memory.sqlite"));
    for name in before.keys() {
        set_mode(&data.join(name), 0o444);
    }
    set_mode(&data, 0o555);
    // The unprivileged user may enter the test folder and write its exports into `out`.
    set_mode(t.path("").as_path(), 0o755);
    std::fs::create_dir(t.path("out")).unwrap();
    set_mode(&t.path("out"), 0o777);

    let found = stdout_ok(&run_unprivileged(&t, &["glossary", "search", "兩江新區"]));
    assert!(found.contains("Liangjiang New Area"), "{found}");
    let found = stdout_ok(&run_unprivileged(&t, &["tm", "search", "港口吞吐量"]));
    assert!(found.contains("Port throughput grew"), "{found}");
    stdout_ok(&run_unprivileged(
        &t,
        &["glossary", "export", "--format", "tsv", "-o", "out/g.tsv"],
    ));
    assert!(
        std::fs::read_to_string(t.path("out/g.tsv"))
            .unwrap()
            .contains("Liangjiang")
    );

    failed_saying(
        &run_unprivileged(
            &t,
            &[
                "glossary",
                "add",
                "--en",
                "Test Zone",
                "--zh-hans",
                "测试区",
            ],
        ),
        &["glossary.sqlite", "read-only", "not changed"],
    );
    failed_saying(
        &run_unprivileged(&t, &["tm", "import", "a.tmx"]),
        &["memory.sqlite", "read-only", "nothing of it was stored"],
    );
    let create = run_unprivileged(&t, &["tm", "create", "Other"]);
    failed_saying(&create, &["memories", "Permission denied"]);
    let err = String::from_utf8_lossy(&create.stderr);
    assert_eq!(
        err.matches("Permission denied").count(),
        1,
        "said once: {err}"
    );

    set_mode(&data, 0o755);
    assert_eq!(
        snapshot(&data),
        before,
        "nothing in the data folder changed"
    );
}
