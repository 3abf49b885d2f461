#!/bin/sh
# Lists every organization of the site, page by page, with a fresh header for each request.
# The header reaches curl on standard input, so the token never shows in `ps`.
set -eu
base=$(csm-auth env --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["CSM_API_BASE_URL"])')
start=0
while :; do
    page=$(csm-auth header | curl -sS --fail -H @- -H 'Accept: application/json' "$base/organization?start=$start&limit=50")
    printf '%s\n' "$page" | python3 -c 'import json, sys; [print(o["id"], o["name"]) for o in json.load(sys.stdin)["values"]]'
    printf '%s' "$page" | grep -q '"isLastPage":true' && break
    start=$((start + 50))
done
