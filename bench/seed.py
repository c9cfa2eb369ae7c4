#!/usr/bin/env python3
"""Seeds the benchmark's users through the server API (POST /users with a precomputed
bcrypt hash, so seeding costs no hashing), then prints a session of bench-0 as
`ACCESS_TOKEN REFRESH_TOKEN`."""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base_url, count, password_hash = sys.argv[1], int(sys.argv[2]), sys.argv[3]
server_headers = {
    "content-type": "application/json",
    "x-stack-access-type": "server",
    "x-stack-project-id": "internal",
    "x-stack-secret-server-key": "this-secret-server-key-is-for-local-development-only",
}
client_headers = {
    "content-type": "application/json",
    "x-stack-access-type": "client",
    "x-stack-project-id": "internal",
    "x-stack-publishable-client-key": "this-publishable-client-key-is-for-local-development-only",
}


def post(path, body, headers):
    request = urllib.request.Request(base_url + path, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def create(index):
    post("/api/v1/users", {"primary_email": f"bench-{index}@example.com", "primary_email_auth_enabled": True,
                           "password_hash": password_hash, "display_name": f"Bench User {index}"}, server_headers)


with ThreadPoolExecutor(8) as pool:
    list(pool.map(create, range(count)))
tokens = post("/api/v1/auth/password/sign-in", {"email": "bench-0@example.com", "password": "bench-password-1"},
              client_headers)
print(tokens["access_token"], tokens["refresh_token"])
