#!/usr/bin/env bash
# Install what the browser tests (tests/e2e) need: Debian's Chromium, which Playwright drives.
# The tests run in its headless shell (package chromium-headless-shell: the same Chromium release,
# Blink and V8, without the desktop browser around them), which costs the suite about 40% less
# CPU than the full browser; the full browser is installed too, for
# SAFEREPORT_CHROMIUM=/usr/bin/chromium to run the same tests in it.
# Playwright never downloads a browser of its own here: the network reaches only the package
# registries. Idempotent and quiet when Chromium is already there, so `make test` calls it each run.
# Usage: scripts/install-browser.sh   (uses sudo only when not root)
set -euo pipefail

chromium="${SAFEREPORT_CHROMIUM:-/usr/bin/chromium-headless-shell}"
# fonts-liberation (Arial's metrics, GOV.UK's fallback) is only recommended by the chromium package.
# The fonts for the notices' scripts come from install-fonts.sh, which `make test` also runs.
packages=(chromium chromium-headless-shell fonts-liberation)

if [[ -x "$chromium" ]] && dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" install-browser "${packages[@]}"

if [[ ! -x "$chromium" ]]; then
  echo "install-browser: apt-get finished but $chromium is still missing." >&2
  exit 1
fi
echo "install-browser: $("$chromium" --version 2>/dev/null)"
