-- ardour7-lua script: a MIDI track with a 4-bar riff -> AiCoPilot (Trade: 4 bars) -> logger; roll; check that the
-- co-pilot answered in its own 4 bars, from their downbeat, on the grid, and nothing in the player's bars.
local e2e = dofile (os.getenv ("AICP_E2E_LUA") .. "/e2e_common.lua")
local fail = e2e.fail

local _, riff, plugin, logger = e2e.session_with_plugin ("trade")
ARDOUR.LuaAPI.set_processor_param (riff, 0, 2)  -- 2 repeats: the player's 4 bars, 0 to 8 s at 120 BPM
e2e.set (plugin, "Trade", 3)                    -- 4 bars (the list: Off, 1, 2, 4, 8 bars)
e2e.set (plugin, "Output channel", 16)
e2e.roll (17)                                   -- the co-pilot's turn is bars 5 to 8: 8 s to 16 s

local shm = logger:to_insert ():plugin (0):to_luaproc ():shmem ()
local played_on, answer_on, answer_off = shm:atomic_get_int (0), shm:atomic_get_int (15), shm:atomic_get_int (31)
print (string.format ("E2E notes: played %d, answered %d on / %d off", played_on, answer_on, answer_off))
if played_on ~= 16 then fail ("the riff did not pass through (" .. played_on .. ")") end
if answer_on < 3 then fail ("no answer in the co-pilot's turn (" .. answer_on .. " note-ons)") end
if answer_on ~= answer_off then fail ("hanging notes: " .. answer_on .. " note-ons, " .. answer_off .. " note-offs") end

local samples = {}
for i = 0, shm:atomic_get_int (32) - 1 do samples[#samples + 1] = shm:atomic_get_int (33 + i) end
table.sort (samples)
local offset, worst = e2e.grid (samples)
-- On the plug-in's timeline (the logger's sample less the offset e2e.grid measured), the turn is [8 s, 16 s): 384000 to 768000 samples.
local first, last = samples[1] - offset, samples[#samples] - offset
print (string.format ("E2E trade: %d answer note-ons from %.3f s to %.3f s (turn 8 to 16 s), offset %d samples, worst deviation %d samples",
	#samples, first / 48000, last / 48000, offset, worst))
if worst > 1 then fail ("answer note-ons off the host's grid by up to " .. worst .. " samples") end
if first < 384000 then fail ("an answer note in the player's turn (" .. first / 48000 .. " s)") end
if first >= 384000 + 6000 then fail ("the answer did not open on its downbeat (first note " .. (first - 384000) / 6000 .. " sixteenths after it)") end
if last >= 768000 then fail ("an answer note after the co-pilot's turn (" .. last / 48000 .. " s)") end
print ("E2E trade ok")
close_session ()
os.exit (0)
