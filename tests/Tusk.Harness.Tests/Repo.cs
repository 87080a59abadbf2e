using Tusk.Clusters;

namespace Tusk.Harness.Tests;

static class Repo
{
    public static string Root { get; } = ClusterLauncher.FindRepositoryRoot()
        ?? throw new InvalidOperationException("repository root (Tusk.slnx) not found");

    public static string Fixture(string name) => Path.Combine(Root, "tests", "Tusk.Harness.Tests", "Fixtures", name);

    /// <summary>A command built beside the tests (tusk-regress, tusk-slt, tusk-compare), as a dll for <c>dotnet</c>.</summary>
    public static string Command(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    public static ClusterLauncher Launcher() => new(ClusterLauncher.FindPgBinDir(), Path.Combine(Root, "tusk"));
}

/// <summary>One throwaway cluster for a test class, stopped and removed afterwards.</summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    readonly ClusterLauncher _launcher = Repo.Launcher();

    public ICluster Cluster { get; private set; } = null!;

    protected abstract ICluster Create(ClusterLauncher launcher);

    public async Task InitializeAsync()
    {
        Cluster = Create(_launcher);
        await Cluster.StartAsync(new ClusterSettings());
    }

    public async Task DisposeAsync() => await _launcher.StopAllAsync();
}

public sealed class PostgresFixture : ClusterFixture
{
    protected override ICluster Create(ClusterLauncher launcher) => launcher.CreatePostgres();
}

public sealed class TuskFixture : ClusterFixture
{
    protected override ICluster Create(ClusterLauncher launcher) => launcher.CreateTusk();
}
