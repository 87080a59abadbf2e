// A temporary file of rows for operators that outgrow work_mem (PG's BufFile + tuplestore/logtape in one
// simple form): rows are written in the heap row format (HeapTuple.Form with a descriptor of the row's column
// types), each prefixed by its length, through a buffered stream; read back in order after Rewind. Files live in
// base/pgsql_tmp/pgsql_tmp<pid>.<n> as PostgreSQL's do, and are deleted on Dispose (the owning node disposes them
// when its run ends, also when the query fails or is cancelled; the postmaster removes leftovers at start).
using Tusk.Access.Common;
using Tusk.Common.Types;

namespace Tusk.Executor.Nodes.Spill;

/// <summary>An append-then-read file of rows.</summary>
internal sealed class TempRowFile : IDisposable
{
    static int _counter;

    readonly TupleDesc _desc;
    readonly uint[] _types;
    readonly string _path;
    FileStream _stream;
    readonly byte[] _len = new byte[4];

    public TempRowFile(string directory, uint[] types)
    {
        _types = types;
        var cols = new (string, uint, int)[types.Length];
        for (int i = 0; i < types.Length; i++)
            cols[i] = ($"c{i}", StoredType(types[i]), -1);
        _desc = TupleDesc.Create(cols);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, $"pgsql_tmp{Environment.ProcessId}.{Interlocked.Increment(ref _counter)}");
        _stream = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536,
            FileOptions.DeleteOnClose);
    }

    /// <summary>Rows written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Bytes written so far.</summary>
    public long Bytes => _stream.Length;

    static uint StoredType(uint t) => TypeStorage.TryGet(t, out _) ? t : TypeOid.Text;

    public void Write(Datum[] row)
    {
        var values = new Datum[row.Length];
        for (int i = 0; i < row.Length; i++)
            values[i] = ToStored(row[i], _desc[i].TypeOid);
        var bytes = HeapTuple.Form(_desc, values);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_len, bytes.Length);
        _stream.Write(_len);
        _stream.Write(bytes);
        Count++;
    }

    static Datum ToStored(in Datum d, uint type)
    {
        if (d.IsNull)
            return Datum.Null(type);
        if (type == TypeOid.Char && d.Ref is string s)
            return Datum.FromInt8(s.Length == 0 ? 0 : (byte)s[0]).WithType(TypeOid.Char);
        return d.Type == type ? d : d.WithType(type);
    }

    /// <summary>Reads every row from the start (the file stays; reading again is allowed).</summary>
    public IEnumerable<Datum[]> Read()
    {
        _stream.Flush();
        _stream.Position = 0;
        var values = new Datum[_desc.Count];
        byte[] buf = new byte[256];
        while (_stream.Position < _stream.Length)
        {
            _stream.ReadExactly(_len);
            int n = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(_len);
            if (buf.Length < n)
                buf = new byte[Math.Max(n, buf.Length * 2)];
            _stream.ReadExactly(buf, 0, n);
            yield return Decode(buf.AsSpan(0, n), values);
        }
    }

    Datum[] Decode(ReadOnlySpan<byte> tuple, Datum[] values)
    {
        HeapTuple.Deform(tuple, _desc, values);
        var row = new Datum[values.Length];
        for (int i = 0; i < row.Length; i++)
        {
            var v = HeapTuple.Materialize(tuple, values[i]);
            row[i] = v.IsNull ? Datum.Null(_types[i]) : v.Type == _types[i] ? v : v.WithType(_types[i]);
        }
        return row;
    }

    /// <summary>Starts the file over (empties it) for reuse as a new run.</summary>
    public void Truncate()
    {
        _stream.SetLength(0);
        Count = 0;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>A rough in-memory footprint of a row, for work_mem accounting.</summary>
    public static long EstimateSize(Datum[] row)
    {
        long size = 48 + 32L * row.Length;
        foreach (var d in row)
        {
            switch (d.Ref)
            {
                case string s:
                    size += 24 + 2L * s.Length;
                    break;
                case byte[] b:
                    size += 24 + b.Length;
                    break;
                case null:
                    break;
                default:
                    size += 48;
                    break;
            }
        }
        return size;
    }
}
