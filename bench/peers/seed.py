#!/usr/bin/env python3
"""Signs up the peer's benchmark users (bench-<n>@example.com) and prints the session
cookie of bench-0."""
import json
import sys
import urllib.request

base_url, count = sys.argv[1], int(sys.argv[2])


def post(path, body):
    request = urllib.request.Request(base_url + path, json.dumps(body).encode(),
                                     {"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as response:
        return response.headers.get_all("set-cookie") or []


for index in range(count):
    post("/api/auth/sign-up/email", {"email": f"bench-{index}@example.com", "password": "bench-password-1",
                                     "name": f"Bench {index}"})
cookies = post("/api/auth/sign-in/email", {"email": "bench-0@example.com", "password": "bench-password-1"})
print(next(c.split(";")[0] for c in cookies if c.startswith("better-auth.session_token=")))
