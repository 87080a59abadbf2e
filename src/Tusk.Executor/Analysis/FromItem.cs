// One relation of the FROM list as the analyser sees it: its reference name, the view that produces it and
// where its columns start in the combined input row.
namespace Tusk.Executor.Analysis;

/// <summary>A FROM-list entry.</summary>
internal sealed record FromItem(string RefName, string? Schema, ISystemView View, int Offset);
