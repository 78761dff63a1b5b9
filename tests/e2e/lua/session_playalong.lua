-- ardour7-lua script: a MIDI track with an 8-bar riff -> AiCoPilot (Play along: Chords, answers on demand) -> logger;
-- roll; check that chords came on channel 16 on the grid while the riff played, and that nothing hangs.
local dir = os.getenv ("AICP_SESSION_DIR")
local function fail (msg) print ("E2E FAIL: " .. msg); os.exit (1) end

local s = create_session (dir, "playalong", 48000)
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
ARDOUR.LuaAPI.set_processor_param (riff, 0, 4)  -- 8 bars: 16 s at 120 BPM

local pi = plugin:to_insert ():plugin (0)
local function param (title)
	for i = 0, pi:parameter_count () - 1 do
		if pi:parameter_label (i) == title then return i end
	end
	fail ("no parameter " .. title)
end
ARDOUR.LuaAPI.set_processor_param (plugin, param ("Play along"), 1)   -- Chords
ARDOUR.LuaAPI.set_processor_param (plugin, param ("Answer"), 0)       -- on demand: no answer when the riff stops

Session:request_locate (0, false, ARDOUR.LocateTransportDisposition.MustStop, ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep (300000)
Session:request_roll (ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep (21000000)
Session:request_stop (false, false, ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep (500000)

local shm = logger:to_insert ():plugin (0):to_luaproc ():shmem ()
local played_on, chord_on, chord_off = shm:atomic_get_int (0), shm:atomic_get_int (15), shm:atomic_get_int (31)
print (string.format ("E2E notes: played %d, accompaniment %d on / %d off", played_on, chord_on, chord_off))
if played_on ~= 32 then fail ("the riff did not pass through (" .. played_on .. ")") end
if chord_on ~= chord_off then fail ("hanging accompaniment notes: " .. chord_on .. " note-ons, " .. chord_off .. " note-offs") end

-- Chord onsets: distinct note-on samples on channel 16; all on the sixteenth grid (6000 samples) within one sample of
-- the offset most share (the plug-in's timeline runs a constant offset ahead of the sample the logger sees).
local timed = shm:atomic_get_int (32)
local onsets, seen = {}, {}
for i = 0, timed - 1 do
	local t = shm:atomic_get_int (33 + i)
	if not seen[t] then seen[t] = true; onsets[#onsets + 1] = t end
end
table.sort (onsets)
-- The riff sounds from 0 to 16 s: a chord is decided before each downbeat from bar 2 on (7 of them) and the last one
-- ends at the bar line after the riff.
if #onsets < 6 then fail ("too few chords while the riff played (" .. #onsets .. ")") end
local residuals = {}
for i, t in ipairs (onsets) do
	local r = t % 6000
	if r > 3000 then r = r - 6000 end
	residuals[i] = r
end
local sorted = {}
for i, r in ipairs (residuals) do sorted[i] = r end
table.sort (sorted)
local offset = sorted[math.floor ((#sorted + 1) / 2)]
local worst = 0
for _, r in ipairs (residuals) do worst = math.max (worst, math.abs (r - offset)) end
print (string.format ("E2E play-along: %d chords from %.2f s to %.2f s, offset %d samples, worst deviation %d samples",
	#onsets, onsets[1] / 48000, onsets[#onsets] / 48000, offset, worst))
if worst > 1 then fail ("accompaniment off the host's grid by up to " .. worst .. " samples") end
if onsets[#onsets] > 16 * 48000 + 6000 then fail ("a chord started after the riff ended (" .. onsets[#onsets] / 48000 .. " s)") end
print ("E2E play-along ok")
close_session ()
os.exit (0)
