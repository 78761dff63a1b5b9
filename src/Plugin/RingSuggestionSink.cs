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
            Kind = s.NoteOn ? SuggestionEvent.NoteOn : SuggestionEvent.NoteOff,
            Role = RoleOf(s.Role),
            Channel = s.Role == SuggestionRole.Accompaniment ? (byte)Math.Clamp(s.Channel, 0, 15) : (byte)0,
            Pitch = (byte)Math.Clamp(s.Pitch, 0, 127),
            Velocity = (byte)Math.Clamp(s.Velocity, 0, 127),
            Take = (uint)s.Take,
            Phrase = (uint)s.Phrase,
            PhraseEndNanos = s.PhraseEndNanos,
        };
        return _ring.TryPush(record);
    }

    private static byte RoleOf(SuggestionRole role) => role switch
    {
        SuggestionRole.Answer => SuggestionEvent.RoleAnswer,
        SuggestionRole.Preview => SuggestionEvent.RolePreview,
        SuggestionRole.Accompaniment => SuggestionEvent.RoleAccompaniment,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "a suggestion role the ABI does not know"),
    };
}
