#!/usr/bin/env bash
# Issue 10's load figures (not a test): against a fresh local runner (HTTP only, built-in model), first
# 60 s of POST /api/predict at concurrency 16 from one client (statuses and throughput), then 64
# concurrent 20 MB bodies (statuses and how far the process grew: peak RSS minus RSS before).
#   scripts/load-probe.sh [SECONDS]      runner port 7420 (PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
source scripts/azurite.sh

SECONDS_OF_LOAD=${1:-60}
PORT=${PORT:-7420}
RUNNER=functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll
RUNNER_PID=""
cleanup() {
  if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then kill -TERM "$RUNNER_PID"; wait "$RUNNER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

port_open "$PORT" && { say "port $PORT is taken; choose another with PORT=..."; exit 1; }
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet >/dev/null
dotnet "$RUNNER" serve --port "$PORT" --no-blob-trigger --builtin-model >/dev/null 2>&1 &
RUNNER_PID=$!
for _ in $(seq 1 240); do port_open "$PORT" && break; sleep 0.25; done

/usr/bin/python3 - "$PORT" "$SECONDS_OF_LOAD" "$RUNNER_PID" <<'PY'
import collections, sys, threading, time, urllib.error, urllib.request
port, seconds, pid = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
url = f"http://127.0.0.1:{port}/api/predict"
def rss(key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
def post(body, kind):
    try:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": kind}, method="POST")
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read(); return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError as e:
        return type(e).__name__

image = open("web/site/examples/sneaker.png", "rb").read()
post(image, "image/png")
statuses, lock, stop = collections.Counter(), threading.Lock(), time.time() + seconds
def client():
    while time.time() < stop:
        status = post(image, "image/png")
        with lock: statuses[status] += 1
threads = [threading.Thread(target=client) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
total = sum(statuses.values())
print(f"{seconds:.0f} s at concurrency 16: {total} requests ({total / seconds:.0f}/s), statuses {dict(statuses)}")

before = rss("VmRSS")
big = image + bytes(20 * 1024 * 1024 - len(image))  # a real PNG start, padded to 20 MB
big_statuses = collections.Counter()
def big_client():
    status = post(big, "image/png")
    with lock: big_statuses[status] += 1
threads = [threading.Thread(target=big_client) for _ in range(64)]
for t in threads: t.start()
for t in threads: t.join()
print(f"64 concurrent 20 MB bodies: statuses {dict(big_statuses)}; RSS before {before} MB, peak {rss('VmHWM')} MB")
PY
