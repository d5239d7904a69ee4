#!/usr/bin/env bash
# The project's one test command, for people and CI alike: bash tools/check.sh
# It installs what the tests need when it can (root on Debian), then checks formatting,
# vets and runs every Go test, saying as it goes which packages are done and which still run
# (tools/testsum). Extra arguments go to `go test` (e.g. -run TestShippedSite).
set -euo pipefail
cd "$(dirname "$0")/.."

# Tools the tests use, from Debian's packages, when missing.
# Each entry is command:package. Chromium runs the browser tests and prints the PDFs;
# poppler-utils reads the PDFs back; DejaVu carries the Kazakh letters into them; Node.js
# and npm install axe-core and the editing interface.
deps=("chromium:chromium" "pdftotext:poppler-utils" "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core"
  "node:nodejs" "npm:npm")
need=()
for pair in "${deps[@]}"; do
  cmd=${pair%%:*} pkg=${pair##*:}
  if [ "${cmd#/}" != "$cmd" ]; then [ -e "$cmd" ] || need+=("$pkg"); else command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg"); fi
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check: installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "check: missing ${need[*]}: tests that need them will skip (under CI=true they fail)"
  fi
fi

# axe-core for the accessibility tests, pinned in tools/internal/browser/package-lock.json.
if [ ! -f tools/internal/browser/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tools/internal/browser --no-audit --no-fund --silent
  else
    echo "check: npm missing: the accessibility tests will skip (under CI=true they fail)"
  fi
fi

# The editing interface (Decap CMS, js-yaml), pinned in tools/internal/cms/package-lock.json;
# install scripts are not run.
if [ ! -f tools/internal/cms/node_modules/decap-cms/dist/decap-cms.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tools/internal/cms --ignore-scripts --no-audit --no-fund --silent
  else
    echo "check: npm missing: the editing interface's tests will skip (under CI=true they fail)"
  fi
fi

echo "check: gofmt and go vet (the first run compiles Hugo and every package: several minutes on two cores)"
unformatted=$(gofmt -l tools)
if [ -n "$unformatted" ]; then
  echo "check: gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./tools/...
# The tests, through tools/testsum: each package's go test line as it ends, every 30 s the
# packages still running, and at the end "N passed, N failed" (its exit code is the tests').
echo "check: go test ./tools/... (about 10 minutes on two cores; the browser and PDF packages take longest)"
go build -o .build/testsum ./tools/testsum
go test -json -count=1 -timeout 30m "$@" ./tools/... 2>&1 | .build/testsum
