#!/bin/sh
# bench-ab: this checkout against another build of miniray, as issue 19 asks ("A/B against today in
# one run"): BenchMain in the same mode on the same workloads, the two builds interleaved ROUNDS
# times each (default 3), each run after the machine is quiet (one-minute load under 1.5, waiting at
# most QUIET_WAIT s, default 180), the load before each run printed. Each run is BenchMain's full
# size (a median of 7 timed rounds); the summary gives, per workload, the median of each side's runs
# (of an even number, the lower of the middle two) and after/before.
#   bench/ab.sh BEFORE_CHECKOUT [WORKLOAD,...]     (ROUNDS=N, MODE=cluster|embedded, BENCH_ARGS=...)
# BEFORE_CHECKOUT is another clone or worktree of miniray where `make build` has run, e.g.
#   git worktree add ../before <commit> && make -C ../before build
set -eu
[ $# -ge 1 ] || { echo "usage: bench/ab.sh BEFORE_CHECKOUT [WORKLOAD,...]" >&2; exit 2; }
before=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
after=$(pwd)
for side in "$before" "$after"; do
  [ -f "$side/target/classpath.txt" ] || { echo "bench/ab.sh: $side has no build (run make build there)" >&2; exit 2; }
done
ONLY=${2:-single_client_tasks_sync,single_client_tasks_async,1_1_actor_calls_sync,1_1_actor_calls_async,single_client_put_calls,nested_fanout,single_client_wait_1k_refs,task_latency}
ROUNDS=${ROUNDS:-3}
MODE=${MODE:-cluster}
OUT=$after/target/bench-ab
mkdir -p "$OUT"
: > "$OUT/runs.txt"
for r in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    [ "$side" = before ] && dir=$before || dir=$after
    waited=0
    while [ "$waited" -lt "${QUIET_WAIT:-180}" ] && ! awk '{exit !($1 < 1.5)}' /proc/loadavg; do
      sleep 2; waited=$((waited + 2))
    done
    load=$(cut -d' ' -f1 /proc/loadavg)
    # The head and node processes run the same build's code as the driver (BenchMain starts them from its class path).
    table=$(cd "$dir" && java -Xmx6g -cp "target/classes:$(cat target/classpath.txt)" org.miniray.bench.BenchMain \
      --mode "$MODE" --only "$ONLY" --out "$OUT/$side-$r" ${BENCH_ARGS:-}) || true # a failed run shows as no figure
    echo "$table" | awk -v side="$side" -v r="$r" -v load="$load" -v only=",$ONLY," \
      'index(only, "," $1 ",") && $2 ~ /^[0-9.,]+$/ { last = $1; v = $2; gsub(",", "", v); printf "%s %s %s %s load %s\n", side, r, $1, v, load; next }
       /^  p99_us / && last != "" { v = $2; gsub(",", "", v); printf "%s %s %s.p99_us %s load %s\n", side, r, last, v, load; next }
       { last = "" }' \
      | tee -a "$OUT/runs.txt"
  done
done
echo "median of $ROUNDS runs each ($MODE): workload before after after/before"
for w in $(echo "$ONLY" | tr ',' ' ' | sed 's/task_latency/task_latency task_latency.p99_us/'); do
  b=$(awk -v w="$w" '$1 == "before" && $3 == w { print $4 }' "$OUT/runs.txt" | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}')
  a=$(awk -v w="$w" '$1 == "after" && $3 == w { print $4 }' "$OUT/runs.txt" | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}')
  echo "$w ${b:-none} ${a:-none}" | awk '{ printf "%-28s %12s %12s %8s\n", $1, $2, $3, ($2 > 0 && $3 != "none") ? sprintf("%.2fx", $3 / $2) : "-" }'
done
