using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>Sends the session's suggestions into the native ring the audio thread reads.</summary>
internal sealed class RingSuggestionSink : ISuggestionSink
{
    private readonly NativeRing<SuggestionEvent> _ring;

    public RingSuggestionSink(NativeRing<SuggestionEvent> ring) { _ring = ring; }

    public bool TryEmit(in Suggestion s)
    {
        var record = new SuggestionEvent
        {
            Ppq = s.Ppq,
            Generation = s.Generation,
            Kind = s.Role == SuggestionRole.Preview ? (s.NoteOn ? SuggestionEvent.PreviewOn : SuggestionEvent.PreviewOff) : (s.NoteOn ? SuggestionEvent.NoteOn : SuggestionEvent.NoteOff),
            Channel = s.Role == SuggestionRole.Accompaniment ? (byte)Math.Clamp(s.Channel, 0, 15) : SuggestionEvent.OutputChannelParameter,
            Pitch = (byte)Math.Clamp(s.Pitch, 0, 127),
            Velocity = (byte)Math.Clamp(s.Velocity, 0, 127),
            Take = (uint)s.Take,
            Phrase = (uint)s.Phrase,
            PhraseEndNanos = s.PhraseEndNanos,
        };
        return _ring.TryPush(record);
    }
}
