#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (the zip's contents
# are in /autograder/source): the JDK and Maven, then every dependency and plugin the graders
# need, so that each submission is graded offline.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven make git
cd /autograder/source
mvn -B -q -DskipTests test-compile
# The test phase with no test selected: fetches surefire's JUnit provider too.
mvn -B -q test -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
