#!/usr/bin/env bash
# The memory probe for images of extreme shape: eight tiny PNGs of extreme shape (1x999999, 999999x1, 40x999999, 2x500000, two
# of each) sent in parallel to POST /api/predict of a fresh local runner (HTTP only, built-in model, no
# storage). Prints each answer's status and time, and how much the runner process grew (peak RSS minus
# RSS before). Numbers to read, not a test. Extra arguments go to the runner's environment, e.g.
#   scripts/extreme-shapes.sh Classifier__MaxAspectRatio=1000000   # decode them instead of refusing them
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
source scripts/azurite.sh

PORT=${PORT:-7420}
RUNNER=functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll
work=$(mktemp -d)
RUNNER_PID=""
cleanup() {
  if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then
    kill -TERM "$RUNNER_PID" 2>/dev/null || true
    wait "$RUNNER_PID" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port_open "$PORT" && { say "port $PORT is taken; choose another with PORT=..."; exit 1; }
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet >/dev/null

/usr/bin/python3 - "$work" <<'PY'
import struct, sys, zlib
def png(w, h):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    row, packer = b'\0' + b'\x80' * w, zlib.compressobj(9)
    data = b''.join(packer.compress(row) for _ in range(h)) + packer.flush()
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', data) + chunk(b'IEND', b'')
for w, h in [(1, 999999), (999999, 1), (40, 999999), (2, 500000)]:
    open(f'{sys.argv[1]}/{w}x{h}.png', 'wb').write(png(w, h))
PY

env "$@" dotnet "$RUNNER" serve --port "$PORT" --no-blob-trigger --builtin-model >"$work/runner.log" 2>&1 &
RUNNER_PID=$!
for _ in $(seq 1 240); do port_open "$PORT" && break; sleep 0.25; done
curl -s -o /dev/null "http://127.0.0.1:$PORT/api/health"
rss() { awk -v k="$1:" '$1 == k { print int($2 / 1024) }' "/proc/$RUNNER_PID/status"; }
before=$(rss VmRSS)

clients=()
for f in "$work"/*.png "$work"/*.png; do
  curl -s -o /dev/null -w "$(basename "$f") %{http_code} %{time_total}s\n" -H 'Content-Type: image/png' \
    --data-binary "@$f" "http://127.0.0.1:$PORT/api/predict" &
  clients+=($!)
done
wait "${clients[@]}"
sleep 1
echo "runner RSS before ${before} MB, peak $(rss VmHWM) MB: grew $(( $(rss VmHWM) - before )) MB"
