using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Generation;

/// <summary>A whole answer through the one pipeline (plan, first take, pool, choice), as the plug-in writes it.</summary>
internal static class AnswerModelsTestExtensions
{
    public static List<Take> Compose(this AnswerModels models, LeadSheet context, int startStep, Key key, GenerationSettings settings, bool asLiveAnswer = false) =>
        new AnswerWriting(AnswerPlan.For(context, startStep, key, settings), models, asLiveAnswer).WriteAll().ToList();
}
