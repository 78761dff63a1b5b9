using System.Collections.Concurrent;
using AiCoPilot.Engine.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Engine.Models.Neural;

/// <summary>
/// The compact music transformer as an ONNX Runtime session (one per model file and process, shared by every
/// plug-in instance: sessions are safe to run from several threads). The file describes itself in its metadata;
/// a file for another vocabulary, spec version or shape is refused with a <see cref="ModelContractException"/>.
/// Graph contract, model version 4 (training/export.py): inputs input_ids [B, T] int64, prefix_length [B] and past_length
/// [B] int64, per layer prefix_key_i / prefix_value_i [1, H, P, Dh] (a prefix the rows share, a pool's prompt: row b
/// sees its first prefix_length[b] positions) and past_key_i / past_value_i [B, H, S, Dh] (each row's own cache after
/// the prefix, masked from past_length[b] on), all only read; outputs logits [B, T, V] and new_key_i / new_value_i
/// [B, H, T, Dh], the keys and values of the new positions for the runner to store. P and S are the runner's.
/// <see cref="NeuralPredictor"/> runs it with B = 1 and no prefix, <see cref="NeuralBatch"/> with a pool.
/// </summary>
public sealed class NeuralModel : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<NeuralModel>> Shared = new();

    private NeuralModel(InferenceSession session, IReadOnlyDictionary<string, string> metadata, string path)
    {
        Session = session;
        Metadata = metadata;
        Path = path;
        Context = Int(metadata, "context_length");
        Layers = Int(metadata, "n_layer");
        Heads = Int(metadata, "n_head");
        int dModel = Int(metadata, "d_model");
        if (Context < 8 || Layers < 1 || Heads < 1 || dModel % Heads != 0)
            throw new ModelContractException("context_length", $"model shape is not usable (context {Context}, layers {Layers}, heads {Heads}, d_model {dModel})");
        HeadDim = dModel / Heads;
        ParameterCount = metadata.TryGetValue("parameter_count", out var p) && long.TryParse(p, out long n) ? n : 0;
        foreach (string name in new[] { "input_ids", "prefix_length", "past_length" }.Concat(Enumerable.Range(0, Layers).SelectMany(i => new[] { $"prefix_key_{i}", $"prefix_value_{i}", $"past_key_{i}", $"past_value_{i}" })))
            if (!session.InputMetadata.ContainsKey(name)) throw new ModelContractException(name, $"model has no input '{name}'");
        if (!metadata.TryGetValue("aicopilot_model_version", out var version) || version != SupportedVersion)
            throw new ModelContractException("aicopilot_model_version", $"model version {version ?? "(none)"} is not the one this build runs ({SupportedVersion}): export it again with training/export.py");
        foreach (string name in new[] { "logits" }.Concat(Enumerable.Range(0, Layers).SelectMany(i => new[] { $"new_key_{i}", $"new_value_{i}" })))
            if (!session.OutputMetadata.ContainsKey(name)) throw new ModelContractException(name, $"model has no output '{name}'");
    }

    /// <summary>The graph form this build runs (version 1 returned the whole cache every step; version 2 had a batch of
    /// one; version 3 had no shared prefix, so a step of 16 rows read the whole context of each).</summary>
    public const string SupportedVersion = "4";

    public InferenceSession Session { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public string Path { get; }
    public int Context { get; }
    public int Layers { get; }
    public int Heads { get; }
    public int HeadDim { get; }
    public long ParameterCount { get; }
    public int VocabularySize => TokenVocabulary.Size;

    /// <summary>The process-wide session for a model file, loaded (and warmed up) on first use.</summary>
    public static NeuralModel LoadShared(string path)
    {
        string key = System.IO.Path.GetFullPath(path);
        var lazy = Shared.GetOrAdd(key, k => new Lazy<NeuralModel>(() => Load(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Shared.TryRemove(key, out _);  // a failed load may be retried (the file may be replaced)
            throw;
        }
    }

    /// <summary>Loads a model with one intra-op thread (the engine thread is the only one that runs it).</summary>
    public static NeuralModel Load(string path)
    {
        if (!File.Exists(path)) throw new ModelContractException("file", $"model file not found: {path}");
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelContractException("file", $"model file is not a readable ONNX model: {e.Message}", e);
        }
        try
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            Check(metadata, "vocab_hash", TokenVocabulary.Hash);
            Check(metadata, "token_spec_version", TokenVocabulary.SpecVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Check(metadata, "vocab_size", TokenVocabulary.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var model = new NeuralModel(session, new Dictionary<string, string>(metadata), path);
            using (var warmup = new NeuralPredictor(model)) warmup.Prime(new[] { TokenVocabulary.Bos, TokenVocabulary.Bar });
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static void Check(IReadOnlyDictionary<string, string> metadata, string key, string expected)
    {
        if (!metadata.TryGetValue(key, out string? actual))
            throw new ModelContractException(key, $"model metadata lacks '{key}': not an AiCoPilot model");
        if (actual != expected)
            throw new ModelContractException(key, $"model was made for {key} {actual}; this build needs {expected}");
    }

    private static int Int(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && int.TryParse(text, out int v)
            ? v : throw new ModelContractException(key, $"model metadata lacks a number '{key}'");

    public void Dispose() => Session.Dispose();
}
