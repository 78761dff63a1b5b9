-- ardour7-lua script for the GUI test (tests/e2e/ardour_gui_test.sh): a session with two MIDI tracks, "Keys" (the
-- test riff -> AiCoPilot) and "Takes" (empty, where a take is dropped). Each track gets a colour of its own, so the
-- test finds the Takes track on Ardour's canvas by its colour rather than by screen position: with track numbers shown,
-- each track's header carries its number on a label of the track's colour.
local e2e = dofile (os.getenv ("AICP_E2E_LUA") .. "/e2e_common.lua")
local fail = e2e.fail

local s = create_session (os.getenv ("AICP_SESSION_DIR"), "gui", 48000)
if not s then fail ("create_session") end

Session:cfg ():set_track_name_number (true)

local function midi_track (name, rgba)
	local tracks = Session:new_midi_track (ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1), ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1),
		false, ARDOUR.PluginInfo (), nil, nil, 1, name, ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
	local track = tracks:front ()
	if track:isnil () then fail ("new_midi_track " .. name) end
	track:presentation_info_ptr ():set_color (rgba)
	return track
end

local keys = midi_track ("Keys", tonumber (os.getenv ("AICP_KEYS_COLOR")))
midi_track ("Takes", tonumber (os.getenv ("AICP_TAKES_COLOR")))

local riff = ARDOUR.LuaAPI.new_luaproc (Session, "AiCoPilot test riff")
local plugin = ARDOUR.LuaAPI.new_plugin (Session, "AiCoPilot", ARDOUR.PluginType.VST3, "")
if riff:isnil () then fail ("the Lua test riff was not found") end
if plugin:isnil () then fail ("AiCoPilot not found by Ardour") end
if keys:add_processor_by_index (riff, 0, nil, true) ~= 0 then fail ("insert riff") end
if keys:add_processor_by_index (plugin, 1, nil, true) ~= 0 then fail ("insert plugin") end
e2e.set (plugin, "Bars", 16)  -- takes of 16 bars: one plays for 32 s

if Session:save_state ("", false, false, false, false, false) ~= 0 then fail ("save_state") end
print ("E2E gui session saved")
close_session ()
os.exit (0)
