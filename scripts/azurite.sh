# shellcheck shell=bash
# Azurite on loopback, for run.sh and the scripts. Sourced after prereqs.sh. Blob on AZURITE_PORT (default
# 10000, the emulator's standard port), queue and table on the next two. Sourcing leaves AZURITE_PORT as it
# was (unset stays unset), so a script that sources this first can still give its own default afterwards.

AZURITE_PORTS=("${AZURITE_PORT:-10000}" $((${AZURITE_PORT:-10000} + 1)) $((${AZURITE_PORT:-10000} + 2)))
# The emulator's well-known development account key (published by Microsoft; not a secret).
AZURITE_KEY=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==

# The full connection string for the Azurite on AZURITE_PORTS. UseDevelopmentStorage=true means the same on the
# standard ports for az and the .NET SDKs, but Python's SDK refuses it, and it cannot name other ports.
azurite_connection_string() {
  local base=http://127.0.0.1
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=%s:%s/devstoreaccount1;QueueEndpoint=%s:%s/devstoreaccount1;TableEndpoint=%s:%s/devstoreaccount1;' \
    "$AZURITE_KEY" "$base" "${AZURITE_PORTS[0]}" "$base" "${AZURITE_PORTS[1]}" "$base" "${AZURITE_PORTS[2]}"
}

port_open() { # port_open PORT: true when something listens on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_azurite DATA_DIR LOG: starts Azurite in the background, sets AZURITE_PID, waits until it listens.
# Reuses (and leaves running) an Azurite that already listens on 127.0.0.1:10000; AZURITE_PID stays empty then.
start_azurite() {
  local data=$1 log=$2
  AZURITE_PID=""
  if port_open "${AZURITE_PORTS[0]}"; then
    say "reusing the storage emulator already listening on 127.0.0.1:${AZURITE_PORTS[0]}"
    warn_if_api_version_checked
    return 0
  fi
  ensure_node_modules
  say "starting Azurite (data in $data, log in $log)"
  launch_azurite "$data" "$log"
}

# use_azurite_ports FIRST: a private Azurite on FIRST, FIRST+1, FIRST+2 (blob, queue, table), and
# AzureWebJobsStorage naming them, for the scripts that must not touch the standard emulator.
use_azurite_ports() {
  AZURITE_PORTS=("$1" $(($1 + 1)) $(($1 + 2)))
  AzureWebJobsStorage=$(azurite_connection_string)
  export AzureWebJobsStorage
}

# launch_azurite DATA_DIR|memory LOG: Azurite on AZURITE_PORTS (data in DATA_DIR, or in memory), appending
# to LOG; sets AZURITE_PID and waits until every port listens.
launch_azurite() {
  local data=$1 log=$2 storage
  if [ "$data" = memory ]; then
    storage=(--inMemoryPersistence)
  else
    mkdir -p "$data"
    storage=(--location "$data")
  fi
  # --skipApiVersionCheck: the storage SDKs here speak a newer API version than Azurite 3.37 knows.
  # setsid: a Ctrl-C in the terminal reaches only the script, which stops the runner before the storage it uses.
  setsid node_modules/.bin/azurite --blobHost 127.0.0.1 --blobPort "${AZURITE_PORTS[0]}" \
    --queueHost 127.0.0.1 --queuePort "${AZURITE_PORTS[1]}" --tableHost 127.0.0.1 --tablePort "${AZURITE_PORTS[2]}" \
    "${storage[@]}" --disableTelemetry --skipApiVersionCheck --silent >>"$log" 2>&1 &
  AZURITE_PID=$!
  local port
  for port in "${AZURITE_PORTS[@]}"; do
    for _ in $(seq 1 120); do
      port_open "$port" && break
      kill -0 "$AZURITE_PID" 2>/dev/null || { say "Azurite stopped at start; see $log"; return 1; }
      sleep 0.25
    done
    port_open "$port" || { say "Azurite did not open port $port; see $log"; return 1; }
  done
}

# An Azurite started elsewhere without --skipApiVersionCheck refuses the blob trigger's requests.
warn_if_api_version_checked() {
  command -v curl >/dev/null 2>&1 || return 0
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'x-ms-version: 2026-10-06' \
    "http://127.0.0.1:${AZURITE_PORTS[0]}/devstoreaccount1?comp=list" || true)
  if [ "$status" = 400 ]; then
    say "warning: that emulator refuses API version 2026-10-06; restart Azurite with --skipApiVersionCheck"
  fi
}
