namespace Tusk.SqlLogicTest;

/// <summary>Turns file names, directories and simple globs into a sorted list of .test files.</summary>
public static class TestFiles
{
    /// <summary>
    /// A directory gives every *.test below it; a path with <c>*</c> or <c>?</c> in its last part is matched in its
    /// directory (a <c>**</c> part searches all subdirectories); anything else is a file.
    /// </summary>
    public static List<string> Expand(IEnumerable<string> patterns)
    {
        var files = new List<string>();
        foreach (string p in patterns)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*.test", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (p.Contains('*', StringComparison.Ordinal) || p.Contains('?', StringComparison.Ordinal))
            {
                bool recursive = p.Contains("**", StringComparison.Ordinal);
                string dir = Path.GetDirectoryName(p.Replace("**/", "", StringComparison.Ordinal)) is { Length: > 0 } d ? d : ".";
                string name = Path.GetFileName(p);
                if (Directory.Exists(dir))
                {
                    files.AddRange(Directory.EnumerateFiles(dir, name,
                        recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal));
                }
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                throw new FileNotFoundException($"no such file or directory: {p}");
            }
        }
        return [.. files.Distinct()];
    }
}
