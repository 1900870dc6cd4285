#!/usr/bin/env bash
# Refresh the vendored GOV.UK Frontend (the service must work on a closed network, so the
# compiled release is kept in the repository and served by the app itself).
# Usage: scripts/vendor-govuk-frontend.sh [VERSION]   (needs npm; run from the repository root)
set -euo pipefail
version="${1:-6.6.0}"
target="src/safereport/web/static/govuk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "govuk-frontend@${version}" --silent >/dev/null && tar xzf "govuk-frontend-${version}.tgz")
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/govuk/govuk-frontend.min.css" "$work/package/dist/govuk/govuk-frontend.min.js" "$target/"
cp -r "$work/package/dist/govuk/assets" "$target/assets"
# The release's CSS asks for /assets/...; ours are served beside the CSS under /static/govuk/.
sed -i 's#url(/assets/#url(assets/#g' "$target/govuk-frontend.min.css"
echo "$version" > "$target/VERSION"
echo "GOV.UK Frontend ${version} (MIT licence, https://github.com/alphagov/govuk-frontend) vendored into ${target}"
