-- wrk script for the guard benchmark: tools/call of `add` over 2025 Streamable HTTP.
-- Sessions are opened beforehand (bench/guard/wrk-load.ts) and passed as arguments:
--   wrk ... -s wrk-tools-call.lua URL -- AUTH_HEADER_OR_- SESSION_ID...
-- Requests rotate over the sessions. A reply counts as good when it is HTTP 200 and carries a JSON-RPC
-- result; anything else is counted in `bad` and reported by done() (wrk's own error counts cover sockets).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  auth = args[1]
  sessions = {}
  for i = 2, #args do
    sessions[#sessions + 1] = args[i]
  end
  next_id = 0
  bad = 0
  good = 0
end

function request()
  next_id = next_id + 1
  local headers = {
    ["content-type"] = "application/json",
    ["accept"] = "application/json, text/event-stream",
    ["mcp-protocol-version"] = "2025-06-18",
    ["mcp-session-id"] = sessions[(next_id % #sessions) + 1],
  }
  if auth ~= "-" then
    headers["authorization"] = auth
  end
  local body = '{"jsonrpc":"2.0","id":' .. next_id ..
    ',"method":"tools/call","params":{"name":"add","arguments":{"a":' .. next_id .. ',"b":1}}}'
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"result"', 1, true) then
    good = good + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local good_total, bad_total = 0, 0
  for _, thread in ipairs(threads) do
    good_total = good_total + thread:get("good")
    bad_total = bad_total + thread:get("bad")
  end
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout + summary.errors.status
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"good":%d,"bad":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, good_total, bad_total, socket_errors,
    latency:percentile(50), latency:percentile(99)))
end
