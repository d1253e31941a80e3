#!/usr/bin/env bash
# Builds target/debian/duizhao_VERSION_ARCH.deb with cargo-deb (`cargo install cargo-deb`): the release
# binaries, then the manual pages and shell completions written by `duizhao-cli generate` from the same clap
# definitions the programs use, then the package (its contents are listed in Cargo.toml,
# [package.metadata.deb]).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bins
out=target/package
rm -rf "$out"
target/release/duizhao-cli generate "$out"
gzip -9n "$out"/man/*.1
cargo deb --no-build --strip "$@"
