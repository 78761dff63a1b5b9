-- ardour7-lua script: a MIDI track with an 8-bar riff -> AiCoPilot (Play along: Chords, answers on demand) -> logger;
-- roll; check that chords came on channel 16 on the grid while the riff played and through the 8 beats after it, then
-- stopped, and that nothing hangs.
local e2e = dofile (os.getenv ("AICP_E2E_LUA") .. "/e2e_common.lua")
local fail = e2e.fail

local _, riff, plugin, logger = e2e.session_with_plugin ("playalong")
ARDOUR.LuaAPI.set_processor_param (riff, 0, 4)  -- 4 repeats: 8 bars, 16 s at 120 BPM
e2e.set (plugin, "Play along", 1)               -- Chords, on the accompaniment channel (16 by default)
e2e.set (plugin, "Answer", 0)                   -- on demand: no answer when the riff stops
-- Play along plays through the player's breaths: after the riff it goes on for "Play along stops after" (8 beats,
-- 4 s) and then stops by itself, well before the transport does.
e2e.roll (24)

local shm = logger:to_insert ():plugin (0):to_luaproc ():shmem ()
local played_on, chord_on, chord_off = shm:atomic_get_int (0), shm:atomic_get_int (15), shm:atomic_get_int (31)
print (string.format ("E2E notes: played %d, accompaniment %d on / %d off", played_on, chord_on, chord_off))
if played_on ~= 32 then fail ("the riff did not pass through (" .. played_on .. ")") end
if chord_on ~= chord_off then fail ("hanging accompaniment notes: " .. chord_on .. " note-ons, " .. chord_off .. " note-offs") end

-- Chord onsets: the distinct note-on samples on channel 16.
local onsets, seen = {}, {}
for i = 0, shm:atomic_get_int (32) - 1 do
	local t = shm:atomic_get_int (33 + i)
	if not seen[t] then seen[t] = true; onsets[#onsets + 1] = t end
end
table.sort (onsets)
-- The riff sounds from 0 to 16 s: a chord is decided before each downbeat (and half bar) from bar 2 on, and on
-- through the 8 beats after it (Play along stops after); none starts after those.
if #onsets < 6 then fail ("too few chords while the riff played (" .. #onsets .. ")") end
local offset, worst = e2e.grid (onsets)
print (string.format ("E2E play-along: %d chords from %.2f s to %.2f s, offset %d samples, worst deviation %d samples",
	#onsets, onsets[1] / 48000, onsets[#onsets] / 48000, offset, worst))
if worst > 1 then fail ("accompaniment off the host's grid by up to " .. worst .. " samples") end
-- On the plug-in's timeline (the logger's sample less the offset): the last chord may start on the downbeat at 20 s,
-- the one a decision made within 8 beats of the riff's last note brings in.
local last = onsets[#onsets] - offset
if last > 20 * 48000 then fail ("a chord started after play-along should have stopped (" .. last / 48000 .. " s)") end
print ("E2E play-along ok")
close_session ()
os.exit (0)
