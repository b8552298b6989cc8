#!/usr/bin/env bash
# The serving benchmarks, for one 500x500 JPEG, in one run:
#   1. the core's stages (`classifier bench`), fp32 and int8 at batch 1;
#   2. POST /api/predict on a storage-less runner against one raw session run, and the cold start of fresh
#      runners (`classifier bench --runner`, in the same call as the int8 stages);
#   3. a separate-process load client (wrk, kept-alive connections) at c=1/4/16 against fresh runners
#      (fp32 unbatched, int8 unbatched, int8 micro-batched): p50, p99, req/s, the server's own inference
#      time, and the runner's RSS after the c=16 run;
#   4. the PyTorch eager + PIL pipeline on the same JPEG at the same thread count (Debian python3-torch),
#      and the ratio;
#   5. a 12 MP phone-sized photo (4032x3024, from scripts/photos.sh): its round trip at c=1 against the
#      500x500 JPEG's on one fresh runner, and PyTorch + PIL (full decode, as fastai loads it) on the same file.
# Numbers to read, not a pass/fail test: check `uptime` first; a busy machine slows everything.
# Environment: BENCH_THREADS (2), BENCH_SECONDS per load level (10), BENCH_RUNS (50), BENCH_PRECISION for the
# serving bench (int8), BENCH_SERVE: the served configurations PRECISION:MAX_BATCH ("fp32:0 int8:0 int8:8";
# fp32:0 is the product before int8 and batching, the last one is compared with PyTorch).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh

threads=${BENCH_THREADS:-2}
seconds=${BENCH_SECONDS:-10}
precision=${BENCH_PRECISION:-int8}
runs=${BENCH_RUNS:-50}

ensure_dotnet
apt_install wrk wrk
torch=yes
apt_install /usr/lib/python3/dist-packages/torchvision/__init__.py python3-torch python3-torchvision python3-pil || torch=no
say "building (the runner published with ReadyToRun, as a deployment runs)"
runner_dir=functions/Classifier.LocalRunner/bin/Release/net10.0/linux-x64/publish
dotnet publish functions/Classifier.LocalRunner -c Release -r linux-x64 --self-contained false -o "$runner_dir" --verbosity quiet
dotnet build model/Classifier.Cli -c Release --no-restore --verbosity quiet
runner_dll=$runner_dir/Classifier.LocalRunner.dll
cli_dll=model/Classifier.Cli/bin/Release/net10.0/classifier.dll

work=$(mktemp -d)
runner_pid=
cleanup() {
  if [ -n "$runner_pid" ]; then kill "$runner_pid" 2>/dev/null || true; wait "$runner_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
say "core stages, fp32 (classifier bench --precision fp32 --threads $threads)"
dotnet "$cli_dll" bench --precision fp32 --threads "$threads" --runs "$runs" --save-sample "$work/sample.jpg"
if [ "$precision" != int8 ]; then
  say "core stages, int8 (classifier bench --precision int8 --threads $threads)"
  dotnet "$cli_dll" bench --precision int8 --threads "$threads" --runs "$runs"
fi
say "core stages, then serving: raw inference vs HTTP, cold start ($precision; classifier bench --runner)"
dotnet "$cli_dll" bench --precision "$precision" --threads "$threads" --runs "$runs" --runner "$runner_dll"

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# serve_and_load PRECISION MAX_BATCH: a fresh runner, wrk at c=1/4/16, its RSS after c=16, then stopped.
declare -A result
serve_and_load() {
  local precision=$1 max_batch=$2 port url c
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  Classifier__IntraOpThreads=$threads Classifier__Precision=$precision Classifier__MaxBatch=$max_batch \
    dotnet "$runner_dll" serve --port "$port" --no-blob-trigger --builtin-model >"$work/runner.log" 2>&1 &
  runner_pid=$!
  url="http://127.0.0.1:$port/api/predict"
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null -H 'Content-Type: image/jpeg' --data-binary "@$work/sample.jpg" "$url" && break
    kill -0 "$runner_pid" 2>/dev/null || { cat "$work/runner.log" >&2; exit 1; }
    sleep 0.1
  done
  IMAGE="$work/sample.jpg" wrk -t1 -c1 -d2s -s scripts/bench/predict.lua "$url" >/dev/null # warm-up
  for c in 1 4 16; do
    result[$precision:$max_batch:$c]=$(IMAGE="$work/sample.jpg" wrk -t1 -c"$c" -d"${seconds}s" --timeout 10s -s scripts/bench/predict.lua "$url" | grep '^RESULT')
  done
  result[$precision:$max_batch:rss]=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$runner_pid/status")
  kill "$runner_pid"; wait "$runner_pid" 2>/dev/null || true; runner_pid=
}

say "load from a separate process (wrk, kept-alive, one connection per concurrent client), $threads intra-op threads"
configs=${BENCH_SERVE:-fp32:0 int8:0 int8:8}
printf '%-22s %8s %9s %9s %14s %12s %8s\n' "model:max batch, conc." "req/s" "p50 ms" "p99 ms" "server inf ms" "p50/server" "RSS MB"
for config in $configs; do
  serve_and_load "${config%%:*}" "${config##*:}"
  for c in 1 4 16; do
    r=${result[$config:$c]}
    printf '%-22s %8s %9s %9s %14s %12s %8s\n' "$config c=$c" "$(field "$r" rps)" "$(field "$r" p50_ms)" "$(field "$r" p99_ms)" \
      "$(field "$r" server_inference_p50_ms)" "$(awk -v a="$(field "$r" p50_ms)" -v b="$(field "$r" server_inference_p50_ms)" 'BEGIN { if (b > 0) printf "%.2f x", a / b }')" \
      "$([ "$c" = 16 ] && echo "${result[$config:rss]}")"
    if [ "$(field "$r" non200)" != 0 ] || [ "$(field "$r" errors)" != 0 ]; then
      say "$config c=$c: $(field "$r" non200) non-200 answers, $(field "$r" errors) socket errors"
    fi
  done
done
echo "(server inf: the answers' own timings.inferenceMs, median; with micro-batching it includes the wait for the batch)"

if [ "$torch" = yes ]; then
  say "PyTorch eager + PIL, same JPEG, $threads threads (random weights, the default model's shape)"
  torch_line=$(/usr/bin/python3 scripts/bench/pytorch_pipeline.py "$work/sample.jpg" "$threads" "$runs" | grep '^RESULT')
  torch_ms=$(field " $torch_line" end_to_end_p50_ms)
  last=${configs##* }
  ours_ms=$(field "${result[$last:1]}" p50_ms)
  echo "PyTorch end to end (bytes to top-3, in process): $torch_ms ms"
  echo "POST /api/predict round trip at c=1 ($last, separate process): $ours_ms ms"
  awk -v t="$torch_ms" -v o="$ours_ms" 'BEGIN { printf "PyTorch / this product: %.2f x (goal >= 2 x)\n", t / o }'
else
  say "PyTorch side-by-side skipped: install python3-torch python3-torchvision (as root this script does)"
fi

say "a 12 MP photo (4032x3024 from scripts/photos.sh) against the 500x500 JPEG, and PyTorch on the same photo"
photo=$(ls "$(scripts/photos.sh)"/phone-*-4032x3024.jpg | head -1)
last=${configs##* }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
Classifier__IntraOpThreads=$threads Classifier__Precision=${last%%:*} Classifier__MaxBatch=${last##*:} \
  dotnet "$runner_dll" serve --port "$port" --no-blob-trigger --builtin-model >"$work/runner.log" 2>&1 &
runner_pid=$!
url="http://127.0.0.1:$port/api/predict"
for _ in $(seq 1 300); do curl -sf -o /dev/null -H 'Content-Type: image/jpeg' --data-binary "@$photo" "$url" && break; sleep 0.1; done
IMAGE="$photo" wrk -t1 -c1 -d2s -s scripts/bench/predict.lua "$url" >/dev/null # warm-up
# Alternated in halves, so a change in the machine's load touches both files alike.
for half in 1 2; do
  for name in photo sample; do
    file=$photo; [ "$name" = sample ] && file=$work/sample.jpg
    line=$(IMAGE="$file" wrk -t1 -c1 -d"$((seconds / 2 > 0 ? seconds / 2 : 1))s" --timeout 10s -s scripts/bench/predict.lua "$url" | grep '^RESULT')
    result[$name:$half]=$(field "$line" p50_ms)
  done
done
kill "$runner_pid"; wait "$runner_pid" 2>/dev/null || true; runner_pid=
photo_ms=$(awk -v a="${result[photo:1]}" -v b="${result[photo:2]}" 'BEGIN { printf "%.2f", (a + b) / 2 }')
sample_ms=$(awk -v a="${result[sample:1]}" -v b="${result[sample:2]}" 'BEGIN { printf "%.2f", (a + b) / 2 }')
echo "POST /api/predict round trip at c=1 ($last): 12 MP photo $photo_ms ms, 500x500 JPEG $sample_ms ms"
awk -v p="$photo_ms" -v s="$sample_ms" 'BEGIN { printf "12 MP / 500x500: %.2f x (goal <= 3 x)\n", p / s }'
if [ "$torch" = yes ]; then
  torch_photo=$(field " $(/usr/bin/python3 scripts/bench/pytorch_pipeline.py "$photo" "$threads" "$((runs / 2 > 5 ? runs / 2 : 5))" | grep '^RESULT')" end_to_end_p50_ms)
  echo "PyTorch + PIL end to end on the 12 MP photo (full decode): $torch_photo ms"
  awk -v t="$torch_photo" -v o="$photo_ms" 'BEGIN { printf "PyTorch / this product on the 12 MP photo: %.2f x (goal >= 4 x)\n", t / o }'
fi
say "machine after: $(uptime | sed 's/.*load average/load average/')"
