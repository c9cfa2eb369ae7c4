-- GET /api/v1/internal/metrics with the internal project's super secret admin key.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "GET"
wrk.headers["x-stack-access-type"] = "admin"
wrk.headers["x-stack-project-id"] = "internal"
wrk.headers["x-stack-super-secret-admin-key"] = "this-super-secret-admin-key-is-for-local-development-only"
wrk.path = "/api/v1/internal/metrics"
