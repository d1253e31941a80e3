#!/usr/bin/env bash
# Checks the package that build-deb.sh made, as CI does: its contents, the desktop entry and AppStream
# metadata (desktop-file-validate, appstreamcli), lintian (no errors), then installs it with apt-get and
# runs the installed programs. Needs root for the install (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls -t target/debian/duizhao_*.deb | head -1)
echo "package: $deb"
dpkg-deb --info "$deb"
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for want in \
  ./usr/bin/duizhao ./usr/bin/duizhao-cli \
  ./usr/share/applications/io.github.duizhao.Duizhao.desktop \
  ./usr/share/metainfo/io.github.duizhao.Duizhao.metainfo.xml \
  ./usr/share/mime/packages/duizhao.xml \
  ./usr/share/icons/hicolor/scalable/apps/io.github.duizhao.Duizhao.svg \
  ./usr/share/icons/hicolor/48x48/apps/io.github.duizhao.Duizhao.png \
  ./usr/share/icons/hicolor/256x256/apps/io.github.duizhao.Duizhao.png \
  ./usr/share/man/man1/duizhao.1.gz ./usr/share/man/man1/duizhao-cli.1.gz \
  ./usr/share/man/man1/duizhao-cli-align.1.gz \
  ./usr/share/bash-completion/completions/duizhao-cli \
  ./usr/share/zsh/vendor-completions/_duizhao-cli \
  ./usr/share/fish/vendor_completions.d/duizhao-cli.fish \
  ./usr/share/duizhao/glossary/trade.tsv \
  ./usr/share/doc/duizhao/copyright \
  ./usr/share/doc/duizhao/licences/OpenCC-Apache-2.0.txt \
  ./usr/share/doc/duizhao/licences/CC-CEDICT-CC-BY-SA-4.0.txt \
  ./usr/share/doc/duizhao/licences/NotoSansCJK-OFL-1.1.txt \
  ./usr/share/doc/duizhao/licences/SCOWL-wamerican-copyright.txt; do
  grep -qxF "$want" <<<"$contents" || { echo "missing from the package: $want"; exit 1; }
done
echo "contents: every expected file is there"
desktop-file-validate packaging/io.github.duizhao.Duizhao.desktop
appstreamcli validate --no-net packaging/io.github.duizhao.Duizhao.metainfo.xml
lintian --fail-on error "$deb"
echo "lintian: no errors"
# The window's libraries come from the archive: refresh the package lists once if they are stale.
apt-get install -y -qq "./$deb" >/dev/null || { apt-get update -qq && apt-get install -y -qq "./$deb" >/dev/null; }
duizhao-cli --version
duizhao --version | head -1
page=$(mktemp)
man duizhao-cli >"$page"
head -8 "$page"
man duizhao >"$page"
grep -q -- "--data-dir" "$page"
rm -f "$page"
echo "installed: duizhao-cli --version and man duizhao-cli work"
