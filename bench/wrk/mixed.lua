-- The mixed workload: 90% GET /users/me, 9% refreshes, 1% password sign-ins, interleaved
-- per connection (env ACCESS_TOKEN, REFRESH_TOKEN, SEEDED_USERS).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local users = tonumber(os.getenv("SEEDED_USERS") or "100")
local client = {
  ["x-stack-access-type"] = "client",
  ["x-stack-project-id"] = "internal",
  ["x-stack-publishable-client-key"] = "this-publishable-client-key-is-for-local-development-only",
}
local function with(extra)
  local headers = {}
  for key, value in pairs(client) do headers[key] = value end
  for key, value in pairs(extra) do headers[key] = value end
  return headers
end
local me = wrk.format("GET", "/api/v1/users/me", with({["x-stack-access-token"] = os.getenv("ACCESS_TOKEN")}))
local refresh = wrk.format("POST", "/api/v1/auth/sessions/current/refresh",
  with({["x-stack-refresh-token"] = os.getenv("REFRESH_TOKEN")}))
local counter = 0
function request()
  counter = counter + 1
  local slot = counter % 100
  if slot == 0 then
    local body = string.format('{"email":"bench-%d@example.com","password":"bench-password-1"}', counter % users)
    return wrk.format("POST", "/api/v1/auth/password/sign-in", with({["content-type"] = "application/json"}), body)
  elseif slot <= 9 then
    return refresh
  end
  return me
end
