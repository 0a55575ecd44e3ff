#!/usr/bin/env bash
# bench/compare.sh — ikp next to the tools a team would otherwise pick, on the same files.
#
#   bash bench/compare.sh                 # 500 and 10,000 documents
#   SIZES="500" RUNS=10 bash bench/compare.sh
#
# What it does, on a fresh machine with Rust, Node.js (npm) and Python 3:
#  1. installs ajv-cli (+ ajv-formats), @stoplight/spectral-cli and check-jsonschema locally
#     into bench/.tools/ (gitignored; nothing global), and hyperfine via apt when missing;
#  2. builds `ikp`, the corpus generator and the parse-only yardstick in release mode;
#  3. generates the corpora (examples/gen.rs, fixed seed: the same files every time);
#  4. times, side by side: `ikp check` (every rule), the parse-only yardstick (saphyr-parser
#     events, nothing built: the target is ikp ≤ 1.5× this), ajv-cli and check-jsonschema
#     (JSON Schema only) and Spectral (a ruleset with what it can express: riskvärde present
#     on every risk, ikp: ja on a risk with riskvärde ≥ 9);
#  5. prints one table with times, ratios to ikp, throughput and peak memory, and writes it
#     to bench/out/results.md.
#
# Settings (environment): SIZES, RUNS (hyperfine runs for ikp and the yardstick, default 5),
# SLOW_RUNS (for the other tools, default 3; 1 without warm-up at 10,000 documents), TIMEOUT
# (seconds per command, default 1200; a tool that takes longer is shown as "> TIMEOUT"), SEED,
# ONLY=ikp (measure ikp and the yardstick again, keep the other tools' last results),
# ONLY=patologiskt (only the pathological corpus below).
#
# The pathological corpus (issue 10; examples/pathological.rs): 60,000 follow-up entries with
# one comment, 20,000 plan controls + 20,000 entries without ids, one 15 MB line with 200 long
# values, 1,000,000 keys. Each is timed with `ikp check` (human and JSON output) and its output
# size recorded; the goal is under a second each.

set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/bench/.tools"
OUT="$ROOT/bench/out"
SIZES=${SIZES:-"500 10000"}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
TIMEOUT=${TIMEOUT:-1200}
SEED=${SEED:-2025}
ONLY=${ONLY:-all}
mkdir -p "$TOOLS" "$OUT"

say() { printf '\n== %s\n' "$*" >&2; }

install_tools() {
  say "verktyg i bench/.tools"
  if [ ! -x "$TOOLS/node/node_modules/.bin/spectral" ] || [ ! -x "$TOOLS/node/node_modules/.bin/ajv" ]; then
    mkdir -p "$TOOLS/node"
    npm install --no-audit --no-fund --prefix "$TOOLS/node" \
      ajv-cli@5 ajv-formats@3 @stoplight/spectral-cli@6 >&2
  fi
  # ajv needs the formats the schemas use: `date` from ajv-formats, and schemars' `int64`.
  cat > "$TOOLS/node/ikp-formats.js" <<'EOF'
module.exports = function (ajv) {
  require("ajv-formats")(ajv);
  ajv.addFormat("int64", { type: "number", validate: Number.isInteger });
  return ajv;
};
EOF
  if [ ! -x "$TOOLS/venv/bin/check-jsonschema" ]; then
    python3 -m venv "$TOOLS/venv"
    "$TOOLS/venv/bin/pip" install --quiet check-jsonschema >&2
  fi
  if ! command -v hyperfine >/dev/null; then
    (apt-get install -y hyperfine >/dev/null 2>&1 || sudo apt-get install -y hyperfine >/dev/null 2>&1) || true
  fi
}

build() {
  say "bygger ikp, generatorn och måttstocken (release)"
  cargo build --release --quiet --bin ikp --example gen --example parse_only --example pathological
}

corpus() { # $1 = number of documents
  local dir="$OUT/corpus-$1"
  if [ ! -f "$dir/.klar-$SEED" ]; then
    rm -rf "$dir"
    "$ROOT/target/release/examples/gen" --out "$dir" --count "$1" --seed "$SEED"
    touch "$dir/.klar-$SEED"
  fi
  echo "$dir"
}

spectral_ruleset() {
  cat > "$OUT/spectral.yaml" <<'EOF'
# What Spectral can express of ikp's rules: structure, presence and one comparison.
rules:
  riskvarde-finns:
    description: Varje risk har ett riskvärde (jfr IKP004).
    given: "$.risker[*]"
    severity: error
    then:
      field: riskvärde
      function: truthy
  hog-risk-i-planen:
    description: En risk med riskvärde 9 eller mer tas med i planen (ikp ja).
    given: "$.risker[?(@.riskvärde >= 9)]"
    severity: error
    then:
      field: ikp
      function: enumeration
      functionOptions:
        values: [ja]
EOF
}

# Each command goes into a script of its own, so `timeout` covers all of it.
script() { # $1 = name, $2 = shell command; prints the script's path
  local path
  path="$OUT/cmd-$(printf '%s' "$1" | tr -c 'a-zA-Z0-9' '-').sh"
  printf '%s\n' "$2" > "$path"
  echo "$path"
}

# Time commands with hyperfine (JSON export), or with repeated runs without it.
# $1 = JSON file to write, $2 = runs, then name/command pairs.
time_commands() {
  local json=$1 runs=$2 warmup=1
  shift 2
  [ "$runs" -le 1 ] && warmup=0
  local pairs=()
  while [ $# -gt 0 ]; do pairs+=("$1" "timeout $TIMEOUT sh $(script "$1" "$2")"); shift 2; done
  if command -v hyperfine >/dev/null; then
    local args=()
    set -- "${pairs[@]}"
    while [ $# -gt 0 ]; do args+=(-n "$1" "$2"); shift 2; done
    hyperfine --style basic --ignore-failure --warmup "$warmup" --runs "$runs" --export-json "$json" "${args[@]}" >&2
  else
    python3 - "$json" "$runs" "${pairs[@]}" <<'EOF'
import json, subprocess, sys, time, statistics
out, runs, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
results = []
for name, cmd in zip(rest[::2], rest[1::2]):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    results.append({"command": name, "mean": statistics.mean(times),
                    "stddev": statistics.pstdev(times), "times": times})
json.dump({"results": results}, open(out, "w"))
EOF
  fi
}

# Peak resident memory (kB) of one run.
peak_rss() { # $1 = name, $2 = command
  /usr/bin/time -f '%M' -o "$OUT/rss.txt" timeout "$TIMEOUT" sh "$(script "$1" "$2")" >/dev/null 2>&1 || true
  tail -1 "$OUT/rss.txt"
}

machine() {
  local cpu cores mem
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  cores=$(nproc)
  mem=$(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GB"}')
  echo "${cpu:-okänd processor}, $cores kärnor, ${mem:-? GB} minne, $(uname -sr)"
}

case "$ONLY" in
  ikp) ;;
  patologiskt) command -v hyperfine >/dev/null || install_tools ;;
  *) install_tools ;;
esac
build
spectral_ruleset
BIN="$TOOLS/node/node_modules/.bin"
IKP="$ROOT/target/release/ikp"
PARSE="$ROOT/target/release/examples/parse_only"
record_rss() { # $1 = size, $2 = name, $3 = command
  peak_rss "$2" "$3" > "$OUT/rss-$1-$(printf '%s' "$2" | tr -c 'a-zA-Z0-9' '-').txt"
}
pathological() {
  local dir="$OUT/patologiskt"
  [ -f "$dir/.klar" ] || { rm -rf "$dir"; "$ROOT/target/release/examples/pathological" "$dir"; touch "$dir/.klar"; }
  say "patologiska filer (mål: under en sekund var)"
  printf '| fil | storlek | format | tid (medel ± σ) | utdata | högsta minne |\n|---|---|---|---|---|---|\n' > "$OUT/patologiskt.md"
  for case in kopierad utan-id lang-rad nycklar; do
    local bytes
    bytes=$(find "$dir/$case" -type f -name '*.*' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f MB", s/1e6}')
    for format in human json; do
      local cmd="$IKP check --format $format '$dir/$case' >'$OUT/ut-$case-$format' 2>/dev/null; true"
      hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/pat-$case-$format.json" "$cmd" >/dev/null
      local mean sd kb out
      mean=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']:.2f} ± {r.get('stddev') or 0:.2f} s\")" "$OUT/pat-$case-$format.json")
      kb=$(peak_rss "$case-$format" "$cmd")
      out=$(wc -c < "$OUT/ut-$case-$format")
      printf '| %s | %s | %s | %s | %s byte | %s MB |\n' "$case" "$bytes" "$format" "$mean" "$out" "$((kb / 1024))" >> "$OUT/patologiskt.md"
    done
  done
  cat "$OUT/patologiskt.md"
}
if [ "$ONLY" = patologiskt ]; then
  pathological
  exit 0
fi

for n in $SIZES; do
  dir=$(corpus "$n")
  find "$dir" \( -name '*.yaml' -o -name '*.json' \) -type f -printf '%s\n' | awk '{s+=$1} END {print s}' > "$OUT/bytes-$n.txt"
  ajv="$BIN/ajv validate --spec=draft2020 --strict=false -c $TOOLS/node/ikp-formats.js --errors=no"
  ajv_all="$ajv -s schemas/plan.schema.json -d '$dir/**/plan.yaml' >/dev/null 2>&1; $ajv -s schemas/uppfoljning.schema.json -d '$dir/**/uppfoljning.yaml' >/dev/null 2>&1; $ajv -s schemas/ks-punkter.schema.json -d '$dir/*/ks-punkter/*.yaml' >/dev/null 2>&1; true"
  cj="$TOOLS/venv/bin/check-jsonschema"
  cj_all="find '$dir' -name plan.yaml -print0 | xargs -0 $cj --schemafile schemas/plan.schema.json >/dev/null 2>&1; find '$dir' -name uppfoljning.yaml -print0 | xargs -0 $cj --schemafile schemas/uppfoljning.schema.json >/dev/null 2>&1; find '$dir' -path '*ks-punkter*' -name '*.yaml' -print0 | xargs -0 $cj --schemafile schemas/ks-punkter.schema.json >/dev/null 2>&1; true"
  spectral_all="$BIN/spectral lint --quiet --ruleset $OUT/spectral.yaml '$dir/**/*.yaml' >/dev/null 2>&1; true"
  ikp_all="$IKP check --quiet --format json '$dir' >/dev/null"
  parse_all="$PARSE '$dir' 2>/dev/null"
  say "$n dokument: ikp och måttstocken"
  time_commands "$OUT/fast-$n.json" "$RUNS" "ikp check" "$ikp_all" "saphyr-parser (bara händelser)" "$parse_all"
  record_rss "$n" "ikp check" "$ikp_all"
  record_rss "$n" "saphyr-parser (bara händelser)" "$parse_all"
  if [ "$ONLY" != ikp ]; then
    slow=$SLOW_RUNS
    [ "$n" -ge 5000 ] && slow=1
    say "$n dokument: ajv-cli, check-jsonschema, Spectral"
    time_commands "$OUT/slow-$n.json" "$slow" "ajv-cli" "$ajv_all" "check-jsonschema" "$cj_all" "Spectral" "$spectral_all"
    echo "$TIMEOUT" > "$OUT/timeout-slow-$n.txt"
    record_rss "$n" "ajv-cli" "$ajv_all"
    record_rss "$n" "check-jsonschema" "$cj_all"
    record_rss "$n" "Spectral" "$spectral_all"
  fi
done
say "en fil, start till slut"
single="$ROOT/examples/stockholm/servicenamnden/2025/plan.yaml"
time_commands "$OUT/single.json" 20 "ikp check (en plan, $(wc -c < "$single") byte)" "$IKP check --quiet '$single' >/dev/null"

python3 - "$OUT" "$TIMEOUT" "$(machine)" "$SIZES" <<'EOF' | tee "$OUT/results.md"
import json, sys, os
out, timeout, machine, sizes = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4].split()
import re
def slug(name):  # as `tr -c 'a-zA-Z0-9' '-'` does it: byte by byte
    return re.sub(rb"[^a-zA-Z0-9]", b"-", name.encode()).decode()
def rss(n, name):
    path = os.path.join(out, f"rss-{n}-{slug(name)}.txt")
    text = open(path).read().strip() if os.path.exists(path) else ""
    return int(text) if text.isdigit() else None
size_bytes = {n: int(open(os.path.join(out, f"bytes-{n}.txt")).read()) for n in sizes}
checks = {
    "ikp check": "alla regler (schema, riskvärden, länkar mellan dokument …)",
    "saphyr-parser (bara händelser)": "inget: bara YAML-händelser (måttstock)",
    "ajv-cli": "bara JSON Schema",
    "check-jsonschema": "bara JSON Schema",
    "Spectral": "två regler (riskvärde finns, ikp vid RV ≥ 9)",
}
print(f"Maskin: {machine}\n")
for n in sizes:
    results = []
    for kind in ("fast", "slow"):
        path = os.path.join(out, f"{kind}-{n}.json")
        if os.path.exists(path):
            results += json.load(open(path))["results"]
    by = {r["command"]: r for r in results}
    ikp = by.get("ikp check")
    mb = size_bytes[n] / 1e6
    print(f"### {n} dokument, {mb:.0f} MB YAML\n")
    print("| verktyg | kontrollerar | tid (medel ± σ) | × ikp | MB/s | högsta minne |")
    print("|---|---|---|---|---|---|")
    for name in checks:
        r = by.get(name)
        if not r:
            continue
        mean = r["mean"]
        limit = timeout
        path = os.path.join(out, f"timeout-slow-{n}.txt")
        if name not in ("ikp check", "saphyr-parser (bara händelser)") and os.path.exists(path):
            limit = float(open(path).read())
        timed_out = mean >= limit * 0.99
        t = f"> {limit:.0f} s" if timed_out else f"{mean:.2f} ± {r.get('stddev') or 0:.2f} s"
        ratio = "–" if name == "ikp check" else (f"≥ {mean / ikp['mean']:.0f}×" if timed_out else f"{mean / ikp['mean']:.1f}×")
        kb = rss(n, name)
        mem = f"{kb / 1024:.0f} MB" if kb else "?"
        print(f"| {name} | {checks[name]} | {t} | {ratio} | {mb / mean:.0f} | {mem} |")
    parse = by.get("saphyr-parser (bara händelser)")
    if ikp and parse:
        print(f"\nikp check / saphyr-parser = {ikp['mean'] / parse['mean']:.2f}× (mål ≤ 1,5×); "
              f"ikp: {mb / ikp['mean']:.0f} MB/s (mål ≥ 50 MB/s)")
    print()
single = os.path.join(out, "single.json")
if os.path.exists(single):
    r = json.load(open(single))["results"][0]
    print(f"{r['command']}: {r['mean'] * 1000:.1f} ± {(r.get('stddev') or 0) * 1000:.1f} ms (mål < 20 ms)")
EOF
