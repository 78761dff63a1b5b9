ardour {
	["type"]    = "dsp",
	name        = "AiCoPilot test riff",
	category    = "Utility",
	license     = "MIT",
	author      = "AiCoPilot",
	description = [[Plays a two-bar riff (C D E G, quarter notes at 120 BPM) from session sample 0 while rolling, as many times as "Repeats" says; passes MIDI input through.]]
}

function dsp_params ()
	return { { ["type"] = "input", name = "Repeats", min = 1, max = 16, default = 1, integer = true } }
end

local rate = 48000
local notes = { 60, 62, 64, 67, 60, 62, 64, 67 }

function dsp_ioconfig ()
	return { { midi_in = 1, midi_out = 1, audio_in = 0, audio_out = 0 } }
end

function dsp_init (sr)
	rate = sr
end

function dsp_run (_, _, n_samples)
	assert (type (midiout) == "table")
	local cnt = 1
	for _, b in pairs (midiin) do midiout[cnt] = b; cnt = cnt + 1 end
	if not Session:transport_rolling () then return end
	local start = Session:transport_sample ()
	local quarter = rate / 2
	local repeats = math.floor (CtrlPorts:array ()[1] + 0.5)
	for i = 1, #notes * repeats do
		local note = notes[(i - 1) % #notes + 1]
		local on = (i - 1) * quarter
		local off = on + quarter * 0.8
		if on >= start and on < start + n_samples then
			midiout[cnt] = { time = on - start + 1, data = { 0x90, note, 96 } }; cnt = cnt + 1
		end
		if off >= start and off < start + n_samples then
			midiout[cnt] = { time = off - start + 1, data = { 0x80, note, 0 } }; cnt = cnt + 1
		end
	end
end
