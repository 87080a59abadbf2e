// tusk controldata (pg_controldata): prints the control file of a data directory, with PostgreSQL's labels for the
// fields Tusk keeps. Reads the file only; safe while the server runs.
using System.Globalization;
using Tusk.Storage.Transam;

namespace Tusk.Server.Controldata;

public static class Controldata
{
    public static int Run(string dataDir, TextWriter stdout, TextWriter stderr)
    {
        ControlFile cf;
        try
        {
            cf = ControlFile.Read(dataDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"tusk controldata: error: could not read file \"{ControlFile.PathOf(dataDir)}\": {e.Message}");
            return 1;
        }
        static string Time(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            .ToString("ddd dd MMM yyyy hh:mm:ss tt 'UTC'", CultureInfo.InvariantCulture);
        var ck = cf.CheckPointCopy;
        void Line(string label, string value) => stdout.WriteLine($"{label + ":",-38}{value}");
        Line("Database system identifier", cf.SystemIdentifier.ToString(CultureInfo.InvariantCulture));
        Line("Database cluster state", ControlFile.Describe(cf.State));
        Line("pg_control last modified", Time(cf.Time));
        Line("Latest checkpoint location", cf.CheckPoint.ToString());
        Line("Latest checkpoint's REDO location", ck.Redo.ToString());
        Line("Latest checkpoint's TimeLineID", ck.Timeline.ToString(CultureInfo.InvariantCulture));
        Line("Latest checkpoint's NextXID", "0:" + ck.NextXid.ToString(CultureInfo.InvariantCulture));
        Line("Latest checkpoint's NextOID", ck.NextOid.ToString(CultureInfo.InvariantCulture));
        Line("Time of latest checkpoint", Time(ck.Time));
        Line("Database block size", cf.BlockSize.ToString(CultureInfo.InvariantCulture));
        Line("Bytes per WAL segment", cf.WalSegmentSize.ToString(CultureInfo.InvariantCulture));
        Line("Data page checksum version", cf.DataChecksums ? "1" : "0");
        return 0;
    }
}
