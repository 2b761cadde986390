#!/usr/bin/env bash
# The Java target against ONNX Runtime's Java package (CPU) on the same networks and weights: time per
# inference step of the interpreter, the Java target and ONNX Runtime, after checking that all three
# agree. A table, not a test: takes a minute or so.
#   bench/onnx-runtime.sh [NET...]          (mlp, lenet, resnet18; ORT_VERSION=X.Y.Z picks another release)
#   taskset -c 0 bench/onnx-runtime.sh      (one core for both: steadier numbers on a busy machine)
# ONNX Runtime is fetched from Maven Central into the local Maven repository on first use; nothing in
# the build depends on it.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
version="${ORT_VERSION:-1.29.0}"
ort_jar="$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/$version/onnxruntime-$version.jar"
./nnc --version >/dev/null   # builds cli/target/nnc.jar when it is missing or stale
if [[ ! -f $ort_jar ]]; then
  command -v mvn >/dev/null || { echo "onnx-runtime.sh: Maven (mvn) is needed to fetch ONNX Runtime" >&2; exit 1; }
  if ! mvn -B -q -Dstyle.color=never dependency:get -Dartifact="com.microsoft.onnxruntime:onnxruntime:$version" >&2 || [[ ! -f $ort_jar ]]; then
    echo "onnx-runtime.sh: could not fetch com.microsoft.onnxruntime:onnxruntime:$version into $ort_jar" >&2
    exit 1
  fi
fi
exec java --add-modules jdk.incubator.vector -Xss16m -Xmx8g -cp "cli/target/nnc.jar:$ort_jar" bench/OnnxRuntimeBench.java "$@"
