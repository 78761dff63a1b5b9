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
/// the bar just played, recognized from its melody.
/// </summary>
public sealed class PlayAlongEvaluator
{
    public sealed record SystemFigures(string Name, int Downbeats, double Coverage, double NoteInChord, double DistinctChordsPerSong,
        double ChordAccuracy, double LeadBeatsP1, double LeadBeatsP50);

    public sealed record Report(int Songs, SystemFigures Arrangement, IReadOnlyList<SystemFigures> Systems);

    private readonly IReadOnlyList<(string Name, Func<ITokenPredictor?> Model)> _systems;

    public PlayAlongEvaluator(IReadOnlyList<(string Name, Func<ITokenPredictor?> Model)> systems) => _systems = systems;

    public LiveSettings Settings { get; init; } = new() { PlayAlong = new() { PlayAlong = PlayAlongMode.Chords }, Answer = new() { Trigger = AnswerTrigger.OnDemand } };

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
            arrangement.Add(PlayAlongMetrics.Measure(melody, ArrangementNotes(song, extraction), labels), Array.Empty<double>());
            for (int i = 0; i < _systems.Count; i++)
            {
                var result = PlayAlongSimulation.Run(melody, Settings, _systems[i].Model());
                var notes = PlayAlongMetrics.Pair(result.Suggestions.Where(s => s.Role == SuggestionRole.Accompaniment).Select(s => (s.Ppq, s.NoteOn, s.Pitch)));
                systems[i].Add(PlayAlongMetrics.Measure(melody, notes, labels), result.LeadBeats);
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
        private int _downbeats, _covered, _onsets, _inChord, _distinct, _labelled, _correct;
        private readonly List<double> _leads = new();
        public Accumulator(string name) => _name = name;

        public void Add(PlayAlongMetrics m, IReadOnlyList<double> leads)
        {
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
                _labelled == 0 ? double.NaN : (double)_correct / _labelled, P(0.01), P(0.5));
        }
    }
}
