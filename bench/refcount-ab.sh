#!/bin/sh
# bench-refcount: what reference counting costs single_client_tasks_async, as issue 14 asks: the
# same build run with miniray.refcount=none (nothing counted, every object kept until its job
# ends) and with the default, owner, interleaved, ROUNDS times each (default 5), embedded and
# across processes (a head and a node, started with the same setting through MINIRAY_JAVA_OPTS),
# each run after the machine is quiet (one-minute load under 1.5, waiting at most QUIET_WAIT s).
# Each run is BenchMain's full size (median of 7 rounds); the load before each run is printed, and
# the CPU time each process spent per round (BenchMain --cpu, median of the rounds): on a machine
# others share the rates scatter more than counting moves them, the CPU spent on the same rounds
# much less, so the summary gives what counting costs in both.
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
      table=$(MINIRAY_JAVA_OPTS="${MINIRAY_JAVA_OPTS:-} -Dminiray.refcount=$counter" \
        java -Xmx6g -Dminiray.refcount=$counter -cp "$CP" org.miniray.bench.BenchMain --mode "$mode" \
          --only single_client_tasks_async --cpu --out "$OUT/$mode-$counter-$r") || true # a failed run shows as no rate
      rate=$(echo "$table" | awk '$1 == "single_client_tasks_async" { gsub(",", "", $2); print $2 }' | tail -1)
      # The table's extra lines: cpu_ms_driver, cpu_ms_head, cpu_ms_node1 (each a median over the rounds).
      cpu=$(echo "$table" | awk '$1 ~ /^cpu_ms_/ { gsub(",", "", $2); sub("cpu_ms_", "", $1); printf "%s %s ", $1, $2; t += $2 }
        END { printf "total %d", t }')
      echo "$mode $counter round $r: $rate tasks/s (load before: $load) cpu ms per round: $cpu" | tee -a "$OUT/runs.txt"
    done
  done
done
# Per mode: the median of each side's runs and what counting costs, in rate and in CPU per round.
for mode in $MODES; do
  for counter in none owner; do
    runs=$(grep "^$mode $counter " "$OUT/runs.txt" | tail -n "$ROUNDS")
    rate=$(echo "$runs" | awk '{print $5}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
    cpu=$(echo "$runs" | awk '{print $NF}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
    echo "$mode $counter $rate $cpu"
  done | awk '{m=$1; r[$2]=$3; c[$2]=$4} END {printf "%s: none %d/s, owner %d/s: counting costs %.1f%%; CPU of every process per round: none %d ms, owner %d ms: %+.1f%%\n", m, r["none"], r["owner"], 100*(1-r["owner"]/r["none"]), c["none"], c["owner"], 100*(c["owner"]/c["none"]-1)}'
done
