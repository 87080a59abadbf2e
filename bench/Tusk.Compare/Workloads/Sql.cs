using Npgsql;

namespace Tusk.Compare.Workloads;

/// <summary>Runs setup statements for the datasets over Npgsql, one at a time, naming the one that failed.</summary>
public static class Sql
{
    /// <summary>
    /// Runs each statement in turn on one connection to the context's database, with no statement time limit
    /// (<paramref name="ct"/> is the limit). Throws with the server's error, then the failing statement's first words.
    /// </summary>
    public static async Task ExecuteAsync(WorkloadContext context, IEnumerable<string> statements, CancellationToken ct)
    {
        await using var dataSource = context.CreateDataSource();
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        foreach (string sql in statements)
        {
            try
            {
                await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                // Not wrapped: the server's message is all there is to say, and said once.
                throw new InvalidOperationException($"ERROR: {e.MessageText} ({e.SqlState}, in {Abbreviate(sql)})");
            }
        }
    }

    /// <summary>The statement up to its first parenthesis or 40 characters, for error messages.</summary>
    public static string Abbreviate(string sql)
    {
        string head = sql.Split('(')[0].Trim();
        return head.Length <= 40 ? head : head[..39] + "…";
    }
}
