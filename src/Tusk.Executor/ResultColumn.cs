// Description of one result column as the wire protocol's RowDescription needs it.
namespace Tusk.Executor;

/// <summary>Name, type and origin of a result column (TableOid/ColumnNumber are 0 when not a plain column).</summary>
public sealed record ResultColumn(string Name, uint TypeOid, int TypeMod = -1, short TypeLen = -1, uint TableOid = 0,
    short ColumnNumber = 0);
