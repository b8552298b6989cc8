#!/usr/bin/env bash
# The load and memory figures of docs/reliability.md (not a test): against a fresh local runner (HTTP only, built-in model), first
# 60 s of POST /api/predict at concurrency 16 from one client (statuses and throughput), then 64
# concurrent 20 MB bodies (statuses, RSS before and peak RSS). ROUTE=uploads sends the 20 MB bodies to
# POST /api/uploads instead of /api/predict, with the runner on a private in-memory Azurite and its blob trigger
# on (which creates the containers and classifies the uploads in the same process, as it would in use).
#   scripts/load-probe.sh [SECONDS]      runner port 7420 (PORT); ROUTE=predict|uploads; Azurite 10430-10432 (AZURITE_PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
source scripts/azurite.sh

SECONDS_OF_LOAD=${1:-60}
PORT=${PORT:-7420}
ROUTE=${ROUTE:-predict}
AZURITE_PORT=${AZURITE_PORT:-10430}
RUNNER=functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll
RUNNER_PID=""
AZURITE_PID=""
cleanup() {
  if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then kill -TERM "$RUNNER_PID"; wait "$RUNNER_PID" 2>/dev/null || true; fi
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then kill -TERM "$AZURITE_PID"; wait "$AZURITE_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

port_open "$PORT" && { say "port $PORT is taken; choose another with PORT=..."; exit 1; }
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet >/dev/null
if [ "$ROUTE" = uploads ]; then
  ensure_node_modules
  port_open "$AZURITE_PORT" && { say "port $AZURITE_PORT is taken; choose another with AZURITE_PORT=..."; exit 1; }
  use_azurite_ports "$AZURITE_PORT"
  launch_azurite memory /dev/null
fi
trigger=--no-blob-trigger
[ "$ROUTE" = uploads ] && trigger=
dotnet "$RUNNER" serve --port "$PORT" $trigger --builtin-model >/dev/null 2>&1 &
RUNNER_PID=$!
for _ in $(seq 1 240); do port_open "$PORT" && break; sleep 0.25; done

/usr/bin/python3 - "$PORT" "$SECONDS_OF_LOAD" "$RUNNER_PID" "$ROUTE" <<'PY'
import collections, sys, threading, time, urllib.error, urllib.request
port, seconds, pid, route = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
url = f"http://127.0.0.1:{port}/api/predict"
def rss(key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
def post(body, kind, target=url):
    try:
        request = urllib.request.Request(target, data=body, headers={"Content-Type": kind}, method="POST")
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
    status = post(big, "image/png", f"http://127.0.0.1:{port}/api/{route}")
    with lock: big_statuses[status] += 1
threads = [threading.Thread(target=big_client) for _ in range(64)]
for t in threads: t.start()
for t in threads: t.join()
print(f"64 concurrent 20 MB bodies to /api/{route}: statuses {dict(big_statuses)}; RSS before {before} MB, peak {rss('VmHWM')} MB")
PY
