#!/usr/bin/env bash
# Builds FerretDB (a MongoDB-compatible server) once from its Go module source and caches the binary.
# Prints the binary's path on stdout. A second run reuses the cached binary.
set -euo pipefail
VERSION="${FERRETDB_VERSION:-v1.24.2}"
CACHE="${RIGHTSDESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rightsdesk}"
BIN="$CACHE/ferretdb-$VERSION/ferretdb"
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
# Go is often installed outside a non-login shell's PATH.
for d in /usr/local/go/bin "$HOME/go/bin" /usr/lib/go/bin; do
  if ! command -v go >/dev/null 2>&1 && [ -x "$d/go" ]; then PATH="$d:$PATH"; fi
done
if ! command -v go >/dev/null 2>&1; then
  echo "FerretDB is not built and Go is not installed: install Go (https://go.dev/dl), or set MONGODB_URI to a MongoDB server, or use 'docker compose up mongo redis'." >&2
  exit 3
fi
mkdir -p "$CACHE"
LOCK="$CACHE/ferretdb-$VERSION.lock"
exec 9>"$LOCK"
flock 9
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
echo "Building FerretDB $VERSION from its Go module (about 2 minutes, once)..." >&2
SRC_DIR=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -d "$SRC_DIR" ] || { echo "go mod download did not give FerretDB's source folder" >&2; exit 3; }
WORK=$(mktemp -d "$CACHE/ferretdb-src.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp -r "$SRC_DIR/." "$WORK/"
chmod -R u+w "$WORK"
echo "$VERSION" > "$WORK/build/version/version.txt"
mkdir -p "$(dirname "$BIN")"
( cd "$WORK" && CGO_ENABLED=0 go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb )
mv "$BIN.tmp" "$BIN"
echo "FerretDB built: $BIN" >&2
echo "$BIN"
