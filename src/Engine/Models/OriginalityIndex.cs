using System.Text;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Models;

/// <summary>
/// A compact index of the training corpus's melodies as transposition-invariant 8-note n-grams: each window of 8
/// consecutive melody notes is hashed from its 7 pitch intervals and 7 inter-onset intervals (32-bit FNV-1a), and the
/// sorted, distinct hashes are kept. The generator consults it before each melody pitch: a pitch that would complete
/// 8 consecutive notes of a training song is masked and another is sampled. No melody can be read back from it.
/// </summary>
public sealed class OriginalityIndex
{
    public const int NoteCount = 8;
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "AICO"u8.ToArray();
    private readonly uint[] _hashes;

    private OriginalityIndex(uint[] sortedHashes) { _hashes = sortedHashes; }

    public int Count => _hashes.Length;

    public bool Contains(uint hash) => Array.BinarySearch(_hashes, hash) >= 0;

    /// <summary>True when 8 consecutive notes of <paramref name="melody"/> (after the last notes of what came before it,
    /// <paramref name="before"/>, which count too) are 8 consecutive notes of an indexed melody.</summary>
    public bool HasRunIn(IEnumerable<(int Onset, int Pitch)> before, IEnumerable<(int Onset, int Pitch)> melody)
    {
        var window = new MelodyWindow();
        foreach (var (onset, pitch) in before) window.Add(onset, pitch);
        foreach (var (onset, pitch) in melody)
        {
            if (window.WouldCopy(this, onset, pitch)) return true;
            window.Add(onset, pitch);
        }
        return false;
    }

    /// <summary>Hash of 8 notes given as (onset step, pitch) in order.</summary>
    public static uint Hash(ReadOnlySpan<int> onsets, ReadOnlySpan<int> pitches)
    {
        uint h = 2166136261u;
        for (int i = 1; i < NoteCount; i++)
        {
            h = (h ^ (uint)(pitches[i] - pitches[i - 1] + 128)) * 16777619u;
            h = (h ^ (uint)Math.Clamp(onsets[i] - onsets[i - 1], 0, 4095)) * 16777619u;
        }
        return h;
    }

    /// <summary>Builds the index from token sequences (the melody notes in the order the tokens give them).</summary>
    public static OriginalityIndex Build(IEnumerable<int[]> songs) => OfMelodies(songs.Select(MelodyOf));

    /// <summary>Builds the index from melodies given as (onset step, pitch) in order.</summary>
    public static OriginalityIndex OfMelodies(IEnumerable<IReadOnlyList<(int Onset, int Pitch)>> melodies)
    {
        var hashes = new List<uint>();
        foreach (var melody in melodies)
        {
            var o = melody.Select(n => n.Onset).ToArray();
            var p = melody.Select(n => n.Pitch).ToArray();
            for (int i = 0; i + NoteCount <= o.Length; i++)
                hashes.Add(Hash(o.AsSpan(i, NoteCount), p.AsSpan(i, NoteCount)));
        }
        var sorted = hashes.Distinct().ToArray();
        Array.Sort(sorted);
        return new OriginalityIndex(sorted);
    }

    private static IReadOnlyList<(int Onset, int Pitch)> MelodyOf(int[] tokens)
    {
        var melody = new List<(int, int)>();
        var decoder = new TokenStreamDecoder();
        foreach (int t in tokens)
        {
            if ((uint)t >= TokenVocabulary.Size) continue;
            if (decoder.Push(t) == DecodedEvent.Note) melody.Add((decoder.LastNote.Step, decoder.LastNote.Pitch));
        }
        return melody;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((ushort)FormatVersion);
            w.Write(TokenVocabulary.Hash);
            w.Write(_hashes.Length);
            foreach (uint h in _hashes) w.Write(h);
        }
        stream.Write(BitConverter.GetBytes(VariableOrderMarkovModel.Fnv1a64(stream.GetBuffer().AsSpan(0, (int)stream.Length))));
        return stream.ToArray();
    }

    /// <summary>Loads an index; damage, another version or another vocabulary throws <see cref="InvalidDataException"/>.</summary>
    public static OriginalityIndex FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length < 16 || !data[..4].SequenceEqual(Magic)) throw new InvalidDataException("not an originality index");
        if (BitConverter.ToUInt64(data[^8..]) != VariableOrderMarkovModel.Fnv1a64(data[..^8])) throw new InvalidDataException("originality index is damaged");
        using var r = new BinaryReader(new MemoryStream(data[..^8].ToArray()));
        r.ReadBytes(4);
        if (r.ReadUInt16() != FormatVersion) throw new InvalidDataException("originality index version not supported");
        if (r.ReadString() != TokenVocabulary.Hash) throw new InvalidDataException("originality index was built for another vocabulary");
        int count = r.ReadInt32();
        if (count < 0 || count > (r.BaseStream.Length - r.BaseStream.Position) / 4) throw new InvalidDataException("originality index size is wrong");
        var hashes = new uint[count];
        for (int i = 0; i < count; i++) hashes[i] = r.ReadUInt32();
        for (int i = 1; i < count; i++)
            if (hashes[i] <= hashes[i - 1]) throw new InvalidDataException("originality index is not sorted");
        return new OriginalityIndex(hashes);
    }
}

/// <summary>The last 7 melody notes of a stream, to ask the index whether the next pitch would complete a copy.</summary>
public sealed class MelodyWindow
{
    private readonly int[] _onsets = new int[OriginalityIndex.NoteCount];
    private readonly int[] _pitches = new int[OriginalityIndex.NoteCount];
    private int _count;

    public void Clear() => _count = 0;

    public void Add(int onset, int pitch)
    {
        if (_count == OriginalityIndex.NoteCount - 1)
        {
            Array.Copy(_onsets, 1, _onsets, 0, _count - 1);
            Array.Copy(_pitches, 1, _pitches, 0, _count - 1);
            _count--;
        }
        _onsets[_count] = onset;
        _pitches[_count] = pitch;
        _count++;
    }

    /// <summary>True when the 7 notes so far and this one are 8 consecutive notes of a training song.</summary>
    public bool WouldCopy(OriginalityIndex index, int onset, int pitch)
    {
        if (_count < OriginalityIndex.NoteCount - 1) return false;
        _onsets[_count] = onset;
        _pitches[_count] = pitch;
        return index.Contains(OriginalityIndex.Hash(_onsets, _pitches));
    }
}
