#!/usr/bin/env bash
# Install Debian packages with apt-get, as root or through sudo, for the scripts that need a system
# tool (install-browser.sh, install-gettext.sh): they decide whether anything is missing; this does
# the installing and says plainly what to do where it cannot.
# Usage: scripts/apt-install.sh WHO PACKAGE...   (WHO names the calling script in messages)
set -euo pipefail

who="$1"
shift
packages=("$@")

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$who: apt-get is not available to install ${packages[*]}." >&2
  echo "Install them with your system's package manager." >&2
  exit 1
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "$who: installing ${packages[*]} needs root, and sudo is not available." >&2
  echo "As root, run: apt-get update && apt-get install -y ${packages[*]}" >&2
  exit 1
fi

echo "$who: installing ${packages[*]} with apt-get (once per machine)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
