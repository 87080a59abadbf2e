using System.Globalization;

namespace Tusk.Compare;

/// <summary>Command-line options of bench/compare.</summary>
public sealed record Options
{
    public bool Quick { get; init; }

    public int Repetitions { get; init; }

    public IReadOnlyList<string> Only { get; init; } = [];

    public bool Gc { get; init; }

    public bool List { get; init; }

    /// <summary>PostgreSQL against PostgreSQL: shows the harness's own noise (ratios should be near 1).</summary>
    public bool AA { get; init; }

    public bool Verbose { get; init; }

    public bool Keep { get; init; }

    public bool Chart { get; init; } = true;

    public bool Help { get; init; }

    public string? TuskPath { get; init; }

    public string? PgBinDir { get; init; }

    public string? ResultsDirectory { get; init; }

    public const string Usage = """
        usage: bench/compare [options]

        Starts a throwaway PostgreSQL cluster and a throwaway Tusk cluster with the same settings, runs the
        workloads against both (alternating inside each repetition) and prints median (min–max) per server and
        the Tusk/PostgreSQL ratio. Writes bench/results/TIMESTAMP.{json,md,png} and bench/results/latest.md.

        options:
          --quick            short runs (CI): pgbench -T 3, pgbench -i -s 2, 1 M rows instead of 10 M,
                             3 repetitions
          --reps N           repetitions (default: 5, or 3 with --quick)
          --only NAME[,NAME] run only these workloads or groups of workloads (repeatable;
                             groups: pgbench, tpcb, select-only, queries, group-by, hash-join,
                             storage (Tusk's side through the access interface, no server);
                             see --list)
          --gc               Tusk only: idle-memory under several GC settings (DOTNET_GCgen0size,
                             DOTNET_GCHeapHardLimit) compared with Tusk's defaults
          --aa               A/A test: PostgreSQL against a second PostgreSQL cluster, to see the
                             noise of the instruments (every ratio should be close to 1)
          --list             list the workloads and exit
          --no-chart         do not draw the PNG chart
          --results DIR      where to write results (default: bench/results)
          --tusk PATH        the tusk executable (default: ./tusk at the repository root)
          --pg-bin DIR       PostgreSQL's bin directory (default: $PG_BINDIR, the PostgreSQL 15 one, pg_config)
          --keep             keep the clusters' temporary directories (debugging)
          -v, --verbose      print every command run
          -h, --help         this text
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message on a bad one.</summary>
    public static Options Parse(string[] args)
    {
        var o = new Options();
        int? reps = null;
        var only = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            switch (a)
            {
                case "--quick": o = o with { Quick = true }; break;
                case "--full": o = o with { Quick = false }; break;
                case "--reps":
                    reps = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                        ? n
                        : throw new ArgumentException("--reps needs a positive number");
                    break;
                case "--only": only.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--gc": o = o with { Gc = true }; break;
                case "--aa": o = o with { AA = true }; break;
                case "--list": o = o with { List = true }; break;
                case "--no-chart": o = o with { Chart = false }; break;
                case "--results": o = o with { ResultsDirectory = Value() }; break;
                case "--tusk": o = o with { TuskPath = Value() }; break;
                case "--pg-bin": o = o with { PgBinDir = Value() }; break;
                case "--keep": o = o with { Keep = true }; break;
                case "-v" or "--verbose": o = o with { Verbose = true }; break;
                case "-h" or "--help": o = o with { Help = true }; break;
                default: throw new ArgumentException($"unknown option {a}");
            }
        }
        if (o.AA && o.Gc)
        {
            throw new ArgumentException("--aa and --gc do not go together");
        }
        return o with { Repetitions = reps ?? (o.Quick ? 3 : 5), Only = only };
    }
}
