#!/usr/bin/env bash
# The system parts vitalcore's tests and outputs need, from Debian's packages, installed
# only when missing: poppler-utils (pdftotext, pdftoppm: reading briefings back),
# libharfbuzz-subset0 (WeasyPrint embeds font subsets in PDFs), chromium (the
# dashboard's end-to-end tests drive it with Playwright) and fonts-hosny-amiri (Amiri,
# an Arabic typeface under the OFL, for Arabic briefings). Needs root (or sudo).
set -euo pipefail
need=()
for package in poppler-utils libharfbuzz-subset0 chromium fonts-hosny-amiri; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
