-- Better Auth: GET /api/auth/get-session with a session cookie (env SESSION_COOKIE).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "GET"
wrk.headers["cookie"] = os.getenv("SESSION_COOKIE")
wrk.path = "/api/auth/get-session"
