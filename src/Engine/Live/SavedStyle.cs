using System.Buffers.Binary;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The style as a project saves it: what the player played, the library of the files they taught it, and the taste
/// learned from the takes they kept and dropped. Three forms, all read:
/// - the style model's own bytes (what every version before the library wrote, and what is still written when there is
///   neither a library nor a taste, so such projects open in older versions);
/// - "AISL", version 1, then each model's length and bytes (the style and the library);
/// - "AISL", version 2, then sections, each a four-letter tag, a length and its bytes: "STYL" the style, "LIBR" the
///   library, "TAST" the taste (<see cref="TasteModel.ToBytes"/>), "TOPT" the taste's options (bit 0: not shared
///   across projects). Unknown sections are skipped, so a later version may add some.
/// </summary>
public static class SavedStyle
{
    private static ReadOnlySpan<byte> Magic => "AISL"u8;
    private const ushort LibraryVersion = 1;
    private const ushort SectionsVersion = 2;

    /// <summary>What a project holds: the models, the taste (null: none saved, as in projects before it), whether the
    /// taste is shared across projects, and why a damaged taste was left out ("" when it was not).</summary>
    public sealed record Contents(VariableOrderMarkovModel Played, VariableOrderMarkovModel? Library, TasteModel? Taste = null,
        bool SharesTaste = true, string TasteProblem = "");

    public static byte[] Write(VariableOrderMarkovModel played, VariableOrderMarkovModel? library) => Write(played, library, null, sharesTaste: true);

    /// <summary>The project's bytes; without a taste (or an empty one, shared as by default) in the form older versions read.</summary>
    public static byte[] Write(VariableOrderMarkovModel played, VariableOrderMarkovModel? library, TasteModel? taste, bool sharesTaste)
    {
        byte[] style = played.ToBytes();
        if ((taste is null || taste.IsEmpty) && sharesTaste)
        {
            if (library is null) return style;
            byte[] lib = library.ToBytes();
            var bytes = new byte[4 + 2 + 4 + style.Length + 4 + lib.Length];
            Magic.CopyTo(bytes);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), LibraryVersion);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6), style.Length);
            style.CopyTo(bytes, 10);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10 + style.Length), lib.Length);
            lib.CopyTo(bytes, 14 + style.Length);
            return bytes;
        }
        var sections = new List<(string Tag, byte[] Bytes)> { ("STYL", style) };
        if (library is not null) sections.Add(("LIBR", library.ToBytes()));
        if (taste is not null && !taste.IsEmpty) sections.Add(("TAST", taste.ToBytes()));
        sections.Add(("TOPT", [(byte)(sharesTaste ? 0 : 1)]));
        var output = new byte[6 + sections.Sum(s => 8 + s.Bytes.Length)];
        Magic.CopyTo(output);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(4), SectionsVersion);
        int at = 6;
        foreach (var (tag, data) in sections)
        {
            System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(output, at);
            BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(at + 4), data.Length);
            data.CopyTo(output, at + 8);
            at += 8 + data.Length;
        }
        return output;
    }

    /// <summary>Reads the models of any form; damage throws <see cref="MarkovModelFormatException"/> (the caller keeps its style).</summary>
    public static (VariableOrderMarkovModel Played, VariableOrderMarkovModel? Library) Read(ReadOnlySpan<byte> data)
    {
        var contents = ReadAll(data);
        return (contents.Played, contents.Library);
    }

    /// <summary>Reads everything a project holds. Damage to the models throws <see cref="MarkovModelFormatException"/>;
    /// a damaged taste is left out (<see cref="Contents.TasteProblem"/> says why) and the models are read all the same.</summary>
    public static Contents ReadAll(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || !data[..4].SequenceEqual(Magic))
            return new Contents(VariableOrderMarkovModel.FromBytes(data, TokenVocabulary.Hash), null);
        if (data.Length < 6) throw new MarkovModelFormatException("saved style: container version not supported");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if (version == SectionsVersion) return ReadSections(data[6..]);
        if (data.Length < 10 || version != LibraryVersion)
            throw new MarkovModelFormatException("saved style: container version not supported");
        int styleLength = BinaryPrimitives.ReadInt32LittleEndian(data[6..]);
        if (styleLength < 0 || styleLength > data.Length - 14) throw new MarkovModelFormatException("saved style: the played style's length is wrong");
        var played = VariableOrderMarkovModel.FromBytes(data.Slice(10, styleLength), TokenVocabulary.Hash);
        int libraryLength = BinaryPrimitives.ReadInt32LittleEndian(data[(10 + styleLength)..]);
        if (libraryLength < 0 || libraryLength != data.Length - 14 - styleLength) throw new MarkovModelFormatException("saved style: the library's length is wrong");
        return new Contents(played, VariableOrderMarkovModel.FromBytes(data.Slice(14 + styleLength, libraryLength), TokenVocabulary.Hash));
    }

    private static Contents ReadSections(ReadOnlySpan<byte> data)
    {
        VariableOrderMarkovModel? played = null, library = null;
        TasteModel? taste = null;
        bool shares = true;
        string problem = "";
        while (data.Length > 0)
        {
            if (data.Length < 8) throw new MarkovModelFormatException("saved style: a section is cut short");
            string tag = System.Text.Encoding.ASCII.GetString(data[..4]);
            int length = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
            if (length < 0 || length > data.Length - 8) throw new MarkovModelFormatException($"saved style: the length of section {tag} is wrong");
            var body = data.Slice(8, length);
            switch (tag)
            {
                case "STYL": played = VariableOrderMarkovModel.FromBytes(body, TokenVocabulary.Hash); break;
                case "LIBR": library = VariableOrderMarkovModel.FromBytes(body, TokenVocabulary.Hash); break;
                case "TAST":
                    try { taste = TasteModel.FromBytes(body); }
                    catch (TasteFormatException e) { problem = e.Message; }
                    break;
                case "TOPT": shares = length < 1 || (body[0] & 1) == 0; break;
            }
            data = data[(8 + length)..];
        }
        if (played is null) throw new MarkovModelFormatException("saved style: no played style in it");
        return new Contents(played, library, taste, shares, problem);
    }
}
