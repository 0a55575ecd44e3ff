#!/usr/bin/env bash
# How fast `ikp check` is as a CI gate: one file (start to finish), the bundled examples in each
# CI format, and a repository of 420 files (the examples copied 60 times, in folders with spaces)
# with one and two threads. Needs hyperfine (apt-get install hyperfine). Results: bench/out/.
# Machines shared with other builds give noisy wall times; compare User + System as well.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench-check: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release -q
ikp="$PWD/target/release/ikp"
mkdir -p bench/out

hyperfine -N --warmup 5 -i --export-markdown bench/out/check-small.md \
  "$ikp check examples/stockholm/servicenamnden/2025/plan.yaml" \
  "$ikp check examples/stockholm/servicenamnden/2025/plan.yaml --format sarif" \
  "$ikp check examples/ --format sarif" \
  "$ikp check examples/ --format junit" \
  "$ikp check examples/ --format github"

repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
for i in $(seq 1 60); do
  mkdir -p "$repo/kopia $i"
  cp -r examples/stockholm examples/it-forvaltningen "$repo/kopia $i/"
done
(cd "$repo" && hyperfine -N --warmup 2 -i -r 10 --export-markdown "$OLDPWD/bench/out/check-repository.md" \
  "env RAYON_NUM_THREADS=1 $ikp check . --format sarif" \
  "env RAYON_NUM_THREADS=2 $ikp check . --format sarif")
