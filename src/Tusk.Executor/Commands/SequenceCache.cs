// One session's sequence state (sequence.c's SeqTable and last_used_seq): for each sequence the session used, the
// value nextval last returned (currval), the values fetched ahead for CACHE > 1 that only this session hands out,
// and which sequence lastval reports. The state outlives transactions (nextval is not transactional); DISCARD
// SEQUENCES and DISCARD ALL forget it. Each entry also keeps the sequence's pg_sequence parameters, read again
// whenever the catalog cache hands out a new descriptor for it (after any catalog change the session learns of),
// and forgets its fetched-ahead values when the sequence got a new file (ALTER SEQUENCE, TRUNCATE ... RESTART
// IDENTITY). Used by SequenceCommands only. Entry points: Discard.
using Tusk.Catalog;

namespace Tusk.Executor.Commands;

/// <summary>The per-session sequence state.</summary>
public sealed class SequenceCache
{
    internal sealed class Entry(uint relId)
    {
        public uint RelId { get; } = relId;

        /// <summary>The descriptor <see cref="Form"/> was read with.</summary>
        public Relation? Rel { get; set; }

        public SequenceForm Form { get; set; }

        /// <summary>The relfilenode the fetched-ahead values came from.</summary>
        public uint FileNode { get; set; }

        /// <summary>Whether <see cref="Last"/> holds a value (currval is defined).</summary>
        public bool LastValid { get; set; }

        /// <summary>The value nextval (or setval with is_called) last gave this session.</summary>
        public long Last { get; set; }

        /// <summary>The last value fetched ahead; values after Last up to it are this session's to hand out.</summary>
        public long Cached { get; set; }

        /// <summary>The increment the fetched-ahead values follow.</summary>
        public long Increment { get; set; }
    }

    readonly Dictionary<uint, Entry> _entries = [];

    /// <summary>The sequence nextval last used (lastval), or null.</summary>
    internal Entry? LastUsed { get; set; }

    internal Entry Get(uint relId)
    {
        if (!_entries.TryGetValue(relId, out var e))
            _entries[relId] = e = new Entry(relId);
        return e;
    }

    /// <summary>DISCARD SEQUENCES: forgets currval, lastval and every value fetched ahead.</summary>
    public void Discard()
    {
        _entries.Clear();
        LastUsed = null;
    }
}
