-- GET /api/v1/users?limit=100 with the server key.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "GET"
wrk.headers["x-stack-access-type"] = "server"
wrk.headers["x-stack-project-id"] = "internal"
wrk.headers["x-stack-secret-server-key"] = "this-secret-server-key-is-for-local-development-only"
wrk.path = "/api/v1/users?limit=100"
