#!/usr/bin/env bash
# What fusion and recomputation save on the zoo's training steps at realistic sizes: baseline peak,
# peak, baseline/peak and recompute FLOPs in the default mode, the peak with at most 5% extra FLOPs,
# then budget sweeps (peak vs extra FLOPs, greedy and Chen's segments) for ResNet-50 at batch 184,
# VGG-16 and the LSTM language model.
# A table, not a test: takes a few minutes.
#   bench/recompute.sh [NET...]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
./nnc --version >/dev/null   # builds cli/target/nnc.jar when it is missing or stale
exec java -Xss16m -Xmx12g -cp cli/target/nnc.jar bench/RecomputeBench.java "$@"
