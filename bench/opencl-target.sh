#!/usr/bin/env bash
# Time per step of the zoo at moderate sizes, Java target vs OpenCL target (on the default OpenCL
# device, or device N with NNC_DEVICE=N), inference and training, with the OpenCL target's GFLOP/s and
# how long building its kernels took. A table, not a test: takes several minutes on PoCL.
#   bench/opencl-target.sh [NET...]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
./nnc --version >/dev/null   # builds cli/target/nnc.jar when it is missing or stale
exec java --add-modules jdk.incubator.vector -Xss16m -Xmx8g -cp cli/target/nnc.jar bench/OpenClTargetBench.java "$@"
