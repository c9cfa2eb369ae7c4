-- POST /api/v1/auth/password/sign-up with a unique email per request.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local counter = 0
local prefix = string.format("%d-%d", os.time(), math.random(1, 1e9))
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-stack-access-type"] = "client"
wrk.headers["x-stack-project-id"] = "internal"
wrk.headers["x-stack-publishable-client-key"] = "this-publishable-client-key-is-for-local-development-only"
wrk.path = "/api/v1/auth/password/sign-up"
local next_thread_id = 0
function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("thread_id", next_thread_id)
end
function request()
  counter = counter + 1
  local body = string.format('{"email":"new-%s-%s-%d@example.com","password":"bench-password-1"}',
    prefix, tostring(thread_id or 0), counter)
  return wrk.format(nil, nil, nil, body)
end
