using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;

namespace AiCoPilot.Engine.Taste;

/// <summary>The taste as an answer's pool sees it: the taste learned when the answer began (a copy: learning meanwhile
/// does not change a choice under way), scoring each candidate by its figures on the answer's grid.</summary>
public sealed class TastePreference : ITakePreference
{
    private readonly TasteModel _taste;
    private readonly TasteGrid _grid;
    private readonly IReadOnlyList<GeneratedNote> _phrase;

    public TastePreference(TasteModel taste, TasteGrid grid, IReadOnlyList<GeneratedNote> phrase)
    {
        _taste = taste;
        _grid = grid;
        _phrase = phrase;
    }

    public double Score(Take take) => _taste.Score(TasteFeatures.Of(take, _grid, _phrase));
}
