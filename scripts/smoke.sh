#!/usr/bin/env bash
# Checks a deployment after `azd up`, the way a user would meet it:
#   health       GET <app>/api/health answers 200;
#   prediction   POST an example image to <app>/api/predict (with a function key) gives a label;
#   upload       `az storage blob upload --auth-mode login` into uploads/, polled until
#                predictions/<name>.json exists (Event Grid, the blob trigger, the result write);
#   demo page    the site's /demo/ page loads and its config.js points at this app.
# Prints PASS or FAIL per check with what a failure usually means (docs/deploy.md has more), then a
# summary; exits non-zero when any check failed.
#
# Usage: scripts/smoke.sh <function-app-url>     e.g. scripts/smoke.sh "$(azd env get-value FUNCTION_APP_URL)"
#
# Reads AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_STORAGE_ACCOUNT_NAME
# and SITE_URL from the environment, or from `azd env get-values` when they are not set. Optional:
# SMOKE_IMAGE (default web/site/examples/sneaker.png), SMOKE_FUNCTION_KEY (default: the app's default
# function key, listed through the management API), SMOKE_WAIT_ATTEMPTS (60), SMOKE_WAIT_SECONDS (2).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ $# -ne 1 ] || [[ ! "$1" =~ ^https?://[^/]+/?$ ]]; then
  echo "usage: scripts/smoke.sh <function-app-url>   (e.g. https://func-abc123.azurewebsites.net)" >&2
  exit 2
fi
app="${1%/}"

needed=(AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_STORAGE_ACCOUNT_NAME SITE_URL)

# Fill in what is not set from the azd environment (lines of NAME="value").
load_azd_environment() {
  local name value
  while IFS='=' read -r name value; do
    value="${value%\"}"
    value="${value#\"}"
    for wanted in "${needed[@]}"; do
      if [ "$name" = "$wanted" ] && [ -z "${!name:-}" ]; then
        export "$name=$value"
      fi
    done
  done < <(azd env get-values)
}

missing=()
for name in "${needed[@]}"; do [ -n "${!name:-}" ] || missing+=("$name"); done
if [ ${#missing[@]} -gt 0 ] && command -v azd >/dev/null 2>&1; then
  load_azd_environment
fi
missing=()
for name in "${needed[@]}"; do [ -n "${!name:-}" ] || missing+=("$name"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "smoke: not set: ${missing[*]}. Run it from the project folder after azd up, or export them." >&2
  exit 2
fi
for tool in curl az; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "smoke: $tool is required; see docs/deploy.md" >&2
    exit 2
  fi
done

image="${SMOKE_IMAGE:-$root/web/site/examples/sneaker.png}"
attempts="${SMOKE_WAIT_ATTEMPTS:-60}"
pause="${SMOKE_WAIT_SECONDS:-2}"
subscription="$AZURE_SUBSCRIPTION_ID"
account="$AZURE_STORAGE_ACCOUNT_NAME"
site="${SITE_URL%/}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { echo "PASS $1: $2"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2" >&2; echo "     usually: $3" >&2; failed=$((failed + 1)); }

# http METHOD URL [curl options...]: the status code (000 when nothing answered); body in $work/body,
# curl's own complaint in $work/curl-error.
http() {
  local method=$1 url=$2
  shift 2
  curl --silent --show-error --max-time 60 --request "$method" \
    --output "$work/body" --write-out '%{http_code}' "$@" "$url" 2>"$work/curl-error" || true
}

# What the server or curl said, on one line.
said() { tr '\n' ' ' <"$work/body" | cut -c 1-300; tr '\n' ' ' <"$work/curl-error"; }

# A value of a flat JSON string field, without a JSON tool (the answers here are small and flat enough).
field() { grep -o "\"$1\" *: *\"[^\"]*\"" "$2" | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'; }

check_health() {
  local status
  status="$(http GET "$app/api/health")"
  case "$status" in
    200) pass health "200 from $app/api/health" ;;
    000) fail health "no answer from $app ($(said))" \
      "the URL is wrong, or the app is stopped or still starting; compare with: azd env get-value FUNCTION_APP_URL" ;;
    404) fail health "404 from $app/api/health" "the code is not deployed: azd deploy api" ;;
    503) fail health "503 from $app/api/health: $(said)" \
      "the model did not load: check models/ (model.onnx + model.json together) and the app's logs in Application Insights" ;;
    *) fail health "$status from $app/api/health: $(said)" "see the app's logs in Application Insights" ;;
  esac
}

function_key() {
  if [ -n "${SMOKE_FUNCTION_KEY:-}" ]; then
    printf '%s' "$SMOKE_FUNCTION_KEY"
    return
  fi
  az rest --method post --subscription "$subscription" --output tsv --query functionKeys.default \
    --uri "/subscriptions/$subscription/resourceGroups/$AZURE_RESOURCE_GROUP/providers/Microsoft.Web/sites/$AZURE_FUNCTION_APP_NAME/host/default/listkeys?api-version=2025-03-01" \
    2>"$work/az-error"
}

check_prediction() {
  local key status
  if ! key="$(function_key)" || [ -z "$key" ]; then
    fail prediction "could not list the function key: $(tr '\n' ' ' <"$work/az-error" 2>/dev/null)" \
      "az is signed in to another account or subscription (az login; az account show), or the host is still starting"
    return
  fi
  # The key goes to curl on stdin, not on its command line where other local users could read it.
  status="$(printf 'x-functions-key: %s\n' "$key" | http POST "$app/api/predict" -H @- \
    -H "Content-Type: image/png" --data-binary "@$image")"
  if [ "$status" = 200 ] && grep -q '"label"' "$work/body"; then
    pass prediction "$(basename "$image") is $(field label "$work/body") ($(field status "$work/body"))"
    return
  fi
  case "$status" in
    401) fail prediction "401 from $app/api/predict" "the function key is wrong or was renewed; unset SMOKE_FUNCTION_KEY to list it again" ;;
    503) fail prediction "503 from $app/api/predict: $(said)" "the model is not loaded (see health) or the app is busy; try again in a minute" ;;
    *) fail prediction "$status from $app/api/predict: $(said)" "see the problem detail above and the app's logs" ;;
  esac
}

check_upload() {
  local name found=false attempt
  name="smoke-$(date +%Y%m%d%H%M%S)-$$.png"
  if ! az storage blob upload --auth-mode login --subscription "$subscription" --account-name "$account" \
    --container-name uploads --file "$image" --name "$name" --only-show-errors --output none 2>"$work/az-error"; then
    fail upload "az storage blob upload failed: $(tr '\n' ' ' <"$work/az-error")" \
      "your account lacks Storage Blob Data Contributor (granted to the user who ran azd up; a new grant takes a few minutes), or az is signed in as someone else"
    return
  fi
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    if [ "$(az storage blob exists --auth-mode login --subscription "$subscription" --account-name "$account" \
      --container-name predictions --name "$name.json" --query exists --output tsv 2>"$work/az-error")" = true ]; then
      found=true
      break
    fi
    sleep "$pause"
  done
  if [ "$found" != true ]; then
    fail upload "uploads/$name has no predictions/$name.json after $attempts tries $(tr '\n' ' ' <"$work/az-error")" \
      "the Event Grid subscription is missing (azd hooks run postdeploy), events are dead-lettered (deadletter/ container) or the upload failed in the app (webjobs-blobtrigger-poison queue)"
    return
  fi
  if az storage blob download --auth-mode login --subscription "$subscription" --account-name "$account" \
    --container-name predictions --name "$name.json" --file "$work/result.json" --only-show-errors --output none 2>"$work/az-error"; then
    pass upload "uploads/$name classified into predictions/$name.json as $(field label "$work/result.json") ($(field status "$work/result.json"))"
  else
    fail upload "predictions/$name.json exists but could not be read: $(tr '\n' ' ' <"$work/az-error")" "a role assignment is missing or still being applied"
  fi
}

check_demo_page() {
  local status
  status="$(http GET "$site/demo/")"
  if [ "$status" != 200 ] || ! grep -q 'id="demo-drop"' "$work/body"; then
    fail "demo page" "$status from $site/demo/" "the site is not deployed (azd deploy site) or SITE_URL names another site"
    return
  fi
  status="$(http GET "$site/config.js")"
  if [ "$status" = 200 ] && grep -qF "$app/api" "$work/body"; then
    pass "demo page" "$site/demo/ loads and calls $(grep -o 'https\?://[^"]*' "$work/body" | head -n 1)"
  else
    fail "demo page" "$site/config.js ($status) does not point at $app/api" \
      "the site was built against another deployment: azd deploy site"
  fi
}

echo "smoke: checking $app (subscription $subscription, storage $account, site $site)"
check_health
check_prediction
check_upload
check_demo_page
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
