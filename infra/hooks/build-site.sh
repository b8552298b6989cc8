#!/usr/bin/env bash
# azd predeploy hook of the site service: build the static site with the deployed API's base URL
# baked in, right before azd hands web/dist to the Static Web App. It runs at deploy time rather
# than at package time because `azd up` packages before it provisions, when the URL is not known.
#
# Reads from the azd environment: SITE_API_BASE (an output of infra/main.bicep).
# SITE_OUT_DIR overrides the output folder (default web/dist, the site service's dist in azure.yaml).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

: "${SITE_API_BASE:?not set: run azd provision first}"
out="${SITE_OUT_DIR:-$root/web/dist}"

# Start clean so that no page left over from an earlier build is deployed.
echo "build-site: building $out against $SITE_API_BASE"
rm -rf "$out"
cd "$root"
dotnet run --project "$root/web/SiteBuilder" --configuration Release -- \
  --content "$root/content" \
  --model "$root/model/default" \
  --assets "$root/web/site" \
  --out "$out" \
  --api-base "$SITE_API_BASE"
