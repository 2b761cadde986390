#!/usr/bin/env bash
# The memory plan of every zoo network at realistic sizes (ResNet-50 at batch 184), training and
# inference: persistent, naive, lower bound, arena, peak and baseline peak, arena/lower bound, FLOPs
# and compile time; then the compile time of lstm_lm at seq=1000. A table, not a test.
#   bench/memory.sh [NET...]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
./nnc --version >/dev/null   # builds cli/target/nnc.jar when it is missing or stale
exec java -Xss16m -Xmx8g -cp cli/target/nnc.jar bench/MemoryBench.java "$@"
