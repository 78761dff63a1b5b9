namespace AiCoPilot.Engine.Midi;

/// <summary>A note with range-checked fields: pitch 0-127, velocity 1-127, channel 0-15, start and length in ticks.</summary>
public readonly record struct MidiNote
{
    public MidiNote(int pitch, int velocity, int channel, long startTick, long lengthTicks)
    {
        if ((uint)pitch > 127) throw new ArgumentOutOfRangeException(nameof(pitch), pitch, "0..127");
        if (velocity is < 1 or > 127) throw new ArgumentOutOfRangeException(nameof(velocity), velocity, "1..127");
        if ((uint)channel > 15) throw new ArgumentOutOfRangeException(nameof(channel), channel, "0..15");
        if (startTick < 0) throw new ArgumentOutOfRangeException(nameof(startTick), startTick, ">= 0");
        if (lengthTicks < 0) throw new ArgumentOutOfRangeException(nameof(lengthTicks), lengthTicks, ">= 0");
        Pitch = (byte)pitch;
        Velocity = (byte)velocity;
        Channel = (byte)channel;
        StartTick = startTick;
        LengthTicks = lengthTicks;
    }

    public byte Pitch { get; }
    public byte Velocity { get; }
    public byte Channel { get; }
    public long StartTick { get; }
    public long LengthTicks { get; }
    public long EndTick => StartTick + LengthTicks;

    public MidiNote WithStart(long startTick) => new(Pitch, Velocity, Channel, startTick, LengthTicks);
    public MidiNote WithPitch(int pitch) => new(pitch, Velocity, Channel, StartTick, LengthTicks);
}
