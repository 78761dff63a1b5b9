using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Tests.Music;

public class MusicTheoryTests
{
    [Theory]
    [InlineData(new[] { 0, 4, 7 }, 0, "C")]
    [InlineData(new[] { 9, 0, 4 }, 9, "Am")]
    [InlineData(new[] { 7, 11, 2, 5 }, 7, "G7")]
    [InlineData(new[] { 2, 5, 9, 0 }, 2, "Dm7")]
    [InlineData(new[] { 11, 2, 5 }, 11, "Bdim")]
    [InlineData(new[] { 0, 5, 7 }, 0, "Csus4")]
    [InlineData(new[] { 4, 7, 11, 2 }, 4, "Em7")]
    public void Chord_recognizer_names_common_chords(int[] pitchClasses, int bass, string expected)
    {
        var profile = new double[12];
        foreach (int pc in pitchClasses) profile[pc] = 1;
        Assert.True(ChordRecognizer.TryRecognize(profile, bass, out var chord));
        Assert.Equal(expected, chord.ToString());
    }

    [Fact]
    public void Chord_recognizer_with_a_key_picks_a_diatonic_chord()
    {
        var profile = new double[12];
        profile[1] = 1; profile[4] = 1; // C# and E: in A major, that is A or C#m or F#m...
        Assert.True(ChordRecognizer.TryRecognize(profile, -1, new Key(9, false), out var chord));
        Assert.True(new Key(9, false).Contains(chord));
        Assert.False(ChordRecognizer.TryRecognize(new double[12], -1, out _));
    }

    [Fact]
    public void Key_estimator_finds_every_major_and_minor_key_of_its_scale()
    {
        int[] major = { 0, 2, 4, 5, 7, 9, 11 };
        int[] minor = { 0, 2, 3, 5, 7, 8, 10 };
        for (int tonic = 0; tonic < 12; tonic++)
        {
            var profile = new double[12];
            foreach (int s in major) profile[(tonic + s) % 12] += 1;
            profile[tonic] += 2; profile[(tonic + 7) % 12] += 1; profile[(tonic + 4) % 12] += 1;
            Assert.Equal(new Key(tonic, false), KeyEstimator.Estimate(profile, out _));
            profile = new double[12];
            foreach (int s in minor) profile[(tonic + s) % 12] += 1;
            profile[tonic] += 2; profile[(tonic + 7) % 12] += 1; profile[(tonic + 3) % 12] += 1;
            Assert.Equal(new Key(tonic, true), KeyEstimator.Estimate(profile, out _));
        }
    }

    [Fact]
    public void Keys_and_chords_know_their_pitch_classes()
    {
        var d = new Key(2, false);
        Assert.True(d.Contains(66));   // F#
        Assert.False(d.Contains(65));  // F
        Assert.True(d.Contains(new ChordSymbol(4, ChordQuality.Minor)));     // Em
        Assert.False(d.Contains(new ChordSymbol(4, ChordQuality.Major)));    // E (G#)
        Assert.Equal(new[] { 50, 53, 57 }, new ChordSymbol(2, ChordQuality.Minor).Voicing());
        Assert.Equal("A minor", new Key(9, true).ToString());
    }
}
