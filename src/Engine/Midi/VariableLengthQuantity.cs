namespace AiCoPilot.Engine.Midi;

/// <summary>The SMF variable-length quantity: 7 bits per byte, high bit set on all but the last, at most 4 bytes.</summary>
public static class VariableLengthQuantity
{
    public const int MaxValue = 0x0FFFFFFF;

    public static void Write(Stream stream, int value)
    {
        if (value is < 0 or > MaxValue) throw new ArgumentOutOfRangeException(nameof(value), value, "VLQ holds 0..0x0FFFFFFF");
        Span<byte> buffer = stackalloc byte[4];
        int count = 0;
        buffer[3] = (byte)(value & 0x7F);
        count = 1;
        value >>= 7;
        while (value > 0)
        {
            buffer[3 - count] = (byte)((value & 0x7F) | 0x80);
            count++;
            value >>= 7;
        }
        stream.Write(buffer[(4 - count)..]);
    }

    public static int ByteCount(int value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4;
}
