// Process titles (ps_status.c): what `ps` shows for a process. Sets comm with prctl(PR_SET_NAME) (first
// 15 bytes, from the main thread) and overwrites the argv area that `ps -o args` reads, as PostgreSQL does.
// The postmaster passes a padding argument to each child so there is room for the title.
using System.Text;

namespace Tusk.Storage.Port;

/// <summary>Sets this process's title. Call from the main thread.</summary>
public static unsafe class ProcessTitle
{
    static byte* _argStart;
    static int _argLen = -1;

    public static void Set(string title)
    {
        Libc.SetProcessName(title);
        SetArgs(title);
    }

    /// <summary>Changes only what `ps -o args` shows (comm stays), e.g. a backend's state.</summary>
    public static void SetArgs(string title)
    {
        if (_argLen < 0)
            LocateArgv();
        if (_argLen <= 0)
            return;
        var dst = new Span<byte>(_argStart, _argLen);
        dst.Clear();
        byte[] bytes = Encoding.UTF8.GetBytes(title);
        int n = Math.Min(bytes.Length, _argLen - 1);
        bytes.AsSpan(0, n).CopyTo(dst);
    }

    static void LocateArgv()
    {
        _argLen = 0;
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // Fields after the parenthesised comm; arg_start and arg_end are fields 48 and 49.
            int close = stat.LastIndexOf(')');
            string[] f = stat[(close + 2)..].Split(' ');
            // f[0] is field 3 (state), so field N is f[N - 3].
            ulong start = ulong.Parse(f[48 - 3], System.Globalization.CultureInfo.InvariantCulture);
            ulong end = ulong.Parse(f[49 - 3], System.Globalization.CultureInfo.InvariantCulture);
            if (end > start && end - start < 1 << 20)
            {
                _argStart = (byte*)start;
                _argLen = (int)(end - start);
            }
        }
        catch (IOException)
        {
        }
        catch (FormatException)
        {
        }
    }
}
