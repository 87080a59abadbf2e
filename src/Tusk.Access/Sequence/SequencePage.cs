// A sequence's storage (the page side of commands/sequence.c): block 0 of the relation holds one frozen tuple
// (last_value int8, log_cnt int8, is_called bool) on a page whose special space carries the magic 0x1717. Values
// change in place under the buffer's exclusive content lock, so concurrent nextval calls of any backends are
// serialized there and never hand out one value twice; the change is not transactional (a rolled-back nextval
// keeps its value). WAL: every logged change writes the whole tuple (SequenceXlog), and nextval logs ahead: a
// record states the value LogVals fetches further on, and the next LogVals calls change only the buffer. The
// first change after a checkpoint always logs, so recovery from that checkpoint never goes back to a value
// already handed out; a crash skips at most the values logged ahead.
// Entry points: Fill (new relation file), Read, Next (nextval's fetch), Set (setval).
using System.Runtime.CompilerServices;
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Access.Transam;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;
using Buffer = Tusk.Storage.Buffer.Buffer;

namespace Tusk.Access.Sequence;

/// <summary>The sequence's row (FormData_pg_sequence_data).</summary>
public readonly record struct SequenceData(long LastValue, long LogCnt, bool IsCalled);

/// <summary>The generation parameters of a sequence (pg_sequence), as nextval needs them.</summary>
public readonly record struct SequenceLimits(long Increment, long Min, long Max, long Cache, bool Cycle);

/// <summary>What one nextval took from the page: the value to return and the last one fetched for the cache.</summary>
public readonly record struct SequenceFetch(long Result, long Last);

public static unsafe class SequencePage
{
    /// <summary>Values logged ahead of the current one (SEQ_LOG_VALS).</summary>
    public const int LogVals = 32;

    /// <summary>The special-space marker of a sequence page (SEQ_MAGIC).</summary>
    public const uint Magic = 0x1717;

    /// <summary>The row format of a sequence relation (its pg_attribute rows say the same).</summary>
    public static readonly TupleDesc Desc = TupleDesc.Create(
        [("last_value", TypeOid.Int8, -1), ("log_cnt", TypeOid.Int8, -1), ("is_called", TypeOid.Bool, -1)],
        [true, true, true]);

    /// <summary>
    /// fill_seq_with_data: writes the first page of a new, empty sequence file and logs it. The tuple is frozen,
    /// so it is visible to every snapshot; the file itself exists only if the creating transaction commits.
    /// </summary>
    public static void Fill(RelFileLocator rel, SequenceData data, TransactionState xact)
    {
        uint xid = xact.GetCurrentTransactionId();
        var tuple = FormTuple(data);
        var buffer = BufMgr.ExtendBuffer(Smgr.Open(rel), ForkNumber.Main);
        try
        {
            if (BufMgr.GetTag(buffer).Block != 0)
            {
                throw new InvalidOperationException($"sequence file {rel} is not empty");
            }
            InitPage(BufMgr.GetPage(buffer), tuple);
            BufMgr.MarkBufferDirty(buffer);
            SequenceXlog.Log(buffer, xid);
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(buffer);
        }
    }

    /// <summary>The row as it is now (read under the exclusive lock, like read_seq_tuple).</summary>
    public static SequenceData Read(RelFileLocator rel)
    {
        var buffer = Lock(rel);
        try
        {
            return Get(BufMgr.GetPage(buffer));
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(buffer);
        }
    }

    /// <summary>
    /// nextval_internal's page step: fetches up to <c>Cache</c> values (the first is returned, the rest are for
    /// the caller's session cache), logging ahead when the logged values are used up or a checkpoint started since
    /// the last record. Past the limit: 2200H, or back to the other end with CYCLE.
    /// </summary>
    public static SequenceFetch Next(RelFileLocator rel, in SequenceLimits p, string name, TransactionState xact)
    {
        var buffer = Lock(rel);
        try
        {
            var page = BufMgr.GetPage(buffer);
            var seq = Get(page);
            long next = seq.LastValue, result = seq.LastValue, last = seq.LastValue;
            long fetch = p.Cache, log = seq.LogCnt, got = 0;
            if (!seq.IsCalled)
            {
                got = 1; // the stored value itself is handed out first
                fetch--;
            }
            bool logIt = log < fetch || !seq.IsCalled || page.Lsn <= XLog.RedoRecPtr.Value;
            if (logIt)
            {
                fetch = log = fetch + LogVals;
            }
            for (; fetch > 0; fetch--)
            {
                if (!Advance(ref next, p))
                {
                    if (got > 0)
                    {
                        break;
                    }
                    if (!p.Cycle)
                    {
                        Throw.Error(SqlState.SequenceGeneratorLimitExceeded, p.Increment > 0
                            ? $"nextval: reached maximum value of sequence \"{name}\" ({p.Max})"
                            : $"nextval: reached minimum value of sequence \"{name}\" ({p.Min})");
                    }
                    next = p.Increment > 0 ? p.Min : p.Max;
                }
                if (got < p.Cache)
                {
                    log--;
                    got++;
                    last = next;
                    if (got == 1)
                    {
                        result = next;
                    }
                }
            }
            log -= fetch; // the values that could not be fetched (limit reached) were not logged either
            if (logIt && XLog.InsertAllowed)
            {
                // The record states the row as it will be after the values logged ahead; the buffer then gets the
                // row as it is now. Nobody else sees the page in between: the exclusive lock is held throughout.
                uint xid = xact.GetCurrentTransactionId();
                Put(page, new SequenceData(next, 0, true));
                BufMgr.MarkBufferDirty(buffer);
                SequenceXlog.Log(buffer, xid);
            }
            Put(page, new SequenceData(last, log, true));
            BufMgr.MarkBufferDirty(buffer);
            return new SequenceFetch(result, last);
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(buffer);
        }
    }

    /// <summary>setval's page step: the row becomes (value, 0, isCalled), logged at once.</summary>
    public static void Set(RelFileLocator rel, long value, bool isCalled, TransactionState xact)
    {
        uint xid = xact.GetCurrentTransactionId();
        var buffer = Lock(rel);
        try
        {
            var page = BufMgr.GetPage(buffer);
            Put(page, new SequenceData(value, 0, isCalled));
            BufMgr.MarkBufferDirty(buffer);
            SequenceXlog.Log(buffer, xid);
        }
        finally
        {
            BufMgr.UnlockReleaseBuffer(buffer);
        }
    }

    /// <summary>One step of an ascending or descending sequence; false when it would pass the limit.</summary>
    static bool Advance(ref long next, in SequenceLimits p)
    {
        if (p.Increment > 0)
        {
            if ((p.Max >= 0 && next > p.Max - p.Increment) || (p.Max < 0 && next + p.Increment > p.Max))
            {
                return false;
            }
        }
        else if ((p.Min < 0 && next < p.Min - p.Increment) || (p.Min >= 0 && next + p.Increment < p.Min))
        {
            return false;
        }
        next += p.Increment;
        return true;
    }

    /// <summary>Block 0 pinned and exclusively locked, after checking it is a sequence page.</summary>
    static Buffer Lock(RelFileLocator rel)
    {
        var buffer = BufMgr.ReadBuffer(Smgr.Open(rel), ForkNumber.Main, 0);
        BufMgr.LockBuffer(buffer, LWLockMode.Exclusive);
        var page = BufMgr.GetPage(buffer);
        uint magic = page.IsNew || page.Special > BufPage.BlockSize - 4
            ? 0 : Unsafe.ReadUnaligned<uint>(page.Pointer + page.Special);
        if (magic != Magic || page.MaxOffset < 1)
        {
            BufMgr.UnlockReleaseBuffer(buffer);
            throw new PgException(SqlState.InternalError, $"bad magic number in sequence file {rel}: {magic:X8}");
        }
        return buffer;
    }

    /// <summary>The formed tuple of a row, with the frozen header every sequence tuple carries.</summary>
    internal static byte[] FormTuple(SequenceData data)
    {
        var tuple = HeapTuple.Form(Desc, [Datum.FromInt8(data.LastValue), Datum.FromInt8(data.LogCnt),
            Datum.FromBool(data.IsCalled)]);
        ref var h = ref Unsafe.As<byte, HeapTupleHeader>(ref tuple[0]);
        h.Xmin = TransactionId.Frozen;
        h.Cmin = 0;
        h.Xmax = TransactionId.Invalid;
        h.Infomask |= InfoMask.XminFrozen | InfoMask.XmaxInvalid;
        h.CtidBlock = 0;
        h.CtidOffset = 1;
        return tuple;
    }

    /// <summary>Formats a sequence page holding <paramref name="tuple"/> as item 1 (also redo's rebuild).</summary>
    internal static void InitPage(BufPage page, ReadOnlySpan<byte> tuple)
    {
        BufPage.Init(page.Pointer, sizeof(uint));
        Unsafe.WriteUnaligned(page.Pointer + page.Special, Magic);
        if (page.AddItem(tuple, 1) != 1)
        {
            throw new InvalidOperationException("failed to add the sequence tuple to its page");
        }
    }

    /// <summary>The row's fields in the page: last_value and log_cnt at the data start, is_called after them.</summary>
    static byte* Data(BufPage page)
    {
        byte* tuple = page.GetItemPointer(1);
        return tuple + tuple[HeapTupleHeader.HoffOffset];
    }

    static SequenceData Get(BufPage page)
    {
        byte* d = Data(page);
        return new SequenceData(*(long*)d, *(long*)(d + 8), d[16] != 0);
    }

    static void Put(BufPage page, SequenceData s)
    {
        byte* d = Data(page);
        *(long*)d = s.LastValue;
        *(long*)(d + 8) = s.LogCnt;
        d[16] = s.IsCalled ? (byte)1 : (byte)0;
    }
}
