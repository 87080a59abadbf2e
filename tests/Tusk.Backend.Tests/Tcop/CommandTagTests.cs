// Command tags of parsed statements: the names used in "... is not supported yet" until the statements run.
using Tusk.Backend.Tcop;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Backend.Tests.Tcop;

public class CommandTagTests
{
    [Theory]
    [InlineData("create table t (a int)", "CREATE TABLE")]
    [InlineData("create temp table t as select 1", "CREATE TABLE AS")]
    [InlineData("insert into t values (1)", "INSERT")]
    [InlineData("update t set a = 1", "UPDATE")]
    [InlineData("delete from t", "DELETE")]
    [InlineData("copy t from stdin", "COPY")]
    [InlineData("drop table t", "DROP TABLE")]
    [InlineData("drop materialized view v", "DROP MATERIALIZED VIEW")]
    [InlineData("drop database if exists regression", "DROP DATABASE")]
    [InlineData("create database d", "CREATE DATABASE")]
    [InlineData("alter database d set x = 1", "ALTER DATABASE")]
    [InlineData("create schema s", "CREATE SCHEMA")]
    [InlineData("truncate t", "TRUNCATE TABLE")]
    [InlineData("create view v as select 1", "CREATE VIEW")]
    [InlineData("create sequence s", "CREATE SEQUENCE")]
    [InlineData("alter sequence s restart", "ALTER SEQUENCE")]
    [InlineData("alter table t add column b int", "ALTER TABLE")]
    [InlineData("alter table t rename column a to b", "ALTER TABLE")]
    [InlineData("alter index i rename to j", "ALTER INDEX")]
    [InlineData("comment on table t is 'x'", "COMMENT")]
    [InlineData("prepare p as select 1", "PREPARE")]
    [InlineData("execute p", "EXECUTE")]
    [InlineData("deallocate all", "DEALLOCATE ALL")]
    [InlineData("explain select 1", "EXPLAIN")]
    [InlineData("create index on t (a)", "CREATE INDEX")]
    [InlineData("vacuum", "VACUUM")]
    [InlineData("analyze", "ANALYZE")]
    [InlineData("revoke all on t from public", "REVOKE")]
    [InlineData("create type e as enum ('a')", "CREATE TYPE")]
    [InlineData("create procedure p() language sql as ''", "CREATE PROCEDURE")]
    public void Tags_follow_postgresql(string sql, string tag) =>
        Assert.Equal(tag, CommandTag.For(RawParser.Parse(sql)[0].Stmt));
}
