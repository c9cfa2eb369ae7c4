#!/usr/bin/env python3
"""Cold start of stackd on SQLite: from exec to the first served request, on a fresh data
directory each time (so every run creates the database and applies every migration).

  cold_start.py STACKD_BINARY ENV_FILE RUNS   prints "first median" in milliseconds

The clock starts just before the process is spawned and stops when GET /health has
answered, measured here rather than from a shell loop (whose own process spawns would
dominate). The first run also pays for reading the binary from disk if it is not cached."""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

binary, env_file, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = dict(os.environ, NODE_ENV="production", STACKD_RATE_LIMITS="off")
for line in open(env_file):
    line = line.strip()
    if line and not line.startswith("#") and "=" in line:
        name, value = line.split("=", 1)
        env[name] = value

times = []
for _ in range(runs):
    data_dir = tempfile.mkdtemp(prefix="stackd-cold-")
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", data_dir], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    url = server.stdout.readline().decode().split()[-1]
    urllib.request.urlopen(url + "/health").read()
    times.append((time.monotonic() - started) * 1000)
    server.terminate()
    server.wait()
    shutil.rmtree(data_dir)
print(f"{times[0]:.0f} {statistics.median(times):.0f}")
