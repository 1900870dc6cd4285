#!/usr/bin/env bash
# Install GNU gettext (Debian's `gettext` package), which `make messages` needs to extract and
# compile the translation catalogs and the catalog tests need to extract the current strings.
# Serving the service does not: the compiled catalogs (.mo) are committed. Idempotent and quiet
# when gettext is already there, so `make install`, `make messages` and `make test` call it each run.
# Usage: scripts/install-gettext.sh   (uses sudo only when not root)
set -euo pipefail

# What Django's makemessages and compilemessages run.
tools=(xgettext msgmerge msguniq msgattrib msgfmt)
packages=(gettext)

missing=()
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" install-gettext "${packages[@]}"

for tool in "${tools[@]}"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-gettext: apt-get finished but $tool is still missing." >&2
    exit 1
  fi
done
echo "install-gettext: $(msgfmt --version | head -n 1)"
