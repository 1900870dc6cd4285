#!/usr/bin/env bash
# Refresh the vendored axe-core that the browser tests inject into every page they visit (kept in
# the repository so that the tests need no network and no Node.js).
# Usage: scripts/vendor-axe-core.sh [VERSION]   (needs npm; run from the repository root)
set -euo pipefail
version="${1:-4.14.1}"
target="tests/e2e/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "axe-core@${version}" --silent >/dev/null && tar xzf "axe-core-${version}.tgz")
mkdir -p "$target"
# axe.min.js keeps its own MPL-2.0 notice in its first lines; the licence travels beside it.
cp "$work/package/axe.min.js" "$target/axe.min.js"
cp "$work/package/LICENSE" "$target/axe-core-LICENSE"
echo "$version" > "$target/axe-core-VERSION"
echo "axe-core ${version} (MPL-2.0, https://github.com/dequelabs/axe-core) vendored into ${target}"
