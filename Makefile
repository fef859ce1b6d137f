# miniray: see README.md. Every target works on a fresh machine with Java 17 and Maven.
MVN ?= mvn -B -q

.PHONY: build run test
build:
	$(MVN) -DskipTests package
run: build
	@echo "demo not yet"
test:
	mvn -B test
