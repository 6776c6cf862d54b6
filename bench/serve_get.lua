-- serve_get.lua — wrk replays signed GETs of one path, each signature once
-- (their nonces may not be used twice). SIGNED names a file of lines
-- "digest<TAB>signature-input<TAB>signature" (serve_client --sign-many);
-- thread k of n takes lines k, k+n, k+2n, ...
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("THREADS") or "2")
  local file = os.getenv("SIGNED")
  local path = os.getenv("PATH_Q")
  requests = {}
  if file == nil or file == "" then
    -- nginx: the same request, unsigned
    requests[1] = wrk.format("GET", path)
    return
  end
  local i = 0
  for line in io.lines(file) do
    if i % n == id then
      local digest, input, sig = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
      requests[#requests + 1] = wrk.format("GET", path, {
        ["Content-Digest"] = digest, ["Signature-Input"] = input, ["Signature"] = sig })
    end
    i = i + 1
  end
  next_request = 0
end

function request()
  next_request = (next_request or 0) % #requests + 1
  return requests[next_request]
end
