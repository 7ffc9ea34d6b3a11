#!/usr/bin/env bash
# Refreshes the vendored Bootstrap in web/OpsIntranet.Web/wwwroot/lib/bootstrap from the npm registry.
# The files are committed, so building and running never needs the registry; run this only to upgrade.
set -euo pipefail
version="${1:-5.3.8}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$version" >/dev/null 2>&1 && tar xzf "bootstrap-$version.tgz")
dest="$root/web/OpsIntranet.Web/wwwroot/lib/bootstrap"
mkdir -p "$dest"
cp "$tmp/package/dist/css/bootstrap.min.css" "$tmp/package/dist/js/bootstrap.bundle.min.js" "$tmp/package/LICENSE" "$dest/"
echo "$version" > "$dest/VERSION"
echo "Bootstrap $version vendored into $dest"
