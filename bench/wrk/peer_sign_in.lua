-- Better Auth: POST /api/auth/sign-in/email, cycling over the seeded users.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local users = tonumber(os.getenv("PEER_SEEDED_USERS") or "20")
local counter = 0
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.path = "/api/auth/sign-in/email"
function request()
  counter = counter + 1
  local body = string.format('{"email":"bench-%d@example.com","password":"bench-password-1"}', counter % users)
  return wrk.format(nil, nil, nil, body)
end
