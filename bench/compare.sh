#!/bin/sh
# bench-compare: miniray's microbenchmarks beside Dask's and Hazelcast's, in one run, as ratios.
# A peer that is installed (see $MINIRAY_PEERS/README.md) runs now; a missing one is reported as
# missing and its RESULTS.md figures are shown, labelled RECORDED. Nothing is installed here.
#   bench/compare.sh [--quick] [--recorded-only] [--peers DIR]     (MINIRAY_PEERS, default ../shared/peers, beside the checkout)
set -eu
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B -q}
$MVN -DskipTests package
$MVN dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Xmx6g -cp "target/classes:$(cat target/classpath.txt)" org.miniray.bench.BenchCompare "$@"
