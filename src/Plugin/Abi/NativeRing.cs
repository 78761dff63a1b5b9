using System.Runtime.CompilerServices;

namespace AiCoPilot.Plugin.Abi;

/// <summary>
/// The C# side of a single-producer/single-consumer ring in native memory (layout in aicopilot_engine_abi.h).
/// Own index read plain, the other side's with Volatile.Read (acquire), publish with Volatile.Write (release)
/// after the record is written: the same protocol as the C++ side.
/// </summary>
public readonly unsafe struct NativeRing<T> where T : unmanaged
{
    private readonly RingHeader* _header;
    private readonly T* _records;

    public NativeRing(RingHeader* header, T* records)
    {
        _header = header;
        _records = records;
    }

    public bool IsValid => _header != null && _records != null && _header->Capacity > 0 &&
                           (_header->Capacity & (_header->Capacity - 1)) == 0 && _header->RecordSize == (uint)sizeof(T);

    public bool TryPush(in T record)
    {
        ulong write = _header->WriteIndex;
        ulong capacity = _header->Capacity;
        if (write - _header->ReadIndexCache >= capacity)
        {
            _header->ReadIndexCache = Volatile.Read(ref _header->ReadIndex);
            if (write - _header->ReadIndexCache >= capacity)
            {
                _header->OverflowCount++;
                return false;
            }
        }
        _records[write & (capacity - 1)] = record;
        Volatile.Write(ref _header->WriteIndex, write + 1);
        return true;
    }

    public bool TryPop(out T record)
    {
        ulong read = _header->ReadIndex;
        if (read == _header->WriteIndexCache)
        {
            _header->WriteIndexCache = Volatile.Read(ref _header->WriteIndex);
            if (read == _header->WriteIndexCache)
            {
                Unsafe.SkipInit(out record);
                return false;
            }
        }
        record = _records[read & (_header->Capacity - 1)];
        Volatile.Write(ref _header->ReadIndex, read + 1);
        return true;
    }
}
