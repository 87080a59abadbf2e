namespace Tusk.Compare.Workloads;

/// <summary>
/// The database the tpcb-* and select-only-* workloads run in: <c>CREATE DATABASE pgbench</c>, then
/// <c>pgbench -i -s 10</c> in it (the same scale with --quick, so that 8 clients do not all queue on a couple of
/// pgbench_branches rows), then a CHECKPOINT so that writing the load out does not overlap the timed runs.
/// </summary>
public sealed class PgbenchDataset : IDataset
{
    public const string Database = "pgbench";

    public const int Scale = 10;

    public string Name => $"pgbench -s {Scale}";

    public string Description =>
        $"CREATE DATABASE {Database}; pgbench -i -s {Scale} in it (also with --quick); CHECKPOINT";

    public async Task PrepareAsync(WorkloadContext context, CancellationToken ct)
    {
        await Sql.ExecuteAsync(context, [$"CREATE DATABASE {Database}"], ct).ConfigureAwait(false);
        var inDatabase = context.WithDatabase(Database);
        var result = await Pgbench.RunAsync(inDatabase, ["-i", "-s", $"{Scale}"], TimeSpan.FromMinutes(30), ct)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw Pgbench.Failure(result, "");
        }
        await Sql.ExecuteAsync(inDatabase, ["CHECKPOINT"], ct).ConfigureAwait(false);
    }
}
