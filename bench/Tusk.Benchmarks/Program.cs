// Micro-benchmarks: `dotnet run -c Release --project bench/Tusk.Benchmarks -- --filter '*'`.
using BenchmarkDotNet.Running;

namespace Tusk.Benchmarks;

static class Program
{
    static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
