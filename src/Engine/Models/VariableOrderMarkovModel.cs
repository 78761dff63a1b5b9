using System.Numerics.Tensors;
using System.Text;

namespace AiCoPilot.Engine.Models;

/// <summary>
/// A variable-order Markov model over token ids, in the manner of Pachet's Continuator: a suffix trie of contexts up
/// to <see cref="MaxOrder"/> tokens, each node counting the tokens that followed it. Learning one token touches at
/// most MaxOrder + 1 nodes, whatever the history length. Prediction interpolates from the empty context up to the
/// longest matching one: P_d(x) = (c_d(x) + e·T_d·P_{d-1}(x)) / (N_d + e·T_d), where N_d is the node's count, T_d its
/// number of distinct followers and e the escape weight (1 is Witten-Bell smoothing, as used by the corpus n-gram
/// baseline; a small e trusts the longest context, as the player-style model does).
/// </summary>
public sealed class VariableOrderMarkovModel
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "AICM"u8.ToArray();

    private int _nodeCount;
    private int[] _total = new int[64];
    private int[] _distinct = new int[64];
    private int[] _firstEntry = new int[64];
    private int[] _parent = new int[64];
    private int[] _contextToken = new int[64];

    private int _entryCount;
    private int[] _entryToken = new int[256];
    private int[] _entryCountOf = new int[256];
    private int[] _entryNext = new int[256];

    private readonly Dictionary<long, int> _children = new();
    // (node, token) -> entry: O(1) counting however many followers a context has (the root has up to the vocabulary).
    private readonly Dictionary<long, int> _entryIndex = new();
    // Follower entries learned at most (twice the contexts): with MaxNodes it bounds the model's memory.
    private int _maxEntries;
    private readonly int[] _history;
    private int _historyLength;
    private int _historyHead;

    public VariableOrderMarkovModel(int vocabularySize, int maxOrder, float escape, string vocabularyHash, int maxNodes = 4_000_000)
    {
        if (vocabularySize is < 2 or > 65535) throw new ArgumentOutOfRangeException(nameof(vocabularySize));
        if (maxOrder is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(maxOrder));
        if (!(escape > 0) || float.IsInfinity(escape)) throw new ArgumentOutOfRangeException(nameof(escape));
        VocabularySize = vocabularySize;
        MaxOrder = maxOrder;
        Escape = escape;
        VocabularyHash = vocabularyHash;
        MaxNodes = Math.Max(1, maxNodes);
        _maxEntries = (int)Math.Min(int.MaxValue, 2L * MaxNodes);
        _history = new int[Math.Max(1, maxOrder)];
        NewNode(-1, -1); // root: the empty context
    }

    public int VocabularySize { get; }
    public int MaxOrder { get; }
    public float Escape { get; }
    public string VocabularyHash { get; }

    /// <summary>Beyond this many contexts no new ones are created (existing ones keep learning): bounds memory and state size.</summary>
    public int MaxNodes { get; }
    public int NodeCount => _nodeCount;
    public long TokensObserved => _total[0];

    /// <summary>Follower counts learned so far, and at most (<see cref="MaxNodes"/> twice over).</summary>
    public int FollowerCount => _entryCount;
    public int MaxFollowers => _maxEntries;

    /// <summary>Managed memory the model holds, in bytes (arrays as allocated, hash tables by capacity): an estimate.</summary>
    public long ApproximateBytes =>
        4L * (_total.Length + _distinct.Length + _firstEntry.Length + _parent.Length + _contextToken.Length) +
        4L * (_entryToken.Length + _entryCountOf.Length + _entryNext.Length) +
        28L * (_children.EnsureCapacity(0) + _entryIndex.EnsureCapacity(0));

    /// <summary>
    /// The part of <see cref="ApproximateBytes"/> that learned contents fill, in bytes. Arrays grow by doubling and the
    /// operating system backs a page only once it is written, so resident memory follows this figure, which keeps
    /// growing after the arrays stop (new followers of known contexts) until both limits are reached.
    /// </summary>
    public long UsedBytes =>
        20L * _nodeCount + 12L * _entryCount +
        24L * (_children.Count + _entryIndex.Count) +         // hash table entries: key, value, hash, next
        4L * (_children.EnsureCapacity(0) + _entryIndex.EnsureCapacity(0));  // buckets: written all over

    /// <summary>Forgets the recent history (not what was learned): call it at a song or phrase boundary.</summary>
    public void ResetHistory() { _historyLength = 0; _historyHead = 0; }

    /// <summary>Learns one token following the current history, then appends it to the history.</summary>
    public void Observe(int token)
    {
        if ((uint)token >= (uint)VocabularySize) throw new ArgumentOutOfRangeException(nameof(token));
        int node = 0;
        Increment(node, token, bounded: true);
        for (int depth = 1; depth <= _historyLength; depth++)
        {
            int contextToken = HistoryBack(depth);
            long key = ((long)node << 16) | (uint)contextToken;
            if (!_children.TryGetValue(key, out int child))
            {
                if (_nodeCount >= MaxNodes) break;
                child = NewNode(node, contextToken);
                _children[key] = child;
            }
            node = child;
            Increment(node, token, bounded: true);
        }
        if (MaxOrder == 0) return;
        _history[_historyHead] = token;
        _historyHead = (_historyHead + 1) % _history.Length;
        if (_historyLength < MaxOrder) _historyLength++;
    }

    /// <summary>Appends a token to the history without learning it (to rebuild a context).</summary>
    public void ObserveHistoryOnly(int token)
    {
        if (MaxOrder == 0 || (uint)token >= (uint)VocabularySize) return;
        _history[_historyHead] = token;
        _historyHead = (_historyHead + 1) % _history.Length;
        if (_historyLength < MaxOrder) _historyLength++;
    }

    /// <summary>Learns a whole sequence from an empty history.</summary>
    public void Train(ReadOnlySpan<int> tokens)
    {
        ResetHistory();
        foreach (int t in tokens) Observe(t);
        ResetHistory();
    }

    private int HistoryBack(int depth) => _history[(_historyHead - depth + _history.Length * 2) % _history.Length];

    /// <summary>
    /// Next-token probabilities after <paramref name="context"/> (oldest first; only the last MaxOrder tokens matter).
    /// Returns the length of the longest context of it that the model has seen. Allocates nothing.
    /// </summary>
    public int Predict(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (probabilities.Length < VocabularySize) throw new ArgumentException("buffer smaller than the vocabulary", nameof(probabilities));
        var probs = probabilities[..VocabularySize];
        probs.Fill(1f / VocabularySize);
        int node = 0;
        int depth = 0;
        while (true)
        {
            int n = _total[node];
            if (n > 0)
            {
                float denominator = n + Escape * _distinct[node];
                TensorPrimitives.Multiply(probs, Escape * _distinct[node] / denominator, probs);
                for (int e = _firstEntry[node]; e >= 0; e = _entryNext[e])
                    probs[_entryToken[e]] += _entryCountOf[e] / denominator;
            }
            if (depth >= MaxOrder || depth >= context.Length) break;
            int contextToken = context[context.Length - 1 - depth];
            if (!_children.TryGetValue(((long)node << 16) | (uint)contextToken, out int child)) break;
            node = child;
            depth++;
        }
        return depth;
    }

    private int NewNode(int parent, int contextToken)
    {
        if (_nodeCount == _total.Length)
        {
            int size = _total.Length * 2;
            Array.Resize(ref _total, size);
            Array.Resize(ref _distinct, size);
            Array.Resize(ref _firstEntry, size);
            Array.Resize(ref _parent, size);
            Array.Resize(ref _contextToken, size);
        }
        int id = _nodeCount++;
        _total[id] = 0;
        _distinct[id] = 0;
        _firstEntry[id] = -1;
        _parent[id] = parent;
        _contextToken[id] = contextToken;
        return id;
    }

    // Counts token after the context node. Bounded (learning): beyond the entry limit a context other than the root
    // does not learn a new follower at all, so each context's total stays the sum of its followers.
    private void Increment(int node, int token, int by = 1, bool bounded = false)
    {
        long key = ((long)node << 16) | (uint)token;
        if (_entryIndex.TryGetValue(key, out int existing))
        {
            _total[node] += by;
            _entryCountOf[existing] += by;
            return;
        }
        if (bounded && node != 0 && _entryCount >= _maxEntries) return;  // the root is bounded by the vocabulary
        _total[node] += by;
        if (_entryCount == _entryToken.Length)
        {
            int size = _entryToken.Length * 2;
            Array.Resize(ref _entryToken, size);
            Array.Resize(ref _entryCountOf, size);
            Array.Resize(ref _entryNext, size);
        }
        int id = _entryCount++;
        _entryToken[id] = token;
        _entryCountOf[id] = by;
        _entryNext[id] = _firstEntry[node];
        _firstEntry[node] = id;
        _distinct[node]++;
        _entryIndex[key] = id;
    }

    /// <summary>
    /// Saves the model: magic, format version, vocabulary hash and size, order, escape, then each context node and its
    /// follower counts as variable-length integers, then an FNV-1a 64 checksum of everything before it.
    /// </summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((ushort)FormatVersion);
            w.Write(VocabularyHash);
            w.Write7BitEncodedInt(VocabularySize);
            w.Write7BitEncodedInt(MaxOrder);
            w.Write(Escape);
            w.Write7BitEncodedInt(MaxNodes);
            w.Write7BitEncodedInt(_nodeCount);
            for (int node = 1; node < _nodeCount; node++)
            {
                w.Write7BitEncodedInt(_parent[node]);
                w.Write7BitEncodedInt(_contextToken[node]);
            }
            var order = new List<int>();
            for (int node = 0; node < _nodeCount; node++)
            {
                w.Write7BitEncodedInt(_distinct[node]);
                // Entries are kept newest first; write them oldest first so a reload rebuilds the same lists.
                order.Clear();
                for (int e = _firstEntry[node]; e >= 0; e = _entryNext[e]) order.Add(e);
                for (int i = order.Count - 1; i >= 0; i--)
                {
                    w.Write7BitEncodedInt(_entryToken[order[i]]);
                    w.Write7BitEncodedInt(_entryCountOf[order[i]]);
                }
            }
        }
        ulong checksum = Fnv1a64(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        stream.Write(BitConverter.GetBytes(checksum));
        return stream.ToArray();
    }

    /// <summary>Loads a saved model; any damage, a future version or another vocabulary throws <see cref="MarkovModelFormatException"/>.</summary>
    public static VariableOrderMarkovModel FromBytes(ReadOnlySpan<byte> data, string expectedVocabularyHash)
    {
        if (data.Length < Magic.Length + 2 + 8) throw new MarkovModelFormatException($"model data is {data.Length} bytes: too short");
        if (!data[..Magic.Length].SequenceEqual(Magic)) throw new MarkovModelFormatException("not an AiCoPilot Markov model (bad magic)");
        ulong stored = BitConverter.ToUInt64(data[^8..]);
        if (stored != Fnv1a64(data[..^8])) throw new MarkovModelFormatException("model data is damaged (checksum mismatch)");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data[..^8].ToArray()), Encoding.UTF8);
            reader.ReadBytes(Magic.Length);
            int version = reader.ReadUInt16();
            if (version != FormatVersion)
                throw new MarkovModelFormatException($"model format version {version} is not supported (this build reads {FormatVersion})");
            string hash = reader.ReadString();
            if (hash != expectedVocabularyHash)
                throw new MarkovModelFormatException($"model was built for vocabulary {hash}, this build uses {expectedVocabularyHash}");
            int vocabulary = reader.Read7BitEncodedInt();
            int order = reader.Read7BitEncodedInt();
            float escape = reader.ReadSingle();
            int maxNodes = reader.Read7BitEncodedInt();
            int nodeCount = reader.Read7BitEncodedInt();
            long remaining = reader.BaseStream.Length - reader.BaseStream.Position;
            // Each non-root node takes at least 2 bytes, so a count beyond that is a lie; check before allocating.
            if (nodeCount < 1 || nodeCount - 1 > remaining / 2)
                throw new MarkovModelFormatException($"model declares {nodeCount} contexts, impossible for its size");
            var model = new VariableOrderMarkovModel(vocabulary, order, escape, hash, Math.Max(maxNodes, nodeCount));
            for (int node = 1; node < nodeCount; node++)
            {
                int parent = reader.Read7BitEncodedInt();
                int token = reader.Read7BitEncodedInt();
                if (parent < 0 || parent >= node || (uint)token >= (uint)vocabulary)
                    throw new MarkovModelFormatException($"context {node} has an invalid parent or token");
                int id = model.NewNode(parent, token);
                if (!model._children.TryAdd(((long)parent << 16) | (uint)token, id))
                    throw new MarkovModelFormatException($"context {node} is duplicated");
            }
            for (int node = 0; node < nodeCount; node++)
            {
                int distinct = reader.Read7BitEncodedInt();
                if (distinct < 0 || distinct > vocabulary) throw new MarkovModelFormatException($"context {node} lists {distinct} followers");
                for (int i = 0; i < distinct; i++)
                {
                    int token = reader.Read7BitEncodedInt();
                    int count = reader.Read7BitEncodedInt();
                    if ((uint)token >= (uint)vocabulary || count <= 0)
                        throw new MarkovModelFormatException($"context {node} has an invalid follower");
                    model.Increment(node, token, count);
                }
            }
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new MarkovModelFormatException("model data has trailing bytes");
            model._maxEntries = Math.Max(model._maxEntries, model._entryCount);
            return model;
        }
        catch (EndOfStreamException)
        {
            throw new MarkovModelFormatException("model data ends early");
        }
        catch (FormatException e)
        {
            throw new MarkovModelFormatException($"model data is malformed: {e.Message}");
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MarkovModelFormatException($"model settings are out of range: {e.ParamName}");
        }
    }

    internal static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data) { hash ^= b; hash *= 1099511628211UL; }
        return hash;
    }
}
