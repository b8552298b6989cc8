#!/usr/bin/env bash
# Runs every test: unit, integration (real Azurite, real Kestrel), end-to-end (headless Chromium)
# and the infrastructure checks. Ends with "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prereqs.sh

ensure_node_modules
apt_install chromium chromium
apt_install python3 python3
apt_install shellcheck shellcheck
# Real Fashion-MNIST images for the default model's inference tests.
apt_install /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz dataset-fashion-mnist
ensure_dotnet

say "building"
dotnet build Serverless.sln -c Release --no-restore --verbosity quiet

results=TestResults
rm -rf "$results"
say "testing"
status=0
dotnet test Serverless.sln -c Release --no-build --logger trx --results-directory "$results" || status=$?

# Sum the counters of every TRX report into the one summary line the CI reads.
passed=0 failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a crashed test host still fails the run
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
