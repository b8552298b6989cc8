#!/usr/bin/env bash
# azd postdeploy hook, phase three of `azd up`: subscribe the function app to the uploads
# container's BlobCreated events. The Event Grid webhook needs the host's blobs_extension system
# key, which the Functions host creates only once the deployed code with the Event Grid blob
# trigger has started. So: wait for that key to exist, then deploy infra/eventgrid.bicep, which
# reads the key itself with listKeys. The key never enters this shell, a file, a log or an output.
#
# Reads from the azd environment: AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME,
# EVENT_GRID_SYSTEM_TOPIC_NAME. Optional: KEY_WAIT_ATTEMPTS (default 30), KEY_WAIT_SECONDS (10).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="$here/../eventgrid.bicep"

: "${AZURE_RESOURCE_GROUP:?not set: run azd provision first}"
: "${AZURE_FUNCTION_APP_NAME:?not set: run azd provision first}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?not set: run azd provision first}"
attempts="${KEY_WAIT_ATTEMPTS:-30}"
pause="${KEY_WAIT_SECONDS:-10}"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required; see docs/deploy.md" >&2
  exit 1
fi

# Ask only whether the key exists (true/false), never for its value.
key_exists() {
  az functionapp keys list \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension != null" \
    --output tsv 2>/dev/null || echo false
}

echo "postdeploy: waiting for $AZURE_FUNCTION_APP_NAME to register its blob extension"
ready=false
for ((attempt = 1; attempt <= attempts; attempt++)); do
  if [ "$(key_exists)" = "true" ]; then
    ready=true
    break
  fi
  sleep "$pause"
done
if [ "$ready" != true ]; then
  echo "postdeploy: no blobs_extension key after $attempts attempts; is ClassifyUpload deployed?" \
    "Re-run with: azd hooks run postdeploy" >&2
  exit 1
fi

echo "postdeploy: subscribing $AZURE_FUNCTION_APP_NAME to BlobCreated events in uploads/"
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "eventgrid-classify-uploads" \
  --template-file "$template" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
  --parameters systemTopicName="$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --output none
echo "postdeploy: done; new blobs in uploads/ are classified into predictions/"
