#!/usr/bin/env python3
"""Reads customers through the CSM API with the token csm-auth provides.

Run it under csm-auth, which puts CSM_API_BASE_URL and CSM_AUTHORIZATION in its environment
(and refreshes the token first):

    csm-auth exec -- ./sync_customers.py

For runs longer than the token's hour, call `csm-auth header` again before each batch instead.
"""
import json
import os
import urllib.request

base = os.environ["CSM_API_BASE_URL"]
request = urllib.request.Request(
    f"{base}/customer?limit=50",
    headers={"Authorization": os.environ["CSM_AUTHORIZATION"], "Accept": "application/json"},
)
with urllib.request.urlopen(request, timeout=30) as response:
    for customer in json.load(response).get("values", []):
        print(customer.get("accountId"), customer.get("email"))
