using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>
/// The play-along protocol of docs/evaluation.md (`aicopilot playalong DIR`): each song's melody is played into a live
/// session (<see cref="PlayAlongSimulation"/>, play-along Chords, answers off) once per accompanist, and each
/// accompaniment is measured from bar 3 on (<see cref="PlayAlongMetrics"/>) beside the song's own arrangement (its
/// PIANO track, or the tracks other than the melody's). Accompanists: the model (optionally blended with nothing but
/// itself: the style model is empty in a fresh session), the corpus n-gram, and "repeat the last chord": the chord of
/// the bar just played, recognized from its melody. Besides the figures over all songs, each song's own coverage: of
/// every downbeat, and through the breaths (leaving out the downbeats the melody reaches after an interlude, a rest of
/// two bars or more: <see cref="PlayAlongMetrics.InterludeBeats"/>); the worst song's, and how many fall below
/// <see cref="SongCoverageTarget"/> through the breaths.
/// </summary>
public sealed class PlayAlongEvaluator
{
    /// <summary>Downbeats covered through the breaths, from bar 3 on, in every song (issue 28: a band plays through the
    /// singer's breath).</summary>
    public const double SongCoverageTarget = 0.95;

    /// <summary>One song's figures: its downbeats (from bar 3, bars with a melody onset), the share covered, the share
    /// covered through the breaths (those after an interlude left out), the share of its melody onsets in the chord, its
    /// rests long enough to end a phrase and its downbeats after an interlude.</summary>
    public sealed record SongFigures(string File, int Downbeats, double Coverage, double BreathCoverage, double NoteInChord, int Rests,
        int DownbeatsAfterInterludes);

    public sealed record SystemFigures(string Name, int Downbeats, double Coverage, double NoteInChord, double DistinctChordsPerSong,
        double ChordAccuracy, double LeadBeatsP1, double LeadBeatsP50, double BreathCoverage, IReadOnlyList<SongFigures> Songs)
    {
        /// <summary>The worst song's coverage of every downbeat (NaN without songs).</summary>
        public double MinSongCoverage => Songs.Count == 0 ? double.NaN : Songs.Min(s => s.Coverage);
        /// <summary>The worst song's coverage through the breaths (NaN without songs).</summary>
        public double MinSongBreathCoverage => Songs.Count == 0 ? double.NaN : Songs.Min(s => s.BreathCoverage);
        /// <summary>Songs covered through the breaths less than <see cref="SongCoverageTarget"/>.</summary>
        public int SongsBelowTarget => Songs.Count(s => s.BreathCoverage < SongCoverageTarget);
        /// <summary>Songs whose melody rests long enough to end a phrase, from bar 3 on.</summary>
        public int SongsWithRests => Songs.Count(s => s.Rests > 0);
    }

    public sealed record Report(int Songs, SystemFigures Arrangement, IReadOnlyList<SystemFigures> Systems);

    private readonly IReadOnlyList<(string Name, Func<ITokenPredictor?> Model)> _systems;

    public PlayAlongEvaluator(IReadOnlyList<(string Name, Func<ITokenPredictor?> Model)> systems) => _systems = systems;

    /// <summary>The protocol's settings: play-along Chords, answers on demand only, everything else the plug-in's defaults.</summary>
    public static LiveSettings DefaultSettings { get; } = new() { PlayAlong = new() { PlayAlong = PlayAlongMode.Chords }, Answer = new() { Trigger = AnswerTrigger.OnDemand } };

    public LiveSettings Settings { get; init; } = DefaultSettings;

    public Report Run(IReadOnlyList<string> files, Action<string>? progress = null)
    {
        var arrangement = new Accumulator("arrangement");
        var systems = _systems.Select(s => new Accumulator(s.Name)).ToList();
        int songs = 0;
        foreach (var file in files)
        {
            var song = MidiSong.Load(file);
            var extraction = LeadSheetExtractor.Extract(song, file);
            var sheet = extraction.Sheet;
            if (sheet.Melody.Count < 16 || sheet.Bars.Count < 4) continue;
            var melody = new LeadSheet();
            melody.Bars.AddRange(sheet.Bars);
            melody.Melody.AddRange(sheet.Melody);
            var labels = sheet.Chords.Count > 0 ? sheet.Chords : null;
            arrangement.Add(file, PlayAlongMetrics.Measure(melody, ArrangementNotes(song, extraction), labels), Array.Empty<double>());
            for (int i = 0; i < _systems.Count; i++)
            {
                var result = PlayAlongSimulation.Run(melody, Settings, _systems[i].Model());
                var notes = PlayAlongMetrics.Pair(result.Suggestions.Where(s => s.Role == SuggestionRole.Accompaniment).Select(s => (s.Ppq, s.NoteOn, s.Pitch)));
                systems[i].Add(file, PlayAlongMetrics.Measure(melody, notes, labels), result.LeadBeats);
            }
            songs++;
            progress?.Invoke($"{songs} songs");
        }
        return new Report(songs, arrangement.Figures(songs), systems.Select(s => s.Figures(songs)).ToList());
    }

    /// <summary>The song's accompaniment on the lead sheet's grid, in quarter notes from its first bar; a note released
    /// while its track's sustain pedal is down sounds until the pedal lifts, as a piano plays it.</summary>
    public static List<SoundingNote> ArrangementNotes(MidiSong song, LeadSheetExtraction extraction)
    {
        var tracks = song.Tracks.Where(t => t.Notes.Any(n => n.Channel != 9)).ToList();
        var piano = tracks.Where(t => t.Name.Contains("piano", StringComparison.OrdinalIgnoreCase)).ToList();
        IEnumerable<MidiTrack> chosen = piano.Count > 0 ? piano
            : tracks.OrderByDescending(t => t.Notes.Average(n => n.Pitch)).Skip(1);  // all but the highest (the melody)
        var grid = extraction.Grid;
        var notes = new List<SoundingNote>();
        foreach (var track in chosen)
        {
            var pedal = track.Controls.Where(c => c.Controller == 64).OrderBy(c => c.Tick).ToList();
            foreach (var n in track.Notes.Where(n => n.Channel != 9))
            {
                long end = n.EndTick;
                int i = pedal.FindLastIndex(c => c.Tick <= end);
                if (i >= 0 && pedal[i].Value >= 64)
                {
                    int up = pedal.FindIndex(i, c => c.Value < 64);
                    end = up >= 0 ? pedal[up].Tick : end;
                }
                notes.Add(new SoundingNote(grid.TickToStep(n.StartTick) / TokenVocabulary.StepsPerQuarter, grid.TickToStep(end) / TokenVocabulary.StepsPerQuarter, n.Pitch));
            }
        }
        return notes;
    }

    private sealed class Accumulator
    {
        private readonly string _name;
        private int _downbeats, _covered, _onsets, _inChord, _distinct, _labelled, _correct, _afterInterludes, _coveredAfterInterludes;
        private readonly List<double> _leads = new();
        private readonly List<SongFigures> _songs = new();
        public Accumulator(string name) => _name = name;

        public void Add(string file, PlayAlongMetrics m, IReadOnlyList<double> leads)
        {
            if (m.Downbeats > 0) _songs.Add(new SongFigures(file, m.Downbeats, m.Coverage, m.BreathCoverage, m.NoteInChord, m.Rests, m.DownbeatsAfterInterludes));
            _afterInterludes += m.DownbeatsAfterInterludes; _coveredAfterInterludes += m.CoveredAfterInterludes;
            _downbeats += m.Downbeats; _covered += m.DownbeatsCovered; _onsets += m.MelodyOnsets; _inChord += m.OnsetsInChord;
            _distinct += m.DistinctChords; _labelled += m.LabelledDownbeats; _correct += m.ChordsCorrect;
            _leads.AddRange(leads);
        }

        public SystemFigures Figures(int songs)
        {
            _leads.Sort();
            double P(double q) => _leads.Count == 0 ? double.NaN : _leads[(int)Math.Min(_leads.Count - 1, Math.Floor(q * _leads.Count))];
            return new SystemFigures(_name, _downbeats, _downbeats == 0 ? 0 : (double)_covered / _downbeats,
                _onsets == 0 ? 0 : (double)_inChord / _onsets, songs == 0 ? 0 : (double)_distinct / songs,
                _labelled == 0 ? double.NaN : (double)_correct / _labelled, P(0.01), P(0.5),
                _downbeats == _afterInterludes ? 1 : (double)(_covered - _coveredAfterInterludes) / (_downbeats - _afterInterludes), _songs.ToArray());
        }
    }
}
