#!/usr/bin/env bash
# Issue 18's memory figures (not a test), each phase on a fresh local runner (HTTP only, built-in model),
# with the runner's RSS before and its peak (VmHWM) after:
#   1. 24 concurrent pixel bombs: grey PNGs of about 100 KB that declare 6300x6300 (40 MP);
#   2. 8 concurrent 12 MP JPEGs (a 4032x3024 photo from scripts/photos.sh), then the round trip of that photo
#      against a 500x500 JPEG cut from it (median of 20 each, one client);
#   3. 16 connections dripping 20 MB bodies at 250 B/s, then the time a normal predict from another client takes;
#   4. 24 concurrent progressive JPEGs declaring 6300x6300 (about 230 KB each; needs python3-pil), whose decoder
#      holds every coefficient (about 120 MB each) whatever the scale of the decode.
#   scripts/memory-probe.sh            runner port 7421 (PORT=...); settings pass through the environment (Limits__*)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
source scripts/azurite.sh # port_open

PORT=${PORT:-7421}
RUNNER=functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll
RUNNER_PID=""
stop_runner() {
  if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then kill -TERM "$RUNNER_PID"; wait "$RUNNER_PID" 2>/dev/null || true; fi
  RUNNER_PID=""
}
trap stop_runner EXIT
start_runner() {
  dotnet "$RUNNER" serve --port "$PORT" --no-blob-trigger --builtin-model >/dev/null 2>&1 &
  RUNNER_PID=$!
  for _ in $(seq 1 240); do port_open "$PORT" && break; sleep 0.25; done
}

port_open "$PORT" && { say "port $PORT is taken; choose another with PORT=..."; exit 1; }
photos=$(scripts/photos.sh)
photo=$(ls "$photos"/phone-*-4032x3024.jpg | head -1)
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet >/dev/null
say "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"

for phase in bombs photos drips progressive; do
  start_runner
  /usr/bin/python3 - "$PORT" "$RUNNER_PID" "$phase" "$photo" <<'PY'
import collections, io, socket, statistics, struct, sys, threading, time, urllib.error, urllib.request, zlib
port, pid, phase, photo = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
url = f"http://127.0.0.1:{port}/api/predict"
def rss(key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
def post(body, kind):
    try:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": kind}, method="POST")
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read(); return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError as e:
        return type(e).__name__
def concurrently(n, body, kind):
    statuses, lock = collections.Counter(), threading.Lock()
    def one():
        status = post(body, kind)
        with lock: statuses[status] += 1
    threads = [threading.Thread(target=one) for _ in range(n)]
    clock = time.time()
    for t in threads: t.start()
    for t in threads: t.join()
    return dict(statuses), time.time() - clock
def grey_png(width, height):
    def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = zlib.compress((b"\0" + b"\x80" * width) * height, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

sneaker = open("web/site/examples/sneaker.png", "rb").read()
post(sneaker, "image/png")  # the model loaded and warm
before = rss("VmRSS")
if phase == "bombs":
    bomb = grey_png(6300, 6300)
    statuses, took = concurrently(24, bomb, "image/png")
    print(f"24 concurrent {len(bomb) // 1024} KB PNGs declaring 6300x6300: statuses {statuses} in {took:.1f} s; RSS before {before} MB, peak {rss('VmHWM')} MB (+{rss('VmHWM') - before} MB); alive: {post(sneaker, 'image/png') == 200}")
elif phase == "photos":
    jpeg = open(photo, "rb").read()
    statuses, took = concurrently(8, jpeg, "image/jpeg")
    peak = rss("VmHWM")
    print(f"8 concurrent 4032x3024 JPEGs ({len(jpeg) // 1024} KB each): statuses {statuses} in {took:.1f} s; RSS before {before} MB, peak {peak} MB (+{peak - before} MB)")
    small = None
    try:
        from PIL import Image
        buffer = io.BytesIO()
        Image.open(photo).convert("RGB").crop((1766, 1262, 2266, 1762)).save(buffer, "JPEG", quality=90)
        small = buffer.getvalue()
    except ImportError:
        pass
    def round_trip(body):
        times = []
        for _ in range(20):
            clock = time.perf_counter(); post(body, "image/jpeg"); times.append((time.perf_counter() - clock) * 1000)
        return statistics.median(times)
    if small:
        # alternated, so a change in the machine's load touches both alike
        big_ms, small_ms = [], []
        for _ in range(3):
            big_ms.append(round_trip(jpeg)); small_ms.append(round_trip(small))
        print(f"round trip, median ms: 12 MP JPEG {statistics.median(big_ms):.1f}, 500x500 JPEG {statistics.median(small_ms):.1f} (ratio {statistics.median(big_ms) / statistics.median(small_ms):.2f})")
elif phase == "progressive":
    try:
        from PIL import Image
    except ImportError:
        print("progressive JPEGs skipped: install python3-pil"); sys.exit(0)
    buffer = io.BytesIO()
    Image.new("RGB", (6300, 6300), (128, 120, 110)).save(buffer, "JPEG", quality=80, progressive=True)
    statuses, took = concurrently(24, buffer.getvalue(), "image/jpeg")
    print(f"24 concurrent {len(buffer.getvalue()) // 1024} KB progressive JPEGs declaring 6300x6300: statuses {statuses} in {took:.1f} s; RSS before {before} MB, peak {rss('VmHWM')} MB (+{rss('VmHWM') - before} MB)")
else:
    drippers = []
    for _ in range(16):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\n".encode() + sneaker[:25])
        drippers.append(s)
    stop = time.time() + 20
    def drip():
        while time.time() < stop:
            time.sleep(0.1)
            for s in drippers:
                try: s.sendall(b"\0" * 25)
                except OSError: pass
    dripping = threading.Thread(target=drip); dripping.start()
    time.sleep(3)
    times, statuses = [], collections.Counter()
    for _ in range(10):
        clock = time.perf_counter(); statuses[post(sneaker, "image/png")] += 1; times.append(time.perf_counter() - clock)
    dripping.join()
    print(f"16 connections dripping 20 MB bodies at 250 B/s: 10 predicts from another client {dict(statuses)}, slowest {max(times):.2f} s, median {statistics.median(times):.3f} s; RSS before {before} MB, peak {rss('VmHWM')} MB")
    for s in drippers: s.close()
PY
  stop_runner
done
