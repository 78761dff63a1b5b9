-- ardour7-lua script: a MIDI track with riff -> AiCoPilot -> logger; roll; check the answer; set a parameter; save.
local dir = os.getenv ("AICP_SESSION_DIR")
local function fail (msg) print ("E2E FAIL: " .. msg); os.exit (1) end

local s = create_session (dir, "e2e", 48000)
if not s then fail ("create_session") end
local tracks = Session:new_midi_track (ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1), ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1),
	false, ARDOUR.PluginInfo (), nil, nil, 1, "Keys", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
local track = tracks:front ()

local riff = ARDOUR.LuaAPI.new_luaproc (Session, "AiCoPilot test riff")
local plugin = ARDOUR.LuaAPI.new_plugin (Session, "AiCoPilot", ARDOUR.PluginType.VST3, "")
local logger = ARDOUR.LuaAPI.new_luaproc (Session, "AiCoPilot test logger")
if riff:isnil () or logger:isnil () then fail ("Lua test processors not found") end
if plugin:isnil () then fail ("AiCoPilot not found by Ardour") end
if track:add_processor_by_index (riff, 0, nil, true) ~= 0 then fail ("insert riff") end
if track:add_processor_by_index (plugin, 1, nil, true) ~= 0 then fail ("insert plugin") end
if track:add_processor_by_index (logger, 2, nil, true) ~= 0 then fail ("insert logger") end

local insert = plugin:to_insert ()
print ("E2E plugin io: midi in " .. insert:natural_input_streams ():n_midi () .. ", midi out " .. insert:natural_output_streams ():n_midi ()
	.. ", audio out " .. insert:natural_output_streams ():n_audio ())

-- Parameters by title; values are plain (Ardour maps them through normalizedParamToPlain).
local pi = insert:plugin (0)
local function param (title)
	for i = 0, pi:parameter_count () - 1 do
		if pi:parameter_label (i) == title then return i end
	end
	fail ("no parameter " .. title)
end
ARDOUR.LuaAPI.set_processor_param (plugin, param ("Bars"), 2)
ARDOUR.LuaAPI.set_processor_param (plugin, param ("Output channel"), 16)
ARDOUR.LuaAPI.set_processor_param (plugin, param ("Temperature"), 0.6)

Session:request_locate (0, false, ARDOUR.LocateTransportDisposition.MustStop, ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep (300000)
Session:request_roll (ARDOUR.TransportRequestSource.TRS_UI)
-- Riff: 4 s; silence 1.5 beats; answer from bar 4 (6 s) for 2 bars (4 s).
ARDOUR.LuaAPI.usleep (11500000)
Session:request_stop (false, false, ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep (500000)

local shm = logger:to_insert ():plugin (0):to_luaproc ():shmem ()
local played_on, played_off = shm:atomic_get_int (0), shm:atomic_get_int (16)
local answer_on, answer_off = shm:atomic_get_int (15), shm:atomic_get_int (31)
print (string.format ("E2E notes: played %d on / %d off, answered %d on / %d off", played_on, played_off, answer_on, answer_off))
if played_on ~= 8 then fail ("the riff did not pass through (" .. played_on .. ")") end
if answer_on < 3 then fail ("no continuation came back on the plugin's MIDI output") end
if answer_on ~= answer_off then fail ("stuck notes: " .. answer_on .. " note-ons, " .. answer_off .. " note-offs") end

-- On the grid: at 120 BPM and 48 kHz a sixteenth is 6000 samples. The plug-in's timeline (projectTimeSamples) runs
-- a constant offset ahead of the session sample this logger sees (272 samples in Ardour 7.3; it is measured here,
-- as the offset most note-ons share), and every answer note-on must sit within one sample of grid + that offset.
local timed = shm:atomic_get_int (32)
local residuals = {}
for i = 0, timed - 1 do
	local r = shm:atomic_get_int (33 + i) % 6000
	if r > 3000 then r = r - 6000 end
	residuals[#residuals + 1] = r
end
if #residuals < 3 then fail ("too few answer note-ons timed (" .. #residuals .. ")") end
local sorted = {}
for i, r in ipairs (residuals) do sorted[i] = r end
table.sort (sorted)
local offset = sorted[math.floor ((#sorted + 1) / 2)]
local worst = 0
for _, r in ipairs (residuals) do worst = math.max (worst, math.abs (r - offset)) end
print (string.format ("E2E grid: %d answer note-ons, offset from the session's sixteenth grid %d samples, worst deviation %d samples (%s)",
	#residuals, offset, worst, table.concat (residuals, " ")))
if worst > 1 then fail ("answer note-ons off the host's grid by up to " .. worst .. " samples") end

if Session:save_state ("", false, false, false, false, false) ~= 0 then fail ("save_state") end
print ("E2E saved")
close_session ()
os.exit (0)
