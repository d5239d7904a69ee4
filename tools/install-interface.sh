#!/usr/bin/env bash
# Installs the editing interface (Decap CMS, pinned in tools/internal/cms/package-lock.json,
# install scripts off) unless node_modules already holds exactly that lock's packages: Netlify
# keeps node_modules between builds (netlify/plugins/portal-cache), and `npm ci` would delete
# and unpack it again on every deploy. The copy of the lock in node_modules says what is there.
set -euo pipefail
cd "$(dirname "$0")/internal/cms"
if cmp -s package-lock.json node_modules/.portal-installed-lock; then
  echo "interface: node_modules matches package-lock.json, npm ci skipped"
  exit 0
fi
echo "interface: npm ci (tools/internal/cms/package-lock.json)"
npm ci --ignore-scripts --no-audit --no-fund
cp package-lock.json node_modules/.portal-installed-lock
