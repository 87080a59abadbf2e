// Resource manager ids (rmgrlist.h): the first thing redo looks at in a record; each access method or subsystem
// that writes WAL owns one id and the meaning of the record's info byte. Numbers are part of the WAL format:
// never renumber, only append. PostgreSQL's list and order, so the names match pg_waldump's.
namespace Tusk.Storage.Transam;

/// <summary>Resource manager of a WAL record (XLogRecord.xl_rmid).</summary>
public enum RmgrId : byte
{
    Xlog = 0,
    Transaction = 1,
    Storage = 2,
    Clog = 3,
    Database = 4,
    Tablespace = 5,
    MultiXact = 6,
    RelMap = 7,
    Standby = 8,
    Heap2 = 9,
    Heap = 10,
    Btree = 11,
    Hash = 12,
    Gin = 13,
    Gist = 14,
    Sequence = 15,
    SpGist = 16,
    Brin = 17,
    CommitTs = 18,
    ReplicationOrigin = 19,
    Generic = 20,
    LogicalMessage = 21,
}
