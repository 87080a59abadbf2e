// A problem found while loading tusk_hba.conf: PG's message text plus the "line N of configuration file" context.
// Errors make the line unusable (PG then refuses to load the whole file); warnings keep it.
namespace Tusk.Backend.Libpq.Auth;

/// <summary>One diagnostic from <see cref="HbaFile.Parse(string, string, List{HbaError})"/>.</summary>
public sealed record HbaError(string FileName, int LineNumber, string Message, string? Hint = null,
    bool IsWarning = false)
{
    /// <summary>PG's errcontext: <c>line 3 of configuration file "tusk_hba.conf"</c>.</summary>
    public string Context => $"line {LineNumber} of configuration file \"{FileName}\"";

    /// <summary>Message followed by the context in parentheses.</summary>
    public override string ToString() => $"{Message} ({Context})";
}
