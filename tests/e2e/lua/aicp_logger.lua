ardour {
	["type"]    = "dsp",
	name        = "AiCoPilot test logger",
	category    = "Utility",
	license     = "MIT",
	author      = "AiCoPilot",
	description = [[Counts note-ons and note-offs per MIDI channel into shared memory, and keeps the session sample of each note-on on channel 16 (the first 200); passes everything through.]]
}

function dsp_ioconfig ()
	return { { midi_in = 1, midi_out = 1, audio_in = -1, audio_out = -1 } }
end

function dsp_init (rate)
	-- ints: [0..15] note-ons per channel, [16..31] note-offs per channel, [32] channel-16 note-ons timed,
	-- [33..232] their session samples (transport_sample + offset in the cycle) while rolling
	self:shmem():allocate (233)
	self:shmem():clear ()
end

function dsp_configure (ins, outs)
	n_out = outs
end

function dsp_runmap (bufs, in_map, out_map, n_samples, offset)
	ARDOUR.DSP.process_map (bufs, n_out, in_map, out_map, n_samples, offset)
	local ib = in_map:get (ARDOUR.DataType ("midi"), 0)
	if ib == ARDOUR.ChanMapping.Invalid then return end
	local shm = self:shmem ()
	for _, e in pairs (bufs:get_midi (ib):table ()) do
		local d = e:buffer ():array ()
		local kind, ch = d[1] & 0xF0, d[1] & 0x0F
		if kind == 0x90 and d[3] > 0 then
			shm:atomic_set_int (ch, shm:atomic_get_int (ch) + 1)
			local timed = shm:atomic_get_int (32)
			if ch == 15 and timed < 200 and Session:transport_rolling () then
				shm:atomic_set_int (33 + timed, Session:transport_sample () + e:time ())
				shm:atomic_set_int (32, timed + 1)
			end
		elseif kind == 0x80 or kind == 0x90 then
			shm:atomic_set_int (16 + ch, shm:atomic_get_int (16 + ch) + 1)
		end
	end
end
