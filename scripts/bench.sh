#!/usr/bin/env bash
# The serving benchmark of issue 3: raw ONNX Runtime time vs POST /api/predict end to end for the same
# 500x500 JPEG, their ratio, and the cold start of a fresh runner process. Then the core's per-stage
# breakdown from `classifier bench`. Numbers to read, not a pass/fail test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh

ensure_dotnet
say "building"
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet
dotnet build model/Classifier.Cli -c Release --no-restore --verbosity quiet
say "serving: raw inference vs HTTP end to end, cold start"
dotnet functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll bench "$@"
say "core stages (classifier bench)"
dotnet model/Classifier.Cli/bin/Release/net10.0/classifier.dll bench
