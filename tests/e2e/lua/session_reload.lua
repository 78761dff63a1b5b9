-- ardour7-lua script: reopen the saved session; the parameter set before saving must be back; save a copy.
local dir = os.getenv ("AICP_SESSION_DIR")
local function fail (msg) print ("E2E FAIL: " .. msg); os.exit (1) end
if not load_session (dir, "e2e") then fail ("load_session") end
local track = Session:route_by_name ("Keys")
if track:isnil () then fail ("track missing after reload") end
local plugin = track:nth_plugin (1)
if plugin:isnil () then fail ("plugin missing after reload") end
local pi = plugin:to_insert ():plugin (0)
local function value (title)
	for i = 0, pi:parameter_count () - 1 do
		if pi:parameter_label (i) == title then
			local v, _ = ARDOUR.LuaAPI.get_processor_param (plugin, i, true)
			return v
		end
	end
	fail ("no parameter " .. title)
end
print (string.format ("E2E reloaded: Temperature %.3f, Bars %d", value ("Temperature"), value ("Bars")))
if math.abs (value ("Temperature") - 0.6) > 0.01 then fail ("Temperature did not survive") end
if value ("Bars") ~= 2 then fail ("Bars did not survive") end
-- Save under a new snapshot name: the plug-in's state is asked for again, after the reload.
if Session:save_state ("reloaded", false, false, false, false, false) ~= 0 then fail ("save_state after reload") end
close_session ()
os.exit (0)
