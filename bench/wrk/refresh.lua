-- POST /api/v1/auth/sessions/current/refresh with a valid refresh token (env REFRESH_TOKEN).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "POST"
wrk.headers["x-stack-access-type"] = "client"
wrk.headers["x-stack-project-id"] = "internal"
wrk.headers["x-stack-publishable-client-key"] = "this-publishable-client-key-is-for-local-development-only"
wrk.headers["x-stack-refresh-token"] = os.getenv("REFRESH_TOKEN")
wrk.path = "/api/v1/auth/sessions/current/refresh"
