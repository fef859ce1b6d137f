#!/bin/sh
# bench-refcount: what reference counting costs single_client_tasks_async, as issue 14 asks: the
# same build run with miniray.refcount=none (nothing counted, every object kept until its job
# ends) and with the default, owner, interleaved, ROUNDS times each (default 5), embedded and
# across processes (a head and a node, started with the same setting through MINIRAY_JAVA_OPTS),
# each run after the machine is quiet (one-minute load under 1.5, waiting at most QUIET_WAIT s).
# Each run is BenchMain's full size (median of 7 rounds); the load before each run is printed.
#   bench/refcount-ab.sh [embedded|cluster ...]       (ROUNDS=N)
set -eu
cd "$(dirname "$0")/.."
CP="target/classes:$(cat target/classpath.txt)"
ROUNDS=${ROUNDS:-5}
MODES=${*:-embedded cluster}
OUT=target/bench-refcount
mkdir -p "$OUT"
for mode in $MODES; do
  for r in $(seq 1 "$ROUNDS"); do
    for counter in none owner; do
      # Waits (at most QUIET_WAIT seconds, default 120) for a one-minute load under 1.5: the runs are short
      # (a few seconds each), and a busy machine moves them more than counting does.
      waited=0
      while [ "$waited" -lt "${QUIET_WAIT:-120}" ] && ! awk '{exit !($1 < 1.5)}' /proc/loadavg; do
        sleep 2; waited=$((waited + 2))
      done
      load=$(cut -d' ' -f1 /proc/loadavg)
      rate=$(MINIRAY_JAVA_OPTS="${MINIRAY_JAVA_OPTS:-} -Dminiray.refcount=$counter" \
        java -Xmx6g -Dminiray.refcount=$counter -cp "$CP" org.miniray.bench.BenchMain --mode "$mode" \
          --only single_client_tasks_async --out "$OUT/$mode-$counter-$r" \
        | awk '$1 == "single_client_tasks_async" { gsub(",", "", $2); print $2 }' | tail -1)
      echo "$mode $counter round $r: $rate tasks/s (load before: $load)" | tee -a "$OUT/runs.txt"
    done
  done
done
# Per mode: the median of each side's runs and what counting costs.
for mode in $MODES; do
  for counter in none owner; do
    grep "^$mode $counter " "$OUT/runs.txt" | tail -n "$ROUNDS" | awk '{print $5}' | sort -n \
      | awk -v m="$mode" -v c="$counter" '{v[NR]=$1} END {print m, c, v[int((NR+1)/2)]}'
  done | awk '{m=$1; r[$2]=$3} END {printf "%s: none %d/s, owner %d/s: counting costs %.1f%%\n", m, r["none"], r["owner"], 100*(1-r["owner"]/r["none"])}'
done
