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

    /// <summary>
    /// Rewrites each MTrk chunk's length to reach the next "MTrk" (or the end), so a mutation inside the events is
    /// parsed as events instead of stopping at the chunk-length check.
    /// </summary>
    internal static byte[] RepairChunkLengths(byte[] data)
    {
        var starts = new List<int>();
        for (int i = 0; i + 8 <= data.Length; i++)
            if (data[i] == (byte)'M' && data[i + 1] == (byte)'T' && data[i + 2] == (byte)'r' && data[i + 3] == (byte)'k') starts.Add(i);
        for (int k = 0; k < starts.Count; k++)
        {
            int bodyStart = starts[k] + 8, bodyEnd = k + 1 < starts.Count ? starts[k + 1] : data.Length;
            int length = Math.Max(0, bodyEnd - bodyStart);
            data[starts[k] + 4] = (byte)(length >> 24); data[starts[k] + 5] = (byte)(length >> 16);
            data[starts[k] + 6] = (byte)(length >> 8); data[starts[k] + 7] = (byte)length;
        }
        return data;
    }

    /// <summary>Cases per run: 20,000 in the test run; <c>tests/fuzz_long.sh</c> sets a million.</summary>
    internal static int CasesFromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int n) && n > 0 ? n : fallback;

    [Fact]
    public void Mutated_and_generated_files_only_throw_typed_errors_in_bounded_time_and_memory()
    {
        var random = new Random(1234);
        var seeds = Seeds().ToList();
        int cases = CasesFromEnvironment("AICOPILOT_FUZZ_SMF_CASES", 20_000);
        int typedErrors = 0, parsed = 0, generated = 0, intact = 0, intactParsed = 0;
        long worstTicks = 0, worstBytes = 0, worstBytesInput = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            // One input in eight is a freshly generated file, mutated or not; the rest mutate the seeds.
            byte[] data;
            bool valid = false;  // a generated file left as written: a reader must read every one
            if (i % 8 == 7)
            {
                data = SmfWriter.Write(SmfRoundTripTests.RandomFile(random));
                if (random.Next(2) == 0) data = Mutate(data, random);
                else valid = true;
                generated++;
            }
            else data = Mutate(seeds[i % seeds.Count], random);
            if (random.Next(2) == 0)
            {
                byte[] repaired = RepairChunkLengths((byte[])data.Clone());
                valid &= repaired.AsSpan().SequenceEqual(data);  // "MTrk" inside an event would move a length
                data = repaired;
            }
            if (valid) intact++;
            long start = clock.ElapsedTicks, bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var smf = SmfReader.Read(data);
                var song = MidiSongConverter.FromSmf(smf);
                if (i % 10 == 0) Tokenizer.Encode(LeadSheetExtractor.Extract(song).Sheet);
                parsed++;
                if (valid) intactParsed++;
            }
            catch (MidiFormatException) { typedErrors++; }
            long ticks = clock.ElapsedTicks - start, bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            worstTicks = Math.Max(worstTicks, ticks);
            if (bytes > worstBytes) { worstBytes = bytes; worstBytesInput = data.Length; }
        }
        double worstMs = worstTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        _output.WriteLine($"smf fuzz: {cases} inputs ({generated} generated), {parsed} parsed, {typedErrors} typed errors, " +
                          $"other exceptions 0, slowest {worstMs:F1} ms, most allocated {worstBytes / 1024} KiB (for a {worstBytesInput}-byte input), " +
                          $"{clock.Elapsed.TotalSeconds:F0} s");
        Assert.Equal(cases, parsed + typedErrors);
        Assert.True(typedErrors > cases / 10, "the mutations should break many files");
        // A reader that refused everything would pass the lines above: every intact file must read, and many mutants.
        Assert.Equal(intact, intactParsed);
        Assert.True(intact > cases / 40, $"only {intact} intact files");
        Assert.True(parsed > cases / 10, $"only {parsed} of {cases} inputs parsed");
        // The slowest input's time is printed, not judged: a busy machine stretches it, and a hang ends in the test run's
        // timeout. What a near-hang would cost shows in the allocation figure below, which does not depend on the load.
        // Allocation stays proportional to what a file can hold, not to lengths a header claims.
        Assert.True(worstBytes < 64L * 1024 * 1024, $"one input allocated {worstBytes / 1024 / 1024} MiB");
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
