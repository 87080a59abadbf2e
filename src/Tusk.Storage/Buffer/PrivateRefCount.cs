// This process's pins (bufmgr.c's PrivateRefCount): how often this process pinned each buffer. The shared
// reference count counts a process once; these counts say when the process's last pin goes. A few slots in an
// array serve the common case (a scan pins one or two buffers at a time) without allocating; more spill into a
// dictionary. At transaction end every pin must be gone (AtEOXact checks; on error ReleaseAll drops them).
namespace Tusk.Storage.Buffer;

sealed class PrivateRefCount
{
    const int ArraySlots = 8;
    readonly int[] _ids = new int[ArraySlots];
    readonly int[] _counts = new int[ArraySlots];
    Dictionary<int, int>? _overflow;

    public PrivateRefCount() => Array.Fill(_ids, -1);

    public int Get(int bufId)
    {
        for (int i = 0; i < ArraySlots; i++)
        {
            if (_ids[i] == bufId)
            {
                return _counts[i];
            }
        }
        return _overflow is not null && _overflow.TryGetValue(bufId, out int c) ? c : 0;
    }

    /// <summary>Adds <paramref name="delta"/> to this process's count of the buffer; returns the new count.</summary>
    public int Add(int bufId, int delta)
    {
        int free = -1;
        for (int i = 0; i < ArraySlots; i++)
        {
            if (_ids[i] == bufId)
            {
                int c = _counts[i] += delta;
                if (c == 0)
                {
                    _ids[i] = -1;
                }
                return c;
            }
            if (free < 0 && _ids[i] < 0)
            {
                free = i;
            }
        }
        if (_overflow is not null && _overflow.TryGetValue(bufId, out int old))
        {
            int c = old + delta;
            if (c == 0)
            {
                _overflow.Remove(bufId);
            }
            else
            {
                _overflow[bufId] = c;
            }
            return c;
        }
        if (delta <= 0)
        {
            throw new InvalidOperationException($"buffer {bufId} is not pinned by this process");
        }
        if (free >= 0)
        {
            _ids[free] = bufId;
            _counts[free] = delta;
        }
        else
        {
            (_overflow ??= [])[bufId] = delta;
        }
        return delta;
    }

    /// <summary>Every buffer this process pins, with its count.</summary>
    public List<(int BufId, int Count)> All()
    {
        var all = new List<(int, int)>();
        for (int i = 0; i < ArraySlots; i++)
        {
            if (_ids[i] >= 0)
            {
                all.Add((_ids[i], _counts[i]));
            }
        }
        if (_overflow is not null)
        {
            all.AddRange(_overflow.Select(kv => (kv.Key, kv.Value)));
        }
        return all;
    }
}
