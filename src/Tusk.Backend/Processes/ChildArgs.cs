// Command line of a child process, as ChildLauncher writes it.
using System.Globalization;
using Tusk.Common.Utils;

namespace Tusk.Backend.Processes;

/// <summary>Parsed <c>--child=ROLE -D DIR --shmem PATH --ctl-fd N --pm-pid P [-c name=value ...]</c>.</summary>
public sealed class ChildArgs
{
    public BackendType Type { get; private init; }
    public string DataDir { get; private init; } = "";
    public string ShmemPath { get; private init; } = "";
    public int ControlFd { get; private init; } = -1;
    public int PostmasterPid { get; private init; }
    public List<string> Overrides { get; } = [];

    public static ChildArgs Parse(string[] args)
    {
        string role = "";
        string dataDir = "", shmem = "";
        int ctl = -1, pm = 0;
        var overrides = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a.StartsWith("--child=", StringComparison.Ordinal))
                role = a["--child=".Length..];
            else if (a == "-D" && i + 1 < args.Length)
                dataDir = args[++i];
            else if (a == "--shmem" && i + 1 < args.Length)
                shmem = args[++i];
            else if (a == "--ctl-fd" && i + 1 < args.Length)
                ctl = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (a == "--pm-pid" && i + 1 < args.Length)
                pm = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (a == "-c" && i + 1 < args.Length)
                overrides.Add(args[++i]);
        }
        var result = new ChildArgs
        {
            Type = BackendTypeNames.FromChildArg(role),
            DataDir = dataDir,
            ShmemPath = shmem,
            ControlFd = ctl,
            PostmasterPid = pm,
        };
        result.Overrides.AddRange(overrides);
        return result;
    }
}
