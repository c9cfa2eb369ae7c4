-- POST /api/v1/auth/password/sign-in, cycling over the seeded users (bench-<n>@example.com).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local users = tonumber(os.getenv("SEEDED_USERS") or "100")
local counter = 0
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-stack-access-type"] = "client"
wrk.headers["x-stack-project-id"] = "internal"
wrk.headers["x-stack-publishable-client-key"] = "this-publishable-client-key-is-for-local-development-only"
wrk.path = "/api/v1/auth/password/sign-in"
function request()
  counter = counter + 1
  local body = string.format('{"email":"bench-%d@example.com","password":"bench-password-1"}', counter % users)
  return wrk.format(nil, nil, nil, body)
end
