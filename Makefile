# miniray. Every target works on a fresh machine with Java 17 and Maven (README.md).
MVN ?= mvn -B -q
# Maven 3.8 prints stray color resets (ESC[0m) even in batch mode; -Dstyle.color=never is for 3.9+.
# Its output goes through this filter, and pipefail keeps Maven's exit code.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
NO_COLOR := -Dstyle.color=never 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
JAVA ?= java
CP_FILE := target/classpath.txt
TEST_CP_FILE := target/test-classpath.txt

.PHONY: build run test stress spill-check churn churn-cluster generate sim bench bench-quick bench-cluster bench-gcs bench-compare bench-ab bench-refcount value-stages figures figures-quick clean handout grade autograder slides slides-figures slides-pdf

## build: compile and package (no tests)
build:
	$(MVN) -DskipTests package $(NO_COLOR)
	$(MVN) dependency:build-classpath -Dmdep.outputFile=$(CP_FILE) -Dmdep.includeScope=runtime $(NO_COLOR)

## run: the lecture's two applications (a parallel sort with tasks, training with actors) on an embedded cluster
run: build
	$(JAVA) -cp target/classes:$$(cat $(CP_FILE)) org.miniray.examples.Demo

## test: the whole suite that CI runs (a few minutes)
test:
	mvn -B test $(NO_COLOR)

## stress: the long property-test runs (thousands of cases)
stress:
	mvn -B test -Dtest.groups=stress -Dtest.excludedGroups= $(NO_COLOR)

## spill-check: 3 GiB of objects kept referenced at once through 256 MiB object stores, every JVM at -Xmx1g: embedded,
## then a head, a node and this driver as processes; each object is read back whole and each store's memory watched.
## It writes about 3 GiB under miniray.objectstore.spill.dir (removed as it ends). SPILL_ARGS="300 4 32": MiB in all, per object, per store.
SPILL_ARGS ?= 3072 16 256
SPILL_CHECK = $(JAVA) -Xmx1g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.SpillCheck
spill-check: build
	$(SPILL_CHECK) embedded $(SPILL_ARGS)
	MINIRAY_JAVA_OPTS=-Xmx1g $(SPILL_CHECK) cluster $(SPILL_ARGS)

## sim: the six scheduling policies side by side in the cluster simulator (CSV and PNG charts in target/sim)
# Your own policy: make sim MINIRAY_CLASSPATH=path/to/classes SIM_ARGS="... --policies paper,edu.me.MyPolicy"
SIM_ARGS ?= --nodes 1000 --tasks 1000000 --workload all --policies paper,random,round-robin,least-loaded,locality,power-of-two
sim: build
	$(JAVA) -Djava.awt.headless=true -cp target/classes:$$(cat $(CP_FILE))$(if $(MINIRAY_CLASSPATH),:$(MINIRAY_CLASSPATH)) org.miniray.sim.SimMain --out target/sim $(SIM_ARGS)

## bench: Ray's microbenchmarks on an embedded cluster (a few minutes); table on stdout, JSON in target/bench
# -Xmx6g: figures keep primary copies live until a cluster shuts down; the object workloads free theirs.
bench: build
	$(JAVA) -Xmx6g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.BenchMain --mode embedded --out target/bench $(BENCH_ARGS)

## bench-quick: the same with few rounds and smaller sizes, for development
bench-quick: build
	$(JAVA) -Xmx6g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.BenchMain --mode embedded --quick --out target/bench $(BENCH_ARGS)

## churn: issue 14's long loop (a 1 MiB task result read once, then dropped): 20,000 rounds embedded, -Xmx1g, 256 MiB store; prints the heap after 1,000 rounds and after the run (CHURN_ROUNDS to change)
churn: build
	$(JAVA) -Xmx1g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.ChurnMain $(or $(CHURN_ROUNDS),20000)

## churn-cluster: the same loop across processes, 10,000 rounds: a head and a node (bin/miniray, -Xmx1g each through MINIRAY_JAVA_OPTS) and this driver (-Xmx1g); stops them after
churn-cluster: build
	MINIRAY_JAVA_OPTS=-Xmx1g bin/miniray start --head --num-cpus 1 --port 6390
	MINIRAY_JAVA_OPTS=-Xmx1g bin/miniray start --address 127.0.0.1:6390 --num-cpus 2
	$(JAVA) -Xmx1g -Dminiray.refcount.forget.tasks=true -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.ChurnMain $(or $(CHURN_ROUNDS),10000) 127.0.0.1:6390; \
	  status=$$?; bin/miniray stop; exit $$status

## bench-cluster: the same suite on a head and a node process (started with bin/miniray's code), this JVM the driver
bench-cluster: build
	$(JAVA) -Xmx6g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.BenchMain --mode cluster --out target/bench $(BENCH_ARGS)

## value-stages: what each copy on a large value's way through a store costs, in ms per 100 MB (VALUE_STAGES_MB=N picks
## another size); docs/PERFORMANCE.md adds the stages up per path
value-stages: build
	$(JAVA) -Xmx6g -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.ValueStages $(or $(VALUE_STAGES_MB),100)

## bench-gcs: task-table entries made durable per second by each GCS (in memory, 1 and 3 ZooKeeper servers) and the
## stall a client sees when the ZooKeeper leader dies (a few minutes). GCS_BENCH_ARGS="100000 c,d" picks rows.
bench-gcs: build
	$(JAVA) -cp target/classes:$$(cat $(CP_FILE)) org.miniray.bench.GcsBenchmark $(GCS_BENCH_ARGS)

## bench-refcount: what reference counting costs single_client_tasks_async: the same build with miniray.refcount=none and owner, interleaved, 5 runs each after the load falls under 1.5, embedded and across processes, in rate and in the CPU time every process spent per round (10 minutes or more; ROUNDS=N)
bench-refcount: build
	bench/refcount-ab.sh

## bench-ab: this checkout against another build, interleaved, as issue 19's A/B asks: BEFORE=DIR (a checkout with make build done), ONLY=w1,w2 (default the task-path workloads), ROUNDS=N (3), MODE=cluster|embedded
bench-ab: build
	bench/ab.sh $(BEFORE) $(ONLY)

## bench-compare: miniray beside Dask and Hazelcast (peers run only where installed, else their recorded figures, labelled)
bench-compare: build
	bench/compare.sh $(BENCH_ARGS)

## figures: the paper's evaluation figures redone on this machine (about 10 minutes on 2 cores): PNG + CSV each in target/figures
# FIGURES_ARGS=--only fig9,fig8b picks some. -Xmx6g: as bench, primary copies stay live until a cluster shuts down.
FIGURES_JAVA = $(JAVA) -Xmx6g -Djava.awt.headless=true -cp target/classes:$$(cat $(CP_FILE)) org.miniray.figures.FiguresMain
figures: build
	$(FIGURES_JAVA) --out target/figures $(FIGURES_ARGS)

## figures-quick: the same with tiny runs (under 2 minutes), for development
# Measured on 2 cores shared with a test suite (load 5-6): 64 s in all; fig8a 33 s (of which its two
# clusters of 3 JVMs take 9-11 s each to start), fig8b 5, fig9 3, fig10a 8, fig11a 5, fig11b 8, fig12b 1.
figures-quick: build
	$(FIGURES_JAVA) --quick --out target/figures $(FIGURES_ARGS)

## generate: rewrite the generated API overloads (RayCall, ActorCall, RayFunc*); needs only the JDK
generate:
	$(JAVA) src/test/java/org/miniray/api/codegen/RayCallGenerator.java src/main/java

clean:
	$(MVN) clean $(NO_COLOR)

# --- Teaching (labs/README.md, slides/README.md) -------------------------------------------
LABS_TOOLS := src/test/java/org/miniray/labs

## handout: the student copy in target/handout (solution regions become TODOs that throw)
handout:
	rm -rf target/handout
	$(JAVA) $(LABS_TOOLS)/Handout.java . target/handout

## grade LAB=N: run lab N's graded tests and print each test's points and the total (files in target/grades/labN,
## results.json for Gradescope among them). HIDDEN=1 adds the staff's hidden graders (on the staff copy);
## REPEAT=50 runs them 50 times, a seed each, and reports every failure with its seed; SEED=s TEST=Class#method
## replays one of those (SEED alone: every grader with that seed).
GRADE_MVN ?= mvn -B
GRADE_DIR = target/grades/lab$(LAB)
GRADE_ONCE = -Dtest.groups=lab$(LAB) -Dtest.excludedGroups=$(if $(HIDDEN),,hidden) \
  -Dlabs.grades.file=$(CURDIR)/$(GRADE_DIR)/grades.tsv $(if $(TEST),-Dtest='$(TEST)') \
  $(if $(SEED),-Dreplay.seed=$(SEED) -DQT_SEED=$(SEED))
GRADE_REPEAT = -Dtest=RepeatedGrading -Dtest.groups= -Dtest.excludedGroups= -Dlabs.repeat=$(REPEAT) \
  -Dlabs.repeat.lab=lab$(LAB) -Dlabs.repeat.dir=$(CURDIR)/$(GRADE_DIR)/repeat -Dlabs.repeat.hidden=$(if $(HIDDEN),true,false)
grade:
	@test -n "$(LAB)" || { echo "usage: make grade LAB=<n>, for example make grade LAB=2"; exit 2; }
	@rm -rf $(GRADE_DIR) && mkdir -p $(GRADE_DIR)
	@echo "Running the graded tests of lab $(LAB)$(if $(REPEAT), $(REPEAT) times) (Maven log: $(GRADE_DIR)/mvn.log) ..."
	@$(GRADE_MVN) test $(if $(REPEAT),$(GRADE_REPEAT),$(GRADE_ONCE)) -Dsurefire.failIfNoSpecifiedTests=false \
	  > $(GRADE_DIR)/mvn.log 2>&1 || grep -E "ERROR.*(COMPILATION|\.java)" $(GRADE_DIR)/mvn.log | head -20 || true
	@$(JAVA) $(LABS_TOOLS)/GradeReport.java $(if $(REPEAT),--repeat $(GRADE_DIR)/repeat,$(GRADE_DIR)/grades.tsv) lab$(LAB)

## autograder LAB=N: lab N's Gradescope autograder, target/autograder/labN.zip, to upload as it is (staff copy only)
autograder:
	@test -n "$(LAB)" || { echo "usage: make autograder LAB=<n>"; exit 2; }
	rm -rf target/autograder/lab$(LAB) target/autograder/lab$(LAB).zip
	$(JAVA) $(LABS_TOOLS)/Handout.java --staff . target/autograder/lab$(LAB)
	$(JAVA) $(LABS_TOOLS)/Autograder.java target/autograder/lab$(LAB) $(LAB) target/autograder/lab$(LAB).zip

## slides: the lecture decks as HTML in target/slides (Node and npm; Marp is pinned in slides/package.json)
slides:
	npm ci --prefix slides --no-audit --no-fund
	npx --prefix slides marp --no-stdin --config-file slides/.marprc.yml -I slides -o target/slides
	rm -f target/slides/README.html
	cp -r slides/figures target/slides/

## slides-figures: the lab decks' figures from real runs (job graphs with a node killed) into slides/figures
slides-figures: build
	$(MVN) test-compile $(NO_COLOR)
	$(MVN) dependency:build-classpath -Dmdep.outputFile=$(TEST_CP_FILE) -Dmdep.includeScope=test $(NO_COLOR)
	$(JAVA) -cp target/classes:target/test-classes:$$(cat $(TEST_CP_FILE)) org.miniray.fault.RecoveryGraphs slides/figures

## slides-pdf: the decks as PDF too (needs a Chromium; on Debian: apt-get install chromium)
slides-pdf: slides
	CHROME_PATH=$${CHROME_PATH:-$$(command -v chromium || command -v chromium-browser || command -v google-chrome)} \
	  npx --prefix slides marp --no-stdin --config-file slides/.marprc.yml --pdf -I slides -o target/slides
	rm -f target/slides/README.pdf
