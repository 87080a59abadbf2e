// WAL reader (xlogreader.c XLogReadRecord, XLogReaderValidatePageHeader): reads records one after another from
// the segment files, from a given record start, across page and segment boundaries. It stops, returning false,
// at the end of valid WAL: a missing segment file, a page whose header is not the one this position must have
// (wrong magic, timeline or page address: a page left from an older cycle of a reused file), a zero or
// impossible record length, a continuation page that does not continue this record, a bad CRC, or a record
// whose prev-link is not the record read before it (a complete, intact record left over from an older cycle).
// Records are returned as views over the reader's buffers, valid until the next ReadRecord.
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Tusk.Storage.Transam;

/// <summary>
/// Sequential WAL reader for redo. Entry points: <see cref="BeginRead"/>, <see cref="ReadRecord"/>,
/// <see cref="ReadRecPtr"/>, <see cref="EndRecPtr"/>, <see cref="EndReason"/>.
/// </summary>
public sealed class XLogReader : IDisposable
{
    readonly string _walDir;
    readonly int _segmentSize;
    readonly uint _timeline;
    readonly byte[] _page = new byte[XLogConstants.PageSize];
    byte[] _record = new byte[XLogConstants.PageSize];
    ulong _pageLoaded = ulong.MaxValue;
    SafeFileHandle? _file;
    ulong _fileSegment;
    Lsn _next;
    Lsn _expectedPrev;

    public XLogReader(string walDirectory, int segmentSize = XLogConstants.DefaultSegmentSize,
        uint timeline = XLogConstants.DefaultTimeline)
    {
        if (!XLogConstants.IsValidSegmentSize(segmentSize))
            throw new ArgumentOutOfRangeException(nameof(segmentSize));
        _walDir = walDirectory;
        _segmentSize = segmentSize;
        _timeline = timeline;
    }

    /// <summary>Start of the last record returned.</summary>
    public Lsn ReadRecPtr { get; private set; }

    /// <summary>End of the last record returned: after the last ReadRecord, the end of valid WAL.</summary>
    public Lsn EndRecPtr { get; private set; }

    /// <summary>Why the last ReadRecord returned false.</summary>
    public string? EndReason { get; private set; }

    /// <summary>
    /// Positions the reader at the record starting at <paramref name="start"/>. <paramref name="prev"/>: the
    /// start of the record before it, which that record's prev-link must name; invalid to skip that check for
    /// the first record (as for the first record of a new cluster, whose prev-link is invalid).
    /// </summary>
    public void BeginRead(Lsn start, Lsn prev = default)
    {
        if (start.PageOffset < XLogConstants.PageHeaderSize
            || (XLogConstants.RecPtrToBytePos(start) % XLogConstants.RecordAlign) != 0)
            throw new ArgumentOutOfRangeException(nameof(start), $"{start} cannot be the start of a record");
        _next = start;
        _expectedPrev = prev;
        _pageLoaded = ulong.MaxValue;
        ReadRecPtr = Lsn.Invalid;
        EndRecPtr = start;
        EndReason = null;
    }

    /// <summary>Reads the next record; false at the end of valid WAL (see <see cref="EndReason"/>).</summary>
    public bool ReadRecord(out DecodedRecord record)
    {
        record = default;
        Lsn recPtr = _next;
        ulong pageStart = recPtr.Value - (ulong)recPtr.PageOffset;
        if (!LoadPage(pageStart))
            return false;
        if (recPtr.PageOffset == XLogConstants.PageHeaderSize && (PageFlags & XLogPageFlags.FirstIsContinuation) != 0)
            return End($"record expected at {recPtr}, but the page starts with a continuation record");
        int offset = recPtr.PageOffset;
        uint total = BinaryPrimitives.ReadUInt32LittleEndian(_page.AsSpan(offset));
        if (total == 0)
            return End($"invalid record length at {recPtr}: expected at least {XLogRecord.HeaderSize}, got 0");
        if (total < XLogRecord.HeaderSize || total > XLogRecord.MaxRecordLength)
            return End($"invalid record length at {recPtr}: {total}");
        ReadOnlySpan<byte> bytes;
        Lsn end;
        int onPage = XLogConstants.PageSize - offset;
        if (total <= onPage)
        {
            bytes = _page.AsSpan(offset, (int)total);
            end = recPtr + total;
        }
        else if (!Assemble(recPtr, (int)total, out end))
            return false;
        else
            bytes = _record.AsSpan(0, (int)total);
        var error = DecodedRecord.TryDecode(bytes, out record);
        if (error != XLogDecodeError.None)
            return End($"invalid record at {recPtr}: {error}");
        if (_expectedPrev.IsValid && record.Prev != _expectedPrev)
            return End($"record with incorrect prev-link {record.Prev} at {recPtr}, expected {_expectedPrev}");
        record.ReadRecPtr = recPtr;
        record.EndRecPtr = end;
        ReadRecPtr = recPtr;
        EndRecPtr = end;
        _expectedPrev = recPtr;
        _next = XLogConstants.NextRecordStart(end);
        return true;
    }

    // Copies a record that continues over later pages into _record, checking each continuation page.
    bool Assemble(Lsn recPtr, int total, out Lsn end)
    {
        end = Lsn.Invalid;
        if (_record.Length < total)
            _record = new byte[Math.Max(total, _record.Length * 2)];
        int offset = recPtr.PageOffset;
        int got = XLogConstants.PageSize - offset;
        _page.AsSpan(offset, got).CopyTo(_record);
        ulong pageStart = recPtr.Value - (ulong)offset;
        while (got < total)
        {
            pageStart += XLogConstants.PageSize;
            if (!LoadPage(pageStart))
                return false;
            uint remaining = BinaryPrimitives.ReadUInt32LittleEndian(_page.AsSpan(16));
            if ((PageFlags & XLogPageFlags.FirstIsContinuation) == 0 || remaining != (uint)(total - got))
                return End($"record at {recPtr} is not continued on page {new Lsn(pageStart)} (remaining length {remaining}, expected {total - got})");
            int chunk = Math.Min(total - got, XLogConstants.UsableBytesInPage);
            _page.AsSpan(XLogConstants.PageHeaderSize, chunk).CopyTo(_record.AsSpan(got));
            got += chunk;
            end = new Lsn(pageStart + XLogConstants.PageHeaderSize + (ulong)chunk);
        }
        return true;
    }

    XLogPageFlags PageFlags => (XLogPageFlags)BinaryPrimitives.ReadUInt16LittleEndian(_page.AsSpan(2));

    // Reads the page at pageStart into _page and validates its header.
    bool LoadPage(ulong pageStart)
    {
        if (_pageLoaded == pageStart)
            return true;
        _pageLoaded = ulong.MaxValue;
        var lsn = new Lsn(pageStart);
        ulong segment = lsn.Segment(_segmentSize);
        if (_file == null || _fileSegment != segment)
        {
            _file?.Dispose();
            _file = null;
            string path = Path.Combine(_walDir, XLogConstants.SegmentFileName(_timeline, segment, _segmentSize));
            try
            {
                _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (FileNotFoundException)
            {
                return End($"WAL segment {Path.GetFileName(path)} does not exist");
            }
            _fileSegment = segment;
        }
        int got = 0;
        while (got < _page.Length)
        {
            int n = RandomAccess.Read(_file, _page.AsSpan(got), lsn.SegmentOffset(_segmentSize) + got);
            if (n <= 0)
                return End($"WAL segment ends before page {lsn}");
            got += n;
        }
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(_page);
        uint timeline = BinaryPrimitives.ReadUInt32LittleEndian(_page.AsSpan(4));
        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(_page.AsSpan(8));
        if (magic != XLogConstants.PageMagic)
            return End($"invalid magic number {magic:X4} in WAL page {lsn}");
        if (address != pageStart)
            return End($"unexpected page address {new Lsn(address)} in WAL page {lsn}");
        if (timeline != _timeline)
            return End($"unexpected timeline {timeline} in WAL page {lsn}");
        _pageLoaded = pageStart;
        return true;
    }

    bool End(string reason)
    {
        EndReason = reason;
        return false;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
