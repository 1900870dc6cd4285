#!/usr/bin/env bash
# Install what printing the notices as PDF needs (safereport.notices.pdf, WeasyPrint): Pango, which
# lays the text out, HarfBuzz's subsetter, which keeps only the letters a PDF uses, and fonts that draw every shipped language's script (Debian's Noto fonts:
# Arabic, Bengali, Gurmukhi, Chinese...; without them a PDF shows empty boxes). The browser tests
# read and screenshot the same scripts. Idempotent and quiet when all are there, so `make install`,
# `make run` and `make test` call it each run.
# Usage: scripts/install-fonts.sh   (uses sudo only when not root)
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-cjk)

if dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" install-fonts "${packages[@]}"
echo "install-fonts: $(fc-list | wc -l) fonts"
