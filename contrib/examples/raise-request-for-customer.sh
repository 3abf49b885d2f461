#!/bin/sh
# Raises a Jira Service Management request for a customer found through the CSM API, with one
# login for both: the customer is the first whose detail FIELD has VALUE; they are made a
# customer of the service desk, then the request is raised on their behalf (which needs an
# agent, and the scopes read:customer:jira-service-management, manage:servicedesk-customer and
# write:servicedesk-request). Prints the new request's key.
#
#   raise-request-for-customer.sh FIELD VALUE SUMMARY [SERVICE_DESK_ID] [REQUEST_TYPE_ID]
#   raise-request-for-customer.sh Region EU 'Renewal call' 1 1
#
# Paths starting with /ex/ are taken from the gateway's root, so
# `csm-auth api '/ex/jira/{cloudId}/rest/servicedeskapi/servicedesk'` lists the desks and
# `…/servicedesk/ID/requesttype` their request types.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 FIELD VALUE SUMMARY [SERVICE_DESK_ID] [REQUEST_TYPE_ID]" >&2; exit 64; }
field=$1 value=$2 summary=$3 desk=${4:-1} type=${5:-1}

# body KIND ARGS…: the JSON body of one call, built by Python so that quotes in the arguments stay data.
body() {
    python3 - "$@" <<'PY'
import json, sys
kind, a = sys.argv[1], sys.argv[2:]
print(json.dumps({
    "search": lambda: {"detailFields": [{"name": a[0], "value": a[1]}]},
    "customers": lambda: {"accountIds": [a[0]]},
    "request": lambda: {"serviceDeskId": a[0], "requestTypeId": a[1],
                        "requestFieldValues": {"summary": a[2]}, "raiseOnBehalfOf": a[3]},
}[kind]()))
PY
}

account=$(csm-auth api customer/search-by-detail-field -d "$(body search "$field" "$value")" |
    python3 -c 'import json, sys; found = json.load(sys.stdin).get("results") or [{}]; print(found[0].get("id", ""))')
[ -n "$account" ] || { echo "no customer has $field = $value" >&2; exit 1; }

csm-auth api "/ex/jira/{cloudId}/rest/servicedeskapi/servicedesk/$desk/customer" \
    -d "$(body customers "$account")" >/dev/null
csm-auth api '/ex/jira/{cloudId}/rest/servicedeskapi/request' \
    -d "$(body request "$desk" "$type" "$summary" "$account")" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["issueKey"])'
