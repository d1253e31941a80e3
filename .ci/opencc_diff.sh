#!/usr/bin/env bash
# Differential check of the converter against the reference, OpenCC 1.4.2 (Python package), on 5 MB slices
# of both corpus files for s2t, s2twp, s2hk, t2s and tw2sp (tests/convert/mod.rs,
# differential_against_opencc_python), on its own. CI runs the same test inside `cargo test --release`.
# Installs the reference and builds the corpus if they are missing.
#
# Usage: .ci/opencc_diff.sh        (from anywhere; CARGO_TARGET_DIR and DUIZHAO_CORPUS are honoured)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${DUIZHAO_CORPUS:-$root/../corpus}
if ! python3 -c 'import opencc, sys; sys.exit(opencc.__version__ != "1.4.2")' 2>/dev/null; then
  python3 -m pip install -q opencc==1.4.2
fi
if [ ! -s "$corpus/hans.txt" ] || [ ! -s "$corpus/hant.txt" ]; then
  bash "$root/../shared/tools/make_zh_corpus.sh" "$corpus"
fi
cd "$root"
DUIZHAO_CORPUS=$corpus DUIZHAO_REQUIRE_OPENCC_DIFF=1 \
  cargo test --release --test main convert::differential -- --nocapture
