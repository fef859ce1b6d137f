# miniray. Every target works on a fresh machine with Java 17 and Maven (README.md).
MVN ?= mvn -B -q
JAVA ?= java
CP_FILE := target/classpath.txt
TEST_CP_FILE := target/test-classpath.txt

.PHONY: build run test stress generate sim bench bench-quick bench-compare figures figures-quick clean

## build: compile and package (no tests)
build:
	$(MVN) -DskipTests package
	$(MVN) dependency:build-classpath -Dmdep.outputFile=$(CP_FILE) -Dmdep.includeScope=runtime

## run: the lecture's two applications (a parallel sort with tasks, training with actors) on an embedded cluster
run: build
	$(JAVA) -cp target/classes:$$(cat $(CP_FILE)) org.miniray.examples.Demo

## test: the whole suite that CI runs (a few minutes)
test:
	mvn -B test

## stress: the long property-test runs (thousands of cases)
stress:
	mvn -B test -Dtest.groups=stress -Dtest.excludedGroups=

## sim: the six scheduling policies side by side in the cluster simulator (CSV and PNG charts in target/sim)
SIM_ARGS ?= --nodes 1000 --tasks 1000000 --workload all --policies paper,random,round-robin,least-loaded,locality,power-of-two
sim: build
	$(JAVA) -Djava.awt.headless=true -cp target/classes:$$(cat $(CP_FILE)) org.miniray.sim.SimMain --out target/sim $(SIM_ARGS)

## bench: Ray's microbenchmarks on an embedded cluster (a few minutes); table on stdout, JSON in target/bench
# -Xmx6g: primary copies are not freed yet, so the 100 MB puts stay live until the workload ends.
bench: build
	$(JAVA) -Xmx6g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.BenchMain --mode embedded --out target/bench $(BENCH_ARGS)

## bench-quick: the same with few rounds and smaller sizes, for development
bench-quick: build
	$(JAVA) -Xmx6g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.BenchMain --mode embedded --quick --out target/bench $(BENCH_ARGS)

## bench-compare: miniray beside Dask and Hazelcast (peers run only where installed, else their recorded figures, labelled)
bench-compare: build
	bench/compare.sh $(BENCH_ARGS)

## figures: the paper's evaluation figures redone on this machine (about 10 minutes on 2 cores): PNG + CSV each in target/figures
# FIGURES_ARGS=--only fig9,fig8b picks some. -Xmx6g: as bench, primary copies stay live until a cluster shuts down.
FIGURES_JAVA = $(JAVA) -Xmx6g -Djava.awt.headless=true -cp target/classes:$$(cat $(CP_FILE)) org.miniray.figures.FiguresMain
figures: build
	$(FIGURES_JAVA) --out target/figures $(FIGURES_ARGS)

## figures-quick: the same with tiny runs (under 2 minutes), for development
figures-quick: build
	$(FIGURES_JAVA) --quick --out target/figures $(FIGURES_ARGS)

## generate: rewrite the generated API overloads (RayCall, ActorCall, RayFunc*); needs only the JDK
generate:
	$(JAVA) src/test/java/org/miniray/api/codegen/RayCallGenerator.java src/main/java

clean:
	$(MVN) clean
