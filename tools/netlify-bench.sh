#!/usr/bin/env bash
# Runs netlify.toml's deploy-preview build command as Netlify runs it, twice, with a cache
# folder kept between the two runs as Netlify's cache is (netlify/plugins/portal-cache), and
# prints how long each took. Each run builds a fresh clone of this repository's HEAD in an
# empty home (empty Go module and build caches, no node_modules): the first starts from
# nothing, like a first deploy or "Clear cache and deploy site"; the second gets back what the
# first kept, like the deploy preview of an editor's next change.
#
#   bash tools/netlify-bench.sh            # two runs; the figures go to BENCHMARKS.md by hand
#   bash tools/netlify-bench.sh -keep DIR  # use (and keep) DIR as the cache folder
#
# It needs the network for the first run (Go modules from the Go proxy, npm packages), as
# Netlify does. Only committed files are built.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cache=""
if [ "${1:-}" = "-keep" ]; then cache=$2; mkdir -p "$cache"; fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
if [ -z "$cache" ]; then cache=$work/cache; mkdir -p "$cache"; fi

# The [build] command of netlify.toml: the one deploy previews run.
command=$(awk '/^\[/{section=$0} section=="[build]" && /^command = /{sub(/^command = /,""); print; exit}' netlify.toml)
command=$(printf '%s' "$command" | sed -e 's/^"//' -e 's/"$//' -e 's/\\"/"/g')
# The environment of netlify.toml's [build.environment] (simple KEY = "value" lines).
envs=$(awk '/^\[/{section=$0} section=="[build.environment]" && /^[A-Z_]+ = "/{gsub(/ = /,"="); gsub(/"/,""); print}' netlify.toml)
echo "netlify-bench: command: $command"
echo "netlify-bench: cache folder: $cache"

# What the plugin keeps: folder in the build -> name in the cache.
kept=("home/go/pkg/mod:gomodcache" "home/.cache/go-build:gocache" "repo/tools/internal/cms/node_modules:node_modules")

for run in 1 2; do
  # The same paths in every run, as on Netlify (/opt/build/repo, /opt/buildhome): Go's build
  # cache is keyed by them, so a second run elsewhere would compile everything again.
  dir=$work/build
  mkdir -p "$dir/home"
  git clone --quiet --no-hardlinks "$repo" "$dir/repo"
  # onPreBuild: restore.
  start=$(date +%s.%N)
  for pair in "${kept[@]}"; do
    path=$dir/${pair%%:*} name=${pair##*:}
    if [ -d "$cache/$name" ]; then mkdir -p "$(dirname "$path")"; cp -a "$cache/$name" "$path"; fi
  done
  restored=$(date +%s.%N)
  # The build command, in the build's environment.
  (
    cd "$dir/repo"
    export HOME=$dir/home GOPATH=$dir/home/go GOCACHE=$dir/home/.cache/go-build
    # What Netlify sets: the preview's address, the repository the interface commits to.
    export DEPLOY_PRIME_URL=https://deploy-preview-1--portal.netlify.app NETLIFY=true
    export REPOSITORY_URL=https://github.com/example/portal
    for kv in $envs; do export "${kv?}"; done
    unset GOMODCACHE
    bash -c "$command"
  ) >"$work/run$run.log" 2>&1 || { echo "netlify-bench: run $run failed:"; grep -v -e '^	' -e ': warning: ' -e ': предупреждение: ' -e ': ескерту: ' "$work/run$run.log" | tail -30; exit 1; }
  built=$(date +%s.%N)
  # onPostBuild: save.
  for pair in "${kept[@]}"; do
    path=$dir/${pair%%:*} name=${pair##*:}
    chmod -R u+w "$cache/$name" 2>/dev/null || true
    rm -rf "${cache:?}/$name"
    if [ -d "$path" ]; then cp -a "$path" "$cache/$name"; fi
  done
  saved=$(date +%s.%N)
  tail -1 "$work/run$run.log"
  printf 'netlify-bench: run %d: restore %.1f s, build command %.1f s, save %.1f s, in all %.1f s\n' "$run" \
    "$(echo "$restored - $start" | bc)" "$(echo "$built - $restored" | bc)" "$(echo "$saved - $built" | bc)" "$(echo "$saved - $start" | bc)"
  chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir"
done
du -sh "$cache"/* | sed 's/^/netlify-bench: kept /'
