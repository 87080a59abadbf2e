// ScheduleFile: reads a pg_regress schedule file (the same format for both drivers).
namespace Tusk.PgRegress;

/// <summary>
/// A schedule has <c>test: a b c</c> lines (one line = one group run in parallel) and <c>#</c> comments; pg_regress
/// also knows <c>ignore: name</c>, which only marks a test's failure as ignored and runs nothing by itself.
/// </summary>
public static class ScheduleFile
{
    /// <summary>Every test the schedule runs, in order.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        var tests = new List<string>();
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.StartsWith("test:", StringComparison.Ordinal))
            {
                tests.AddRange(line["test:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            }
            else if (line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("ignore:", StringComparison.Ordinal))
            {
                throw new FormatException($"{path}: cannot read schedule line \"{raw}\"");
            }
        }
        return tests;
    }
}
