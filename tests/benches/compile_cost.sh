#!/usr/bin/env bash
# Compile cost of a generated crate (issue #5, part 4): how long `cargo build` of it takes
# from nothing (cold), after `cargo clean -p` of the crate alone (clean), and after a
# touch of its lib.rs (incremental), with, for scale, the clean rebuild of the crate
# together with its runtime crate huaweicloud-sdk-core; and how many crates it depends on.
#
#   bash tests/benches/compile_cost.sh [PACKAGE]      # PACKAGE defaults to huaweicloud-sdk-coc
#
# It builds in its own target directory (COMPILE_COST_TARGET_DIR, default
# /tmp/target-compile-cost), emptied first, so that it neither reuses nor disturbs the
# usual one; the cold build therefore compiles every dependency (minutes on two cores).
# It writes nothing in the work tree: the incremental step only updates lib.rs's
# modification time (`touch`), never its contents. Needs cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

package="${1:-huaweicloud-sdk-coc}"
crate_dir="crates/${package#huaweicloud-sdk-}"
target_dir="${COMPILE_COST_TARGET_DIR:-/tmp/target-compile-cost}"
export CARGO_TARGET_DIR="$target_dir"

[ -f "$crate_dir/src/lib.rs" ] || { echo "no $crate_dir/src/lib.rs" >&2; exit 1; }

now() { date +%s.%N; }
# seconds COMMAND...: run it quietly, print how long it took.
seconds() {
  local start end
  start=$(now)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }
  end=$(now)
  python3 -c "print(f'{$end - $start:.2f}')"
}
build() { cargo build --quiet -p "$package"; }

echo "== compile cost of $package (target dir $target_dir)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(rustc --version)"

# Dependencies: distinct crates (name and version) in the normal dependency graph, the
# package itself left out; and every crate a cold build compiles (build scripts'
# dependencies and proc-macros included).
deps=$(cargo tree -p "$package" -e normal --prefix none --no-dedupe \
  | sed 's/ (\*)$//; s/ (proc-macro)$//' | grep -v "^$package " | sort -u | wc -l)
echo "normal dependencies (cargo tree -e normal, distinct): $deps"

rm -rf "$target_dir"
cold=$(seconds cargo build --quiet -p "$package" --timings)
units=$(python3 - "$target_dir" <<'EOF'
import json, pathlib, re, sys
report = sorted(pathlib.Path(sys.argv[1], "cargo-timings").glob("cargo-timing-*.html"))[-1]
data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", report.read_text(), re.S).group(1))
slowest = sorted(data, key=lambda unit: unit["duration"], reverse=True)[:5]
print(len(data), "; slowest: " + ", ".join(f"{u['name']} {u['duration']:.1f}s" for u in slowest))
EOF
)
echo "cold build (empty target dir, every dependency): ${cold}s; units compiled: $units"

# Each measurement twice: the machine has two cores and other work may be running.
for round in 1 2; do
  core_clean=$(cargo clean --quiet -p huaweicloud-sdk-core -p "$package" && seconds build)
  cargo clean --quiet -p "$package"
  clean=$(seconds build)
  touch "$crate_dir/src/lib.rs"
  incremental=$(seconds build)
  noop=$(seconds build)
  echo "round $round: clean core + $package ${core_clean}s; clean $package only ${clean}s;" \
    "touch lib.rs (incremental) ${incremental}s; no change ${noop}s"
done
