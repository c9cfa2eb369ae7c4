#!/usr/bin/env python3
"""Seeds the benchmark's data through the server API.

  seed.py URL COUNT HASH [TEAMS]   creates users bench-0..COUNT-1 (POST /users with a
      precomputed bcrypt hash, so seeding costs no hashing), puts bench-0 in TEAMS teams,
      and prints a session of bench-0 as `ACCESS_TOKEN REFRESH_TOKEN`.
  seed.py URL COUNT HASH --from N  only creates users bench-N..COUNT-1 (grows the project
      for the metrics scenario) without passwords: a password_hash costs the server one
      bcrypt to validate, as upstream; prints nothing."""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base_url, count, password_hash = sys.argv[1], int(sys.argv[2]), sys.argv[3]
grow_from = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--from" else None
teams = int(sys.argv[4]) if len(sys.argv) > 4 and grow_from is None else 0
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
    user = {"primary_email": f"bench-{index}@example.com", "primary_email_auth_enabled": True,
            "display_name": f"Bench User {index}"}
    if grow_from is None:
        user["password_hash"] = password_hash
    return post("/api/v1/users", user, server_headers)


with ThreadPoolExecutor(8) as pool:
    created = list(pool.map(create, range(grow_from or 0, count)))
if grow_from is not None:
    sys.exit(0)
first_user_id = created[0]["id"]
for team in range(teams):
    post("/api/v1/teams", {"display_name": f"Bench Team {team}", "creator_user_id": first_user_id}, server_headers)
tokens = post("/api/v1/auth/password/sign-in", {"email": "bench-0@example.com", "password": "bench-password-1"},
              client_headers)
print(tokens["access_token"], tokens["refresh_token"])
