-- ardour7-lua script: a MIDI track with riff -> AiCoPilot -> logger; roll; check the answer; set a parameter; save.
local e2e = dofile (os.getenv ("AICP_E2E_LUA") .. "/e2e_common.lua")
local fail = e2e.fail

local _, _, plugin, logger = e2e.session_with_plugin ("e2e")
local insert = plugin:to_insert ()
print ("E2E plugin io: midi in " .. insert:natural_input_streams ():n_midi () .. ", midi out " .. insert:natural_output_streams ():n_midi ()
	.. ", audio out " .. insert:natural_output_streams ():n_audio ())
e2e.set (plugin, "Bars", 2)
e2e.set (plugin, "Output channel", 16)
e2e.set (plugin, "Temperature", 0.6)
-- Riff: 4 s; silence 1.5 beats; answer from bar 4 (6 s) for 2 bars (4 s).
e2e.roll (11.5)

local shm = logger:to_insert ():plugin (0):to_luaproc ():shmem ()
local played_on, played_off = shm:atomic_get_int (0), shm:atomic_get_int (16)
local answer_on, answer_off = shm:atomic_get_int (15), shm:atomic_get_int (31)
print (string.format ("E2E notes: played %d on / %d off, answered %d on / %d off", played_on, played_off, answer_on, answer_off))
if played_on ~= 8 then fail ("the riff did not pass through (" .. played_on .. ")") end
if answer_on < 3 then fail ("no continuation came back on the plugin's MIDI output") end
if answer_on ~= answer_off then fail ("stuck notes: " .. answer_on .. " note-ons, " .. answer_off .. " note-offs") end

-- Every answer note-on must sit within one sample of the session's sixteenth grid + the plug-in's offset.
local samples = {}
for i = 0, shm:atomic_get_int (32) - 1 do samples[#samples + 1] = shm:atomic_get_int (33 + i) end
if #samples < 3 then fail ("too few answer note-ons timed (" .. #samples .. ")") end
local offset, worst, residuals = e2e.grid (samples)
print (string.format ("E2E grid: %d answer note-ons, offset from the session's sixteenth grid %d samples, worst deviation %d samples (%s)",
	#samples, offset, worst, table.concat (residuals, " ")))
if worst > 1 then fail ("answer note-ons off the host's grid by up to " .. worst .. " samples") end

if Session:save_state ("", false, false, false, false, false) ~= 0 then fail ("save_state") end
print ("E2E saved")
close_session ()
os.exit (0)
