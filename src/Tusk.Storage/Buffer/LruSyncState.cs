// What the background writer remembers between rounds of BufMgr.SyncLru (BgBufferSync's static variables):
// where its scan stopped, the allocation count it last saw, and the smoothed allocation rate and density of
// reusable buffers. Private to the background writer process; nothing here is shared.
namespace Tusk.Storage.Buffer;

/// <summary>The background writer's scan state (one per process that calls <see cref="BufMgr.SyncLru"/>).</summary>
public sealed class LruSyncState
{
    /// <summary>False until the first round, and after a round with the writer disabled: start at the hand.</summary>
    public bool Valid { get; set; }

    /// <summary>The next clock tick to look at (buffer = Next % NBuffers), at most one lap ahead of the hand.</summary>
    public long Next { get; set; }

    /// <summary>Freelist allocation count seen by the last round.</summary>
    public long PrevAllocs { get; set; }

    /// <summary>Smoothed buffer allocations per round.</summary>
    public double SmoothedAlloc { get; set; }

    /// <summary>Smoothed buffers scanned per reusable buffer found (starts pessimistic: one in ten).</summary>
    public double ScansPerReusable { get; set; } = 10;
}
