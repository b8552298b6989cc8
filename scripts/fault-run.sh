#!/usr/bin/env bash
# Issue 10's fault run (not part of CI): 1,000 uploads through POST /api/uploads to a local runner while
# the runner is restarted twice and storage is stopped for 30 s; then every upload's result is fetched.
# Prints: uploads accepted, results, lost (no result), results by status, and rewrites refused by the
# conditional result write (a retry or second delivery that found a result already there).
#   scripts/fault-run.sh [UPLOADS]      ports: runner 7420, Azurite 10420-10422 (RUNNER_PORT, AZURITE_PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
source scripts/azurite.sh

UPLOADS=${1:-1000}
RUNNER_PORT=${RUNNER_PORT:-7420}
AZURITE_PORT=${AZURITE_PORT:-10420}
RUNNER=functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll
work=$(mktemp -d)
RUNNER_PID="" AZURITE_PID="" UPLOADER_PID=""
AZURITE_PORTS=("$AZURITE_PORT" $((AZURITE_PORT + 1)) $((AZURITE_PORT + 2)))
AzureWebJobsStorage=$(azurite_connection_string)
export AzureWebJobsStorage

stop() { # stop PID: TERM, then wait
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi
}
cleanup() {
  stop "$UPLOADER_PID"; stop "$RUNNER_PID"; stop "$AZURITE_PID"
  rm -rf "$work"
}
trap cleanup EXIT

start_storage() {
  setsid node_modules/.bin/azurite --blobHost 127.0.0.1 --blobPort "${AZURITE_PORTS[0]}" \
    --queueHost 127.0.0.1 --queuePort "${AZURITE_PORTS[1]}" --tableHost 127.0.0.1 --tablePort "${AZURITE_PORTS[2]}" \
    --location "$work/azurite" --disableTelemetry --skipApiVersionCheck --silent >>"$work/azurite.log" 2>&1 &
  AZURITE_PID=$!
  local port
  for port in "${AZURITE_PORTS[@]}"; do
    for _ in $(seq 1 120); do port_open "$port" && break; sleep 0.25; done
  done
}
start_runner() {
  setsid dotnet "$RUNNER" serve --port "$RUNNER_PORT" --verbose >>"$work/runner.log" 2>&1 &
  RUNNER_PID=$!
  for _ in $(seq 1 240); do port_open "$RUNNER_PORT" && break; sleep 0.25; done
}

for port in "$RUNNER_PORT" "${AZURITE_PORTS[@]}"; do
  port_open "$port" && { say "port $port is taken"; exit 1; }
done
ensure_node_modules
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet >/dev/null
mkdir -p "$work/azurite"
start_storage
start_runner

say "uploading $UPLOADS images (about 8 a second; refused or unreachable uploads are retried)"
/usr/bin/python3 - "$RUNNER_PORT" "$UPLOADS" "$work/names" web/site/examples <<'PY' &
import glob, json, sys, time, urllib.request
port, total, out, examples = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sorted(glob.glob(sys.argv[4] + "/*.png"))
images = [open(p, "rb").read() for p in examples]
with open(out, "w") as names:
    for i in range(total):
        while True:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/uploads", data=images[i % len(images)],
                                                 headers={"Content-Type": "image/png"}, method="POST")
                with urllib.request.urlopen(request, timeout=10) as response:
                    names.write(json.load(response)["name"] + "\n"); names.flush()
                    break
            except Exception:
                time.sleep(1)  # 503 during the outage, or no runner during a restart: try the same upload again
        time.sleep(0.12)
PY
UPLOADER_PID=$!

sleep 25;  say "restarting the runner (1 of 2)"; stop "$RUNNER_PID"; start_runner
sleep 20;  say "stopping storage for 30 s";      stop "$AZURITE_PID"; sleep 30; start_storage; say "storage is back"
sleep 25;  say "restarting the runner (2 of 2)"; stop "$RUNNER_PID"; start_runner
wait "$UPLOADER_PID"; UPLOADER_PID=""
say "all uploads accepted; waiting for their results"

/usr/bin/python3 - "$RUNNER_PORT" "$work/names" "$work/runner.log" <<'PY'
import collections, json, sys, time, urllib.error, urllib.request
port, names = int(sys.argv[1]), [n.strip() for n in open(sys.argv[2]) if n.strip()]
results, deadline = {}, time.time() + 600
while len(results) < len(names) and time.time() < deadline:
    for name in names:
        if name in results:
            continue
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/predictions/{name}", timeout=10) as response:
                if response.status == 200:
                    results[name] = json.load(response)["status"]
        except (urllib.error.URLError, OSError):
            pass
    if len(results) < len(names):
        time.sleep(2)
log = open(sys.argv[3], errors="replace").read()
print(f"uploads accepted        {len(names)}")
print(f"results                 {len(results)}")
print(f"lost (no result)        {len(names) - len(results)}")
print(f"by status               {dict(collections.Counter(results.values()))}")
print(f"rewrites refused        {log.count('already has a result')}  (a second run found the result there and left it)")
print(f"blob host restarts      {log.count('blob trigger host is running again')}")
print(f"missed uploads swept    {log.count('classifying it here')}")
PY
