#!/usr/bin/env bash
# Time per step of the zoo at moderate sizes, reference interpreter vs the Java target, inference and
# training, with the Java target's GFLOP/s. A table, not a test: takes a few minutes.
#   bench/java-target.sh [NET...]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
./nnc --version >/dev/null   # builds cli/target/nnc.jar when it is missing or stale
exec java --add-modules jdk.incubator.vector -Xss16m -Xmx8g -cp cli/target/nnc.jar bench/JavaTargetBench.java "$@"
