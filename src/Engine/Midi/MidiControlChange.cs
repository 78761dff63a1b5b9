namespace AiCoPilot.Engine.Midi;

/// <summary>A control change at a tick: controller and value 0-127, channel 0-15.</summary>
public readonly record struct MidiControlChange
{
    public MidiControlChange(long tick, int channel, int controller, int value)
    {
        if (tick < 0) throw new ArgumentOutOfRangeException(nameof(tick));
        if ((uint)channel > 15) throw new ArgumentOutOfRangeException(nameof(channel));
        if ((uint)controller > 127) throw new ArgumentOutOfRangeException(nameof(controller));
        if ((uint)value > 127) throw new ArgumentOutOfRangeException(nameof(value));
        Tick = tick; Channel = (byte)channel; Controller = (byte)controller; Value = (byte)value;
    }

    public long Tick { get; }
    public byte Channel { get; }
    public byte Controller { get; }
    public byte Value { get; }
}
