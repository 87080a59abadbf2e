using Tusk.Clusters;

namespace Tusk.SqlLogicTest.Tests;

/// <summary>One throwaway cluster for a test class, stopped and removed afterwards.</summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    readonly ClusterLauncher _launcher =
        new(ClusterLauncher.FindPgBinDir(), Path.Combine(Repo.Root, "tusk"));

    public ICluster Cluster { get; private set; } = null!;

    protected abstract ICluster Create(ClusterLauncher launcher);

    public abstract string Engine { get; }

    public async Task InitializeAsync()
    {
        Cluster = Create(_launcher);
        await Cluster.StartAsync(new ClusterSettings());
    }

    public async Task DisposeAsync() => await _launcher.StopAllAsync();

    public SltRunner Runner(TextWriter? log = null) =>
        new(Cluster.ConnectionString, new RunnerOptions { Engine = Engine, Log = log });
}

public sealed class PostgresFixture : ClusterFixture
{
    public override string Engine => "postgresql";

    protected override ICluster Create(ClusterLauncher launcher) => launcher.CreatePostgres();
}

public sealed class TuskFixture : ClusterFixture
{
    public override string Engine => "tusk";

    protected override ICluster Create(ClusterLauncher launcher) => launcher.CreateTusk();
}
