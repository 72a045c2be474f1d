#!/usr/bin/env bash
# Compile cost at scale (issue #22): cold builds, in one run, of a one-client application
# on the coc crate, on the largest generated crate, on all the generated crates together,
# and on aws-sdk-ec2 from crates.io (the anchor: 811 operations); then each crate's own
# build (the crate alone, its dependencies built), per operation and per generated line.
#
#   bash tests/benches/compile_scale.sh
#
# Every application lives outside the workspace (so its [profile] settings do not apply)
# and builds in the dev profile from an empty target directory, with incremental
# compilation off (as a crate from a registry builds). Wall time and CPU time (user + sys
# of cargo and all it ran) are printed for each row, then the goals as ratios.
# SKIP_AWS=1 leaves the aws-sdk-ec2 rows out (a quick check of the script: about 3 min
# instead of 13). Fetching from crates.io is done before timing. Work files go to
# COMPILE_SCALE_DIR (default /tmp/compile-scale), emptied first; nothing in the work tree
# changes. Needs cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
work="${COMPILE_SCALE_DIR:-/tmp/compile-scale}"
aws_version="1.274.0"
export CARGO_INCREMENTAL=0

rm -rf "$work"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(rustc --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# The generated crates, with their operation counts (operationIds in the spec) and
# generated lines; the largest by operations.
services=()
declare -A operations lines
for spec in specs/*.yaml; do
  service=$(basename "$spec" .yaml)
  [ -f "crates/$service/Cargo.toml" ] || continue
  services+=("$service")
  operations[$service]=$(grep -c '^ *operationId:' "$spec")
  lines[$service]=$(cat "crates/$service"/src/*.rs | wc -l)
done
largest=$(for s in "${services[@]}"; do echo "${operations[$s]} $s"; done | sort -rn | head -1 | cut -d' ' -f2)

# application NAME DEPENDENCY_LINES MAIN_BODY: an application crate with its own workspace.
application() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
$2

[workspace]
EOF
  printf 'fn main() {\n%s\n}\n' "$3" >"$dir/src/main.rs"
  (cd "$dir" && cargo fetch --quiet)
}

# timed DIR [PACKAGE]: build DIR, from an empty target dir, or, with PACKAGE, after
# `cargo clean -p PACKAGE` only (the crate's own build); prints "wall cpu" in seconds.
timed() {
  python3 - "$@" <<'EOF'
import os, resource, shutil, subprocess, sys, time
directory = sys.argv[1]
if len(sys.argv) > 2:
    subprocess.run(["cargo", "clean", "--quiet", "--offline", "-p", sys.argv[2]], cwd=directory, check=True)
else:
    shutil.rmtree(os.path.join(directory, "target"), ignore_errors=True)
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
subprocess.run(["cargo", "build", "--quiet", "--offline"], cwd=directory, check=True)
wall = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(f"{wall:.1f} {cpu:.1f}")
EOF
}

# ours_app NAME SERVICE...: one client of each service, built from a config.
ours_app() {
  local name=$1 deps="" body=""
  shift
  for service in "$@"; do
    deps+="huaweicloud-sdk-$service = { path = \"$repo/crates/$service\" }"$'\n'
    body+="    let client = huaweicloud_sdk_$service::Client::new(
        huaweicloud_sdk_$service::Config::builder()
            .region(\"cn-north-4\")
            .credentials(huaweicloud_sdk_$service::Credentials::access_key(\"ak\", \"sk\"))
            .build(),
    )
    .expect(\"client\");
    println!(\"{:?}\", client.config().region());"$'\n'
  done
  application "$name" "$deps" "$body"
}

ours_app app-coc coc
ours_app "app-$largest" "$largest"
ours_app app-all "${services[@]}"
if [ -z "${SKIP_AWS:-}" ]; then
  # aws-sdk-ec2 with its default features (rustls, its default HTTPS client, tokio),
  # a client built from a config and one request built, as the ours apps do.
  application app-ec2 "aws-sdk-ec2 = \"=$aws_version\"" \
    "    let config = aws_sdk_ec2::Config::builder()
        .behavior_version(aws_sdk_ec2::config::BehaviorVersion::latest())
        .region(aws_sdk_ec2::config::Region::new(\"us-east-1\"))
        .build();
    let client = aws_sdk_ec2::Client::from_conf(config);
    let request = client.describe_instances();
    println!(\"{:?}\", request.get_instance_ids());"
fi

declare -A wall cpu
row() { # row KEY DIR [PACKAGE]
  read -r "wall[$1]" "cpu[$1]" < <(timed "${@:2}")
  echo "$1: ${wall[$1]} s wall, ${cpu[$1]} s CPU"
}

row "app on coc" "$work/app-coc"
row "app on $largest" "$work/app-$largest"
row "app on all ${#services[@]}" "$work/app-all"
[ -n "${SKIP_AWS:-}" ] || row "app on aws-sdk-ec2" "$work/app-ec2"
for service in "${services[@]}"; do
  row "$service alone" "$work/app-all" "huaweicloud-sdk-$service"
done
if [ -z "${SKIP_AWS:-}" ]; then
  row "aws-sdk-ec2 alone" "$work/app-ec2" aws-sdk-ec2
  ec2_source=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"aws-sdk-ec2-$aws_version" | head -1)
  operations[aws-sdk-ec2]=$(find "$ec2_source/src/operation" -maxdepth 1 -name '*.rs' | wc -l)
  lines[aws-sdk-ec2]=$(find "$ec2_source/src" -name '*.rs' -exec cat {} + | wc -l)
fi

echo
echo "| crate | operations | generated lines | own build: wall / CPU | CPU per operation | CPU per 1,000 lines |"
echo "| --- | --- | --- | --- | --- | --- |"
crates=("${services[@]}")
[ -n "${SKIP_AWS:-}" ] || crates+=(aws-sdk-ec2)
for crate in "${crates[@]}"; do
  key="$crate alone"
  python3 -c "
ops, lines, wall, cpu = ${operations[$crate]}, ${lines[$crate]}, ${wall[$key]}, ${cpu[$key]}
print(f'| $crate | {ops} | {lines:,} | {wall:.1f} s / {cpu:.1f} s | {cpu / ops:.3f} s | {cpu / lines * 1000:.2f} s |')"
done

echo
echo "| application (cold) | wall | CPU |"
echo "| --- | --- | --- |"
for key in "app on coc" "app on $largest" "app on all ${#services[@]}" "app on aws-sdk-ec2"; do
  [ -n "${wall[$key]:-}" ] && echo "| $key | ${wall[$key]} s | ${cpu[$key]} s |"
done

echo
python3 - <<EOF
coc, largest, everything = ${wall["app on coc"]}, ${wall["app on $largest"]}, ${wall["app on all ${#services[@]}"]}
print(f"goal: app on $largest <= 1.2x app on coc (wall): {largest / coc:.2f}x")
ec2 = "${wall["app on aws-sdk-ec2"]:-}"
if ec2:
    print(f"goal: app on all ${#services[@]} < app on aws-sdk-ec2 (wall): {everything / float(ec2):.2f}x")
    ours = ${cpu["$largest alone"]} / ${operations[$largest]}
    theirs = ${cpu["aws-sdk-ec2 alone"]:-0} / ${operations[aws-sdk-ec2]:-1}
    print(f"goal: CPU per operation <= 1/5 of aws-sdk-ec2's ($largest): {ours:.3f} s vs {theirs:.3f} s = 1/{theirs / ours:.1f}")
EOF
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
