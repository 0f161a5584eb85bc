#!/usr/bin/env bash
# Stackwise vs scikit-learn 1.2, side by side in one run; writes docs/BENCHMARKS.md and docs/bench-results/.
#   bench/run.sh [--quick] [--only NAME,...] [--table learners|stacks|all] [--models ID,...] [--out DIR]
# --quick: a smoke run on two small data sets, written to bench/target/bench-quick/ (docs/ is left alone).
# Budget: the full run takes about 30 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "error: the reference side needs scikit-learn for /usr/bin/python3; install it with:" >&2
  echo "  apt-get install -y python3-sklearn" >&2
  exit 2
fi

# build core + bench (offline first: dependencies are usually in ~/.m2)
mvn -q -o -DskipTests -pl bench -am package 2>/dev/null || mvn -q -DskipTests -pl bench -am package

exec java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.BenchmarkMain \
  --command "bench/run.sh $*" "$@"
