#!/usr/bin/env bash
# Runs the product on this machine: storage (Azurite on ${AZURITE_PORT:-10000} and the next two ports, unless
# AzureWebJobsStorage is set), the study site and the local runner (the Functions app's HTTP API and blob
# trigger) on http://127.0.0.1:${PORT:-7071}. A second stack beside the first: PORT=8080 AZURITE_PORT=20000 ./run.sh
# Ctrl-C (or TERM) stops everything this script started; an Azurite that was already running is left alone.
#   ./run.sh [--model DIR]   serve your own package folder (same as setting Classifier__ModelFolder=DIR)
set -euo pipefail
MODEL_DIR=${Classifier__ModelFolder:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --model)
      [ $# -ge 2 ] || { echo "run.sh: --model needs a package folder (model.onnx + model.json)" >&2; exit 2; }
      MODEL_DIR=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$1'; usage: ./run.sh [--model DIR]" >&2; exit 2 ;;
  esac
done
if [ -n "$MODEL_DIR" ]; then
  [ -d "$MODEL_DIR" ] || { echo "run.sh: --model $MODEL_DIR: no such folder" >&2; exit 1; }
  # Refused here, before the builds, rather than a runner that starts with no model.
  [ -f "$MODEL_DIR/model.json" ] || { echo "run.sh: --model $MODEL_DIR has no model.json (the model card): give the package folder, the one 'classifier check --model DIR' accepts" >&2; exit 1; }
  MODEL_DIR=$(cd "$MODEL_DIR" && pwd)
  export Classifier__ModelFolder=$MODEL_DIR
fi
cd "$(dirname "$0")"
source scripts/prereqs.sh
source scripts/azurite.sh

PORT=${PORT:-7071}
AZURITE_PORT=${AZURITE_PORT:-10000}
RUNNER=functions/Classifier.LocalRunner/bin/Release/net10.0/Classifier.LocalRunner.dll
RUNNER_PID="" AZURITE_PID=""

stop_all() {
  trap - EXIT INT TERM
  if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then
    say "stopping the local runner"
    kill -TERM "$RUNNER_PID" 2>/dev/null || true
    wait "$RUNNER_PID" 2>/dev/null || true
  fi
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    say "stopping Azurite"
    kill -TERM "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if port_open "$PORT"; then
  say "port $PORT is taken; choose another with PORT=8080 ./run.sh"
  exit 1
fi

ensure_dotnet
if [ -n "${AzureWebJobsStorage:-}" ]; then
  say "using the storage in AzureWebJobsStorage"
else
  data=.azurite
  [ "$AZURITE_PORT" = 10000 ] || data=".azurite-$AZURITE_PORT"
  start_azurite "$data" "$data/azurite.log"
  AzureWebJobsStorage=$(azurite_connection_string)
  export AzureWebJobsStorage
fi

say "building the local runner"
dotnet build functions/Classifier.LocalRunner -c Release --no-restore --verbosity quiet
say "building the site into web/dist"
ensure_node_modules # the quiz's stemmer is copied from node_modules
if ! dotnet run --project web/SiteBuilder -c Release --no-restore -- --out web/dist ${MODEL_DIR:+--model "$MODEL_DIR"} >/dev/null; then
  say "the site did not build (see above); the API and the blob pipeline run anyway"
fi

say "starting the local runner"
setsid dotnet "$RUNNER" serve --port "$PORT" --site web/dist &
RUNNER_PID=$!
for _ in $(seq 1 240); do
  port_open "$PORT" && break
  kill -0 "$RUNNER_PID" 2>/dev/null || { say "the local runner stopped at start"; exit 1; }
  sleep 0.25
done

base="http://127.0.0.1:$PORT"
cat <<INFO

  Site        $base/            (study companion, quiz and live demo)
  API         $base/api/health  $base/api/model
  Model       ${MODEL_DIR:-built-in default (or the package in models/)}
  Storage     containers uploads/, predictions/, models/ on
              $AzureWebJobsStorage

  Try:
    curl -s -X POST -H 'Content-Type: image/png' --data-binary @web/site/examples/bag.png '$base/api/predict?top=3'
    curl -s -i -X POST -H 'Content-Type: image/png' --data-binary @web/site/examples/bag.png $base/api/uploads
    curl -s $base/api/predictions/<name from the upload>
    az storage blob upload --connection-string '$AzureWebJobsStorage' -c uploads -n shoe.png -f web/site/examples/sneaker.png
    curl -s $base/api/predictions/shoe.png

  Ctrl-C stops the runner${AZURITE_PID:+ and Azurite}.

INFO
wait "$RUNNER_PID"
