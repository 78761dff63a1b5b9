-- Shared by the ardour7-lua session scripts (loaded with dofile): failing, the test track with its three
-- processors, parameters by title, and the note-on timing check against the session's sixteenth grid.
local common = {}

function common.fail (msg) print ("E2E FAIL: " .. msg); os.exit (1) end

-- A new session holding one MIDI track: test riff -> AiCoPilot -> logger.
function common.session_with_plugin (name)
	local s = create_session (os.getenv ("AICP_SESSION_DIR"), name, 48000)
	if not s then common.fail ("create_session") end
	local tracks = Session:new_midi_track (ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1), ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1),
		false, ARDOUR.PluginInfo (), nil, nil, 1, "Keys", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
	local track = tracks:front ()
	local riff = ARDOUR.LuaAPI.new_luaproc (Session, "AiCoPilot test riff")
	local plugin = ARDOUR.LuaAPI.new_plugin (Session, "AiCoPilot", ARDOUR.PluginType.VST3, "")
	local logger = ARDOUR.LuaAPI.new_luaproc (Session, "AiCoPilot test logger")
	if riff:isnil () or logger:isnil () then common.fail ("Lua test processors not found") end
	if plugin:isnil () then common.fail ("AiCoPilot not found by Ardour") end
	if track:add_processor_by_index (riff, 0, nil, true) ~= 0 then common.fail ("insert riff") end
	if track:add_processor_by_index (plugin, 1, nil, true) ~= 0 then common.fail ("insert plugin") end
	if track:add_processor_by_index (logger, 2, nil, true) ~= 0 then common.fail ("insert logger") end
	return track, riff, plugin, logger
end

-- Sets a parameter by its title; values are plain (Ardour maps them through normalizedParamToPlain).
function common.set (plugin, title, value)
	local pi = plugin:to_insert ():plugin (0)
	for i = 0, pi:parameter_count () - 1 do
		if pi:parameter_label (i) == title then ARDOUR.LuaAPI.set_processor_param (plugin, i, value); return end
	end
	common.fail ("no parameter " .. title)
end

-- Rolls from 0 for the given seconds, then stops.
function common.roll (seconds)
	Session:request_locate (0, false, ARDOUR.LocateTransportDisposition.MustStop, ARDOUR.TransportRequestSource.TRS_UI)
	ARDOUR.LuaAPI.usleep (300000)
	Session:request_roll (ARDOUR.TransportRequestSource.TRS_UI)
	ARDOUR.LuaAPI.usleep (math.floor (seconds * 1000000))
	Session:request_stop (false, false, ARDOUR.TransportRequestSource.TRS_UI)
	ARDOUR.LuaAPI.usleep (500000)
end

-- At 120 BPM and 48 kHz a sixteenth is 6000 samples. The plug-in's timeline (projectTimeSamples) runs a constant
-- offset ahead of the session sample the logger sees (272 samples in Ardour 7.3): it is measured as the offset most
-- note-ons share. Returns that offset, the worst deviation from it and the residuals.
function common.grid (samples)
	local residuals, sorted = {}, {}
	for i, t in ipairs (samples) do
		local r = t % 6000
		if r > 3000 then r = r - 6000 end
		residuals[i] = r
		sorted[i] = r
	end
	table.sort (sorted)
	local offset = sorted[math.floor ((#sorted + 1) / 2)]
	local worst = 0
	for _, r in ipairs (residuals) do worst = math.max (worst, math.abs (r - offset)) end
	return offset, worst, residuals
end

return common
