/**
 * The Lua module nginx runs for dynamic upstreams (written to `<configDir>/lua/slipway_endpoints.lua`).
 * Each app's endpoints live in the shared dictionary `slipway_endpoints` (one key per app, value
 * "ip:port ip:port"); the balancer picks one per request, round robin per worker. The router
 * changes them through `POST /slipway/endpoints` on the loopback status server, which needs the
 * token from `<configDir>/lua/token` and validates the whole update before applying any of it, so
 * a bad update changes nothing (as `nginx -t` keeps a bad config out).
 *
 * The last state the router sent is also kept in `<configDir>/lua/endpoints` and loaded by the
 * master at start and reload (init_by_lua), so a restarted nginx serves the endpoints at once.
 *
 * Update format, one command a line: `replace` (first line only: apps not named are removed),
 * `set <app> [<ipv4:port> ...]` (no address = no running web process), `del <app>`.
 */
export const LUA_MODULE_NAME = 'slipway_endpoints';

export const BALANCER_LUA = String.raw`
local balancer = require "ngx.balancer"
local dict = ngx.shared.slipway_endpoints

local _M = {}
local token
local parsed = {}   -- per worker: app -> { raw = value, peers = { {ip, port}, ... } }
local next_peer = {} -- per worker round robin position

local MAX_PEERS = 256

local function read_file(name)
  local f = io.open(name, "rb")
  if not f then return nil end
  local text = f:read("*a")
  f:close()
  return text
end

local function valid_app(app)
  if not app or #app < 3 or #app > 30 then return false end
  if not app:match("^[a-z][a-z0-9-]*[a-z0-9]$") then return false end
  return not app:find("--", 1, true)
end

local function parse_peer(text)
  local a, b, c, d, port = text:match("^(%d+)%.(%d+)%.(%d+)%.(%d+):(%d+)$")
  if not a then return nil end
  for _, octet in ipairs({ a, b, c, d }) do
    if #octet > 3 or tonumber(octet) > 255 then return nil end
  end
  port = tonumber(port)
  if #tostring(port) > 5 or port < 1 or port > 65535 then return nil end
  return { a .. "." .. b .. "." .. c .. "." .. d, port }
end

local function peers_of(app)
  local raw = dict:get(app)
  if raw == nil then return nil end
  local cached = parsed[app]
  if cached and cached.raw == raw then return cached.peers end
  local peers = {}
  for text in raw:gmatch("%S+") do
    local peer = parse_peer(text)
    if peer then peers[#peers + 1] = peer end
  end
  parsed[app] = { raw = raw, peers = peers }
  return peers
end

local function page(status, title, text)
  ngx.status = status
  ngx.header["Content-Type"] = "text/html"
  ngx.say("<!doctype html><html><head><title>", title, "</title></head><body><h1>",
    title, "</h1><p>", text, "</p></body></html>")
  return ngx.exit(status)
end

-- access phase of an app's location: an app without endpoints answers like the static router.
function _M.access()
  local app = ngx.var.slipway_app
  local peers = peers_of(app)
  if peers == nil or #peers == 0 then
    return page(503, app .. " has no running web process",
      "Deploy the app or scale its web process up.")
  end
end

function _M.balance()
  local app = ngx.var.slipway_app
  local peers = peers_of(app)
  if peers == nil or #peers == 0 then
    return ngx.exit(503)
  end
  local ctx = ngx.ctx
  local i
  if ctx.slipway_first == nil then
    i = (next_peer[app] or 0) % #peers + 1
    next_peer[app] = i
    ctx.slipway_first, ctx.slipway_try = i, 0
    -- A peer that fails (it just stopped) is retried on the next ones, each tried once at most
    -- (as a static upstream block does): a one-process app's request is never sent twice.
    if #peers > 1 then balancer.set_more_tries(math.min(#peers - 1, 2)) end
  else
    -- A retry goes to the peer after the one this request last tried, whatever other requests
    -- did to the round robin meanwhile (they could send it back to the peer that just failed).
    ctx.slipway_try = ctx.slipway_try + 1
    i = (ctx.slipway_first - 1 + ctx.slipway_try) % #peers + 1
  end
  local ok, err = balancer.set_current_peer(peers[i][1], peers[i][2])
  if not ok then
    ngx.log(ngx.ERR, "slipway: cannot use peer of ", app, ": ", err)
    return ngx.exit(502)
  end
end

local function read_body()
  ngx.req.read_body()
  local body = ngx.req.get_body_data()
  if body then return body end
  local file = ngx.req.get_body_file()
  if not file then return "" end
  return read_file(file)
end

local function answer(status, text)
  ngx.status = status
  ngx.header["Content-Type"] = "text/plain"
  ngx.say(text)
  return ngx.exit(status)
end

-- Parses the whole update; returns the commands or nil and why.
local function parse_update(body)
  local sets, dels, replace, n = {}, {}, false, 0
  for line in body:gmatch("[^\n]+") do
    n = n + 1
    local words = {}
    for w in line:gmatch("%S+") do words[#words + 1] = w end
    local op, app = words[1], words[2]
    if op == "replace" and #words == 1 and n == 1 then
      replace = true
    elseif op == "set" or op == "del" then
      if not valid_app(app) then
        return nil, "line " .. n .. ": not an app name"
      end
      if sets[app] or dels[app] then
        return nil, "line " .. n .. ": app " .. app .. " named twice"
      end
      if op == "del" then
        if #words ~= 2 then return nil, "line " .. n .. ": del takes one app" end
        dels[app] = true
      else
        if #words - 2 > MAX_PEERS then
          return nil, "line " .. n .. ": more than " .. MAX_PEERS .. " endpoints"
        end
        local list = {}
        for i = 3, #words do
          if not parse_peer(words[i]) then
            return nil, "line " .. n .. ": endpoint " .. words[i]:sub(1, 60) .. " is not ipv4:port"
          end
          list[#list + 1] = words[i]
        end
        sets[app] = table.concat(list, " ")
      end
    else
      return nil, "line " .. n .. ": unknown command"
    end
  end
  return { sets = sets, dels = dels, replace = replace }
end

-- Applies a parsed update all or nothing; returns how many apps changed, or nil and why.
local function apply_update(update)
  local previous = {}
  local changed = 0
  local removals = {}
  for app in pairs(update.dels) do removals[#removals + 1] = app end
  if update.replace then
    for _, app in ipairs(dict:get_keys(0)) do
      if update.sets[app] == nil then removals[#removals + 1] = app end
    end
  end
  for app, value in pairs(update.sets) do
    local old = dict:get(app)
    if old ~= value then
      previous[app] = old or false
      local ok, err = dict:safe_set(app, value)
      if not ok then
        for name, before in pairs(previous) do
          if before then dict:set(name, before) else dict:delete(name) end
        end
        return nil, "endpoints not stored: " .. tostring(err)
      end
      changed = changed + 1
    end
  end
  for _, app in ipairs(removals) do
    if dict:get(app) ~= nil then changed = changed + 1 end
    dict:delete(app)
  end
  return changed
end

function _M.init(token_file, state_file)
  local text = read_file(token_file)
  token = text and text:match("^(%x+)")
  local state = read_file(state_file)
  if not state then return end
  local update, why = parse_update(state)
  if update then
    update.replace = true
    local changed
    changed, why = apply_update(update)
  end
  if why then
    ngx.log(ngx.ERR, "slipway: ignored ", state_file, ": ", why)
  end
end

function _M.update()
  if ngx.var.remote_addr ~= "127.0.0.1" or not token or ngx.var.http_x_slipway_token ~= token then
    return answer(403, "forbidden")
  end
  if ngx.req.get_method() == "GET" then
    local app = ngx.var.arg_app
    if not valid_app(app) then return answer(400, "not an app name") end
    local raw = dict:get(app)
    if raw == nil then return answer(404, "no endpoints") end
    return answer(200, raw)
  end
  if ngx.req.get_method() ~= "POST" then return answer(405, "POST an update") end
  local body = read_body()
  if not body then return answer(400, "could not read the update") end
  local update, why = parse_update(body)
  if not update then return answer(400, why) end
  local changed, err = apply_update(update)
  if not changed then return answer(507, err) end
  return answer(200, "changed " .. changed)
end

return _M
`;
