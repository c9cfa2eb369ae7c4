-- GET /api/v1/teams?user_id=me: the teams of the signed-in user (bench-0 is in TEAMS_PER_USER teams).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "GET"
wrk.headers["x-stack-access-type"] = "client"
wrk.headers["x-stack-project-id"] = "internal"
wrk.headers["x-stack-publishable-client-key"] = "this-publishable-client-key-is-for-local-development-only"
wrk.headers["x-stack-access-token"] = os.getenv("ACCESS_TOKEN")
wrk.path = "/api/v1/teams?user_id=me"
