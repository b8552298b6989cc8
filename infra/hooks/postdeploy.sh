#!/usr/bin/env bash
# azd postdeploy hook, phase three of `azd up`: subscribe the function app to the uploads
# container's BlobCreated events. The Event Grid webhook needs the host's blobs_extension system
# key, which the Functions host creates only once the deployed code with the Event Grid blob
# trigger has started. So: wait for that key to exist, then deploy infra/eventgrid.bicep, which
# reads the key itself with listKeys. The key never enters this shell, a file, a log or an output.
#
# Every az call names azd's subscription (AZURE_SUBSCRIPTION_ID), which need not be az's default,
# and every az error is shown: a wrong account or subscription fails at once and says so.
#
# Then it gives the demo its own key: a function key named "demo" on the demo's functions only
# (infra/demo-keys.bicep generates it), created once and kept on later runs. Visitors get that key;
# it opens no operator route (those are admin level) and no other function.
#
# Reads from the azd environment: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP,
# AZURE_FUNCTION_APP_NAME, EVENT_GRID_SYSTEM_TOPIC_NAME, DEAD_LETTER_CONTAINER (default deadletter).
# Optional: KEY_WAIT_ATTEMPTS (default 30), KEY_WAIT_SECONDS (10), DEMO_KEY_ROTATE (true: a new demo key).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="$here/../eventgrid.bicep"
demo_keys_template="$here/../demo-keys.bicep"
# 2.87.0 answered the host key listing with null (fixed in 2.88.0); see docs/deploy.md.
minimum_az="2.88.0"

: "${AZURE_SUBSCRIPTION_ID:?not set: run azd provision first}"
: "${AZURE_RESOURCE_GROUP:?not set: run azd provision first}"
: "${AZURE_FUNCTION_APP_NAME:?not set: run azd provision first}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?not set: run azd provision first}"
attempts="${KEY_WAIT_ATTEMPTS:-30}"
pause="${KEY_WAIT_SECONDS:-10}"
subscription="$AZURE_SUBSCRIPTION_ID"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) $minimum_az or later is required; see docs/deploy.md" >&2
  exit 1
fi

# `az version` reads only the local installation, so it is the one call without --subscription.
if ! az_version="$(az version --query '"azure-cli"' --output tsv)"; then
  echo "postdeploy: 'az version' failed (above); reinstall the Azure CLI, then run: azd hooks run postdeploy" >&2
  exit 1
fi
if [ "$(printf '%s\n%s\n' "$minimum_az" "$az_version" | sort -V | head -n 1)" != "$minimum_az" ]; then
  echo "postdeploy: Azure CLI $az_version is too old; $minimum_az or later is needed." \
    "Run 'az upgrade' (or update it with your package manager), then: azd hooks run postdeploy" >&2
  exit 1
fi

errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT

# The management API's key listing, asked only whether the key exists (true/false), never for its value.
keys_uri="/subscriptions/$subscription/resourceGroups/$AZURE_RESOURCE_GROUP/providers/Microsoft.Web/sites/$AZURE_FUNCTION_APP_NAME/host/default/listkeys?api-version=2025-03-01"
key_exists() {
  az rest --method post --uri "$keys_uri" \
    --subscription "$subscription" \
    --query "systemKeys.blobs_extension != null" \
    --output tsv 2>"$errors"
}

# Errors that waiting will not fix: the wrong account, subscription or resource group.
permanent='AuthorizationFailed|InvalidAuthenticationToken|SubscriptionNotFound|InvalidSubscriptionId|ResourceGroupNotFound|az login'

echo "postdeploy: waiting for $AZURE_FUNCTION_APP_NAME to register its blob extension (subscription $subscription)"
ready=false
for ((attempt = 1; attempt <= attempts; attempt++)); do
  if answer="$(key_exists)"; then
    if [ "$answer" = "true" ]; then
      ready=true
      break
    fi
    echo "postdeploy: attempt $attempt/$attempts: the host has not created the key yet"
  else
    echo "postdeploy: attempt $attempt/$attempts: the key listing failed:" >&2
    sed 's/^/  /' "$errors" >&2
    if grep -Eq "$permanent" "$errors"; then
      echo "postdeploy: waiting will not fix this. Sign az in with an account that may manage" \
        "subscription $subscription (az login), then run: azd hooks run postdeploy" >&2
      exit 1
    fi
  fi
  sleep "$pause"
done
if [ "$ready" != true ]; then
  echo "postdeploy: no blobs_extension key after $attempts attempts; is ClassifyUpload deployed" \
    "(azd deploy api)? The host can take minutes to start the first time. Re-run with: azd hooks run postdeploy" >&2
  exit 1
fi

echo "postdeploy: subscribing $AZURE_FUNCTION_APP_NAME to BlobCreated events in uploads/"
az deployment group create \
  --subscription "$subscription" \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "eventgrid-classify-uploads" \
  --template-file "$template" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
  --parameters systemTopicName="$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --parameters deadLetterContainerName="${DEAD_LETTER_CONTAINER:-deadletter}" \
  --output none

# The demo key, asked only whether it exists on Predict (true/false), never for its value.
demo_uri="/subscriptions/$subscription/resourceGroups/$AZURE_RESOURCE_GROUP/providers/Microsoft.Web/sites/$AZURE_FUNCTION_APP_NAME/functions/Predict/listkeys?api-version=2025-03-01"
demo_exists="$(az rest --method post --uri "$demo_uri" --subscription "$subscription" --query "demo != null" --output tsv 2>"$errors" || true)"
if [ "$demo_exists" = "true" ] && [ "${DEMO_KEY_ROTATE:-false}" != "true" ]; then
  echo "postdeploy: the demo key exists and is kept (DEMO_KEY_ROTATE=true makes a new one)"
else
  echo "postdeploy: creating the demo key on Predict, Upload and Prediction"
  az deployment group create \
    --subscription "$subscription" \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "demo-keys" \
    --template-file "$demo_keys_template" \
    --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
    --output none
fi
echo "postdeploy: done; new blobs in uploads/ are classified into predictions/," \
  "undeliverable events land in ${DEAD_LETTER_CONTAINER:-deadletter}/."
echo "postdeploy: the demo's key for visitors (it opens predict, uploads and predictions only):"
echo "  az functionapp function keys list --subscription $subscription -g $AZURE_RESOURCE_GROUP" \
  "-n $AZURE_FUNCTION_APP_NAME --function-name Predict --query demo -o tsv"
