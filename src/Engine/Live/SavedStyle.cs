using System.Buffers.Binary;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The style as a project saves it: what the player played and, once they taught it their files, the library of
/// those files. Without a library the bytes are the style model's own (as every earlier version wrote them, so old
/// projects open); with one they are a container: "AISL", version 1, then each model's length and bytes.
/// </summary>
public static class SavedStyle
{
    private static ReadOnlySpan<byte> Magic => "AISL"u8;
    private const ushort Version = 1;

    public static byte[] Write(VariableOrderMarkovModel played, VariableOrderMarkovModel? library)
    {
        byte[] style = played.ToBytes();
        if (library is null) return style;
        byte[] lib = library.ToBytes();
        var bytes = new byte[4 + 2 + 4 + style.Length + 4 + lib.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6), style.Length);
        style.CopyTo(bytes, 10);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10 + style.Length), lib.Length);
        lib.CopyTo(bytes, 14 + style.Length);
        return bytes;
    }

    /// <summary>Reads either form; damage throws <see cref="MarkovModelFormatException"/> (the caller keeps its style).</summary>
    public static (VariableOrderMarkovModel Played, VariableOrderMarkovModel? Library) Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || !data[..4].SequenceEqual(Magic))
            return (VariableOrderMarkovModel.FromBytes(data, TokenVocabulary.Hash), null);
        if (data.Length < 10 || BinaryPrimitives.ReadUInt16LittleEndian(data[4..]) != Version)
            throw new MarkovModelFormatException("saved style: container version not supported");
        int styleLength = BinaryPrimitives.ReadInt32LittleEndian(data[6..]);
        if (styleLength < 0 || styleLength > data.Length - 14) throw new MarkovModelFormatException("saved style: the played style's length is wrong");
        var played = VariableOrderMarkovModel.FromBytes(data.Slice(10, styleLength), TokenVocabulary.Hash);
        int libraryLength = BinaryPrimitives.ReadInt32LittleEndian(data[(10 + styleLength)..]);
        if (libraryLength < 0 || libraryLength != data.Length - 14 - styleLength) throw new MarkovModelFormatException("saved style: the library's length is wrong");
        return (played, VariableOrderMarkovModel.FromBytes(data.Slice(14 + styleLength, libraryLength), TokenVocabulary.Hash));
    }
}
