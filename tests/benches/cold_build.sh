#!/usr/bin/env bash
# Cold build of an application that depends on one service crate (issue #12), against an
# application that depends on the crate cargo-progenitor generates from the same spec,
# with the same TLS provider (rustls with ring). Both applications live outside the
# workspace (so its [profile] settings do not apply), each builds in the dev profile
# from an empty target directory, one after the other in the same run; the script prints
# wall time and CPU time (user + sys of cargo and everything it ran) and the ratios.
#
#   bash tests/benches/cold_build.sh [SERVICE...]    # default: secmaster coc aom
#
# Needs python3 with PyYAML, cargo-progenitor on PATH (`cargo install cargo-progenitor`),
# and crates.io for the first fetch (fetching is done before timing). Work files go to
# COLD_BUILD_DIR (default /tmp/cold-build), emptied first; nothing in the work tree changes.
# A benchmark script, not CI: one round takes minutes per service on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
work="${COLD_BUILD_DIR:-/tmp/cold-build}"
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(secmaster coc aom)
command -v cargo-progenitor >/dev/null || {
  echo "cargo-progenitor is not on PATH: cargo install cargo-progenitor" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(rustc --version), $(cargo progenitor --version 2>/dev/null || echo cargo-progenitor)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

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

# timed DIR: build DIR from an empty target dir; prints "wall cpu" in seconds.
timed() {
  python3 - "$1" <<'EOF'
import resource, subprocess, sys, time, os, shutil
directory = sys.argv[1]
target = os.path.join(directory, "target")
shutil.rmtree(target, ignore_errors=True)
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
subprocess.run(["cargo", "build", "--quiet", "--offline"], cwd=directory, check=True)
wall = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(f"{wall:.1f} {cpu:.1f}")
EOF
}

results=()
for service in "${services[@]}"; do
  spec="$repo/specs/$service.yaml"
  [ -f "$spec" ] || { echo "no $spec" >&2; exit 1; }
  package="huaweicloud-sdk-$service"
  krate="huaweicloud_sdk_$service"

  # Ours: the generated crate with its default features (rustls + ring).
  application "app-ours-$service" \
    "$package = { path = \"$repo/crates/$service\" }" \
    "    let config = $krate::Config::builder()
        .region(\"cn-north-4\")
        .credentials($krate::Credentials::access_key(\"ak\", \"sk\"))
        .build();
    let client = $krate::Client::new(config).expect(\"client\");
    println!(\"{:?}\", client.config().region());"

  # progenitor's: the crate cargo-progenitor writes from the same spec (as JSON), with
  # reqwest's rustls and the ring provider, as its users add for https. progenitor
  # 0.15 panics on an operation whose error replies have different bodies (AOM's
  # ListSeries documents a body for 400 only), so each operation's error replies get the
  # body of its first one that has a body: the same models, one error type per operation.
  # A property that is another spelling of one (`x-alias-of`, ours) is left out: progenitor
  # would declare two fields of one name.
  python3 - "$spec" "$work/$service.json" <<'EOF'
import json, sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
for schema in spec.get("components", {}).get("schemas", {}).values():
    properties = schema.get("properties", {})
    for name in [n for n, p in properties.items() if isinstance(p, dict) and "x-alias-of" in p]:
        del properties[name]
for item in spec.get("paths", {}).values():
    for operation in item.values():
        if not isinstance(operation, dict) or "responses" not in operation:
            continue
        errors = [r for s, r in operation["responses"].items() if not str(s).startswith("2")]
        content = next((r["content"] for r in errors if "content" in r), None)
        for response in errors:
            if content is not None:
                response["content"] = content
json.dump(spec, open(sys.argv[2], "w"))
EOF
  cargo progenitor -i "$work/$service.json" -o "$work/progenitor-$service" \
    -n "progenitor-$service" -v 0.1.0 >/dev/null
  reqwest_version=$(python3 - "$work/progenitor-$service/Cargo.toml" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
match = re.search(r'^reqwest\s*=\s*(?:\{[^}]*version\s*=\s*)?"([^"]+)"', text, re.M)
print(match.group(1) if match else "0.12")
EOF
)
  case "$reqwest_version" in
    0.12*) rustls_feature="rustls-tls-native-roots-no-provider" ;;
    *) rustls_feature="rustls-no-provider" ;;
  esac
  application "app-progenitor-$service" \
    "progenitor-$service = { path = \"$work/progenitor-$service\" }
reqwest = { version = \"$reqwest_version\", default-features = false, features = [\"$rustls_feature\"] }
rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }" \
    "    use progenitor_$service::ClientInfo;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = progenitor_$service::Client::new(\"https://$service.cn-north-4.myhuaweicloud.com\");
    println!(\"{}\", client.baseurl());"

  read -r ours_wall ours_cpu < <(timed "$work/app-ours-$service")
  read -r theirs_wall theirs_cpu < <(timed "$work/app-progenitor-$service")
  aws_lc=$(cd "$work/app-ours-$service" && cargo tree -q -i aws-lc-sys 2>/dev/null | head -1 || true)
  results+=("$(python3 -c "
o_w, o_c, t_w, t_c = $ours_wall, $ours_cpu, $theirs_wall, $theirs_cpu
print(f'| {\"$service\"} | {o_w:.1f} s / {o_c:.1f} s | {t_w:.1f} s / {t_c:.1f} s | {o_w / t_w:.2f} | {o_c / t_c:.2f} |')
")")
  echo "$service: ours ${ours_wall}s wall ${ours_cpu}s cpu; progenitor ${theirs_wall}s wall ${theirs_cpu}s cpu; aws-lc-sys in ours: ${aws_lc:-none}"
done

echo
echo "| service | ours: wall / CPU | progenitor + rustls (ring): wall / CPU | ratio wall | ratio CPU |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${results[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
