#!/usr/bin/env bash
# Instructions per call of each way of making the client benchmark's call, counted by
# valgrind's callgrind: a count, not a time, so it is the same on a busy machine as on a
# quiet one. Each caller makes FEW and then MANY sequential calls in a fresh process;
# the difference divided by MANY - FEW is one call's instructions (client, the in-process
# server and the runtime; the kernel is not counted), without start-up.
#
# bash tests/benches/client_instructions.sh [FEW] [MANY]    (defaults 100 and 600)
set -euo pipefail
cd "$(dirname "$0")/../.."
few=${1:-100}
many=${2:-600}
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }

bin=$(cargo bench -p workspace-tests --bench client --no-run 2>&1 |
  grep -o 'target/[^ )]*/deps/client-[0-9a-f]*' | tail -1)
[ -x "$bin" ] || { echo "could not find the client benchmark binary" >&2; exit 1; }

instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" count "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

printf '%-24s %14s %8s\n' caller instructions/call ratio
baseline=""
for caller in bare_reqwest bare_reqwest_timeouts bare_reqwest_signed send_token send_aksk; do
  per_call=$(( ($(instructions "$caller" "$many") - $(instructions "$caller" "$few")) / (many - few) ))
  baseline=${baseline:-$per_call}
  printf '%-24s %14d %8s\n' "$caller" "$per_call" \
    "$(awk -v a="$per_call" -v b="$baseline" 'BEGIN { printf "%.3fx", a / b }')"
done
