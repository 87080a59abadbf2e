// COPY over the protocol and server-side files (copy.c DoCopy + the frontend/backend COPY sub-protocol):
// FROM STDIN answers CopyInResponse and reads CopyData until CopyDone (CopyFail aborts with 57014; Flush and
// Sync are ignored meanwhile; anything else is a protocol violation); TO STDOUT sends CopyOutResponse, one
// CopyData per row, CopyDone. A file name reads or writes a file of the server (superusers only, as without
// pg_read_server_files/pg_write_server_files); PROGRAM is not supported. The tag is "COPY n".
using Tusk.Backend.Libpq;
using Tusk.Common.Errors;
using Tusk.Executor.Commands;
using Tusk.Sql.Nodes;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    string ExecCopy(CopyStmt s)
    {
        if (s.IsProgram)
            Throw.Error(SqlState.FeatureNotSupported, "COPY ... PROGRAM is not supported");
        if (s.Filename != null && !IsSuperuser)
            Throw.Error(SqlState.InsufficientPrivilege, s.IsFrom
                    ? "must be superuser or have privileges of the pg_read_server_files role to COPY from a file"
                    : "must be superuser or have privileges of the pg_write_server_files role to COPY to a file",
                hint: "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.");
        if (s.IsFrom)
        {
            var copy = new CopyFrom(s, this);
            if (s.Filename != null)
                CopyFromFile(copy, s.Filename);
            else
                CopyFromClient(copy);
            return "COPY " + copy.Finish();
        }
        var to = new CopyTo(s, this);
        if (s.Filename != null)
        {
            if (!Path.IsPathRooted(s.Filename))
                Throw.Error(SqlState.InvalidParameterValue, "relative path not allowed for COPY to file");
            using var file = OpenServerFile(s.Filename, write: true);
            using var writer = new StreamWriter(file);
            foreach (var line in to.Lines())
                writer.Write(line);
        }
        else
        {
            BackendMessages.CopyResponse(Comm, copyIn: false, to.ColumnCount);
            foreach (var line in to.Lines())
                BackendMessages.CopyData(Comm, line);
            BackendMessages.CopyDone(Comm);
        }
        return "COPY " + to.Rows;
    }

    static FileStream OpenServerFile(string path, bool write)
    {
        try
        {
            return write ? new FileStream(path, FileMode.Create, FileAccess.Write) : File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Throw.Error<FileStream>(e is FileNotFoundException or DirectoryNotFoundException ? "58P01" : SqlState.IoError,
                write ? $"could not open file \"{path}\" for writing: {Reason(e)}"
                    : $"could not open file \"{path}\" for reading: {Reason(e)}",
                hint: write ? null : "COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.");
        }
    }

    static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };

    static void CopyFromFile(CopyFrom copy, string path)
    {
        using var file = OpenServerFile(path, write: false);
        var buf = new byte[64 * 1024];
        int n;
        while ((n = file.Read(buf)) > 0)
            copy.Feed(buf.AsSpan(0, n));
    }

    void CopyFromClient(CopyFrom copy)
    {
        BackendMessages.CopyResponse(Comm, copyIn: true, copy.ColumnCount);
        Comm.Flush();
        while (true)
        {
            if (!Comm.ReadMessage(out byte type, out var body))
                throw new PgException(SqlState.ConnectionFailure, "unexpected EOF on client connection with an open transaction",
                    Severity.Fatal);
            switch (type)
            {
                case (byte)'d':
                    copy.Feed(body);
                    break;
                case (byte)'c':
                    return;
                case (byte)'f':
                {
                    var r = new MessageReader(body);
                    Throw.Error(SqlState.QueryCanceled, "COPY from stdin failed: " + r.ReadCString());
                    break;
                }
                case (byte)'H':
                case (byte)'S':
                    break;
                default:
                    throw new PgException(SqlState.ProtocolViolation,
                        $"unexpected message type 0x{type:X2} during COPY from stdin");
            }
        }
    }
}
