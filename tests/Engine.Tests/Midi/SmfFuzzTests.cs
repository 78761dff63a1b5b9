using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Tokens;
using Xunit.Abstractions;

namespace AiCoPilot.Engine.Tests.Midi;

/// <summary>Mutated and random bytes end only in a typed <see cref="MidiFormatException"/>, never anything else.</summary>
public class SmfFuzzTests
{
    private readonly ITestOutputHelper _output;
    public SmfFuzzTests(ITestOutputHelper output) { _output = output; }

    internal static IEnumerable<byte[]> Seeds()
    {
        yield return Fixtures.Bytes(Fixtures.Riff());
        yield return Fixtures.Bytes(Fixtures.MelodyOverChords());
        yield return SmfWriter.Write(SmfRoundTripTests.RandomFile(new Random(3)));
        if (Fixtures.SharedData is { } data)
            foreach (var f in Directory.EnumerateFiles(data, "*.mid", SearchOption.AllDirectories).OrderBy(f => f).Take(6))
                yield return File.ReadAllBytes(f);
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int mutations = random.Next(1, 6);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64))); break;
                case 3: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                default:
                    int len = Math.Min(bytes.Count - at, random.Next(1, 32));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, len)); break;
            }
        }
        return bytes.ToArray();
    }

    [Fact]
    public void Mutated_files_only_throw_typed_errors()
    {
        var random = new Random(1234);
        var seeds = Seeds().ToList();
        int typedErrors = 0, parsed = 0;
        const int cases = 20_000;
        for (int i = 0; i < cases; i++)
        {
            var data = Mutate(seeds[i % seeds.Count], random);
            try
            {
                var smf = SmfReader.Read(data);
                var song = MidiSongConverter.FromSmf(smf);
                if (i % 10 == 0) Tokenizer.Encode(LeadSheetExtractor.Extract(song).Sheet);
                parsed++;
            }
            catch (MidiFormatException) { typedErrors++; }
        }
        _output.WriteLine($"{cases} mutations: {parsed} parsed, {typedErrors} typed errors");
        Assert.Equal(cases, parsed + typedErrors);
        Assert.True(typedErrors > cases / 10, "the mutations should break many files");
    }

    [Fact]
    public void Random_bytes_after_a_valid_header_only_throw_typed_errors()
    {
        var random = new Random(99);
        var header = new byte[] { 0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 2, 0, 96, 0x4D, 0x54, 0x72, 0x6B };
        for (int i = 0; i < 5000; i++)
        {
            var body = new byte[random.Next(0, 200)];
            random.NextBytes(body);
            var data = header.Concat(new byte[] { 0, 0, 0, (byte)random.Next(256) }).Concat(body).ToArray();
            try { MidiSongConverter.FromSmf(SmfReader.Read(data)); }
            catch (MidiFormatException) { }
        }
    }
}
