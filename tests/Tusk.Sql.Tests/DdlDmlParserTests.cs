// Parser: the DDL, DML and utility statements of the SQL core (CREATE/ALTER/DROP, INSERT/UPDATE/DELETE, COPY,
// PREPARE/EXECUTE, EXPLAIN, VACUUM, GRANT, ...): tree shapes through NodeDump, syntax error positions and the
// forms that raise 0A000. Positions and accepted forms were checked against PostgreSQL 15.
using Tusk.Common.Errors;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

public class DdlDmlParserTests
{
    static PgException Fails(string sql) => Assert.Throws<PgException>(() => RawParser.Parse(sql));

    [Theory]
    [InlineData("create table t (a int)",
        "CreateStmt(Relation=t, TableElts=[ColumnDef(ColName=a, TypeName=pg_catalog.int4)])")]
    [InlineData("CREATE TEMP TABLE IF NOT EXISTS s.t (id serial PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', price numeric(10,2) CHECK (price > 0), tags text[], ts timestamp with time zone, n integer ARRAY)",
        "CreateStmt(Relation=temp s.t, TableElts=[ColumnDef(ColName=id, TypeName=serial, Constraints=[Constraint(ConType=Primary)]), ColumnDef(ColName=name, TypeName=pg_catalog.varchar(20), Constraints=[Constraint(ConType=NotNull), Constraint(ConType=Default, RawExpr='x')]), ColumnDef(ColName=price, TypeName=pg_catalog.numeric(10,2), Constraints=[Constraint(ConType=Check, RawExpr=(price > 0))]), ColumnDef(ColName=tags, TypeName=text[]), ColumnDef(ColName=ts, TypeName=pg_catalog.timestamptz), ColumnDef(ColName=n, TypeName=pg_catalog.int4[])], IfNotExists=True)")]
    [InlineData("create unlogged table t (a int references p(id) on delete cascade on update set null, b bigint generated always as identity (start with 10 increment by 2), c text collate \"C\" unique, d int default 0 not null)",
        "CreateStmt(Relation=unlogged t, TableElts=[ColumnDef(ColName=a, TypeName=pg_catalog.int4, Constraints=[Constraint(ConType=Foreign, PkTable=p, PkAttrs=[id], FkUpdAction=n, FkDelAction=c)]), ColumnDef(ColName=b, TypeName=pg_catalog.int8, Constraints=[Constraint(ConType=Identity, Options=[DefElem(Defname=start, Arg=10), DefElem(Defname=increment, Arg=2)], GeneratedWhen=a)]), ColumnDef(ColName=c, TypeName=text, Collation=[C], Constraints=[Constraint(ConType=Unique)]), ColumnDef(ColName=d, TypeName=pg_catalog.int4, Constraints=[Constraint(ConType=Default, RawExpr=0), Constraint(ConType=NotNull)])])")]
    [InlineData("create table t (a int, b int, constraint pk primary key (a, b), unique (b) , foreign key (a) references p (x) on delete restrict, check (a <> b), like other including all excluding indexes) inherits (base) with (fillfactor=70)",
        "CreateStmt(Relation=t, TableElts=[ColumnDef(ColName=a, TypeName=pg_catalog.int4), ColumnDef(ColName=b, TypeName=pg_catalog.int4), Constraint(ConType=Primary, Conname=pk, Keys=[a, b]), Constraint(ConType=Unique, Keys=[b]), Constraint(ConType=Foreign, FkAttrs=[a], PkTable=p, PkAttrs=[x], FkDelAction=r), Constraint(ConType=Check, RawExpr=(a <> b)), TableLikeClause(Relation=other, Options=Comments, Compression, Constraints, Defaults, Generated, Identity, Statistics, Storage)], InhRelations=[base], Options=[DefElem(Defname=fillfactor, Arg=70)])")]
    [InlineData("create table t2 as select 1 as x",
        "CreateTableAsStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1, Name=x)]), Into=IntoClause(Rel=t2))")]
    [InlineData("create table t2 (x, y) as select 1, 2 with no data",
        "CreateTableAsStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1), ResTarget(Val=2)]), Into=IntoClause(Rel=t2, ColNames=[x, y], SkipData=True))")]
    [InlineData("create table t3 with (fillfactor=70) as select 1",
        "CreateTableAsStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1)]), Into=IntoClause(Rel=t3, Options=[DefElem(Defname=fillfactor, Arg=70)]))")]
    [InlineData("create temp table t4 on commit drop as select 1",
        "CreateTableAsStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1)]), Into=IntoClause(Rel=temp t4, OnCommit=drop))")]
    [InlineData("create table t5 tablespace ts as select 1",
        "CreateTableAsStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1)]), Into=IntoClause(Rel=t5, Tablespace=ts))")]
    [InlineData("create temp table t6 as execute p(1, 'a') with no data",
        "CreateTableAsStmt(Query=ExecuteStmt(Name=p, Params=[1, 'a']), Into=IntoClause(Rel=temp t6, SkipData=True))")]
    [InlineData("update t set a = 1 from only s, d.sc.u where true",
        "UpdateStmt(Relation=t, TargetList=[ResTarget(Val=1, Name=a)], FromClause=[only s, d.sc.u], WhereClause=true)")]
    [InlineData("create table t ()",
        "CreateStmt(Relation=t)")]
    [InlineData("insert into t values (1, 'a'), (default, 2)",
        "InsertStmt(Relation=t, SelectStmt=SelectStmt(ValuesLists=[[1, 'a'], [DEFAULT, 2]]))")]
    [InlineData("insert into t as x (a, b) select a, b from s where a > 1 on conflict do nothing returning *",
        "InsertStmt(Relation=t as x, Cols=[ResTarget(Val=DEFAULT, Name=a), ResTarget(Val=DEFAULT, Name=b)], SelectStmt=SelectStmt(TargetList=[ResTarget(Val=a), ResTarget(Val=b)], FromClause=[s], WhereClause=(a > 1)), OnConflictClause=OnConflictClause(Action=Nothing), ReturningList=[ResTarget(Val=*)])")]
    [InlineData("insert into t default values returning a, b as bb",
        "InsertStmt(Relation=t, ReturningList=[ResTarget(Val=a), ResTarget(Val=b, Name=bb)])")]
    [InlineData("insert into t (a) values (1) on conflict (a) do update set b = 2, c = default where t.a > 0",
        "InsertStmt(Relation=t, Cols=[ResTarget(Val=DEFAULT, Name=a)], SelectStmt=SelectStmt(ValuesLists=[[1]]), OnConflictClause=OnConflictClause(Action=Update, Infer=InferClause(IndexElems=[IndexElem(Name=a)]), TargetList=[ResTarget(Val=2, Name=b), ResTarget(Val=DEFAULT, Name=c)], WhereClause=(t.a > 0)))")]
    [InlineData("insert into t values (1) on conflict on constraint t_pkey do nothing",
        "InsertStmt(Relation=t, SelectStmt=SelectStmt(ValuesLists=[[1]]), OnConflictClause=OnConflictClause(Action=Nothing, Infer=InferClause(Conname=t_pkey)))")]
    [InlineData("update t set a = 1, b = b + 1 where c = 2 returning a",
        "UpdateStmt(Relation=t, TargetList=[ResTarget(Val=1, Name=a), ResTarget(Val=(b + 1), Name=b)], WhereClause=(c = 2), ReturningList=[ResTarget(Val=a)])")]
    [InlineData("update only t as x set (a, b) = (1, default) from s where x.id = s.id",
        "UpdateStmt(Relation=only t as x, TargetList=[ResTarget(Val=MultiAssignRef(Source=RowExpr(Args=[1, DEFAULT]), Colno=1, Ncolumns=2), Name=a), ResTarget(Val=MultiAssignRef(Source=RowExpr(Args=[1, DEFAULT]), Colno=2, Ncolumns=2), Name=b)], FromClause=[s], WhereClause=(x.id = s.id))")]
    [InlineData("update t x set a = 1",
        "UpdateStmt(Relation=t as x, TargetList=[ResTarget(Val=1, Name=a)])")]
    [InlineData("delete from t",
        "DeleteStmt(Relation=t)")]
    [InlineData("delete from only t as d using s where d.a = s.a returning *",
        "DeleteStmt(Relation=only t as d, UsingClause=[s], WhereClause=(d.a = s.a), ReturningList=[ResTarget(Val=*)])")]
    [InlineData("copy t from stdin",
        "CopyStmt(Relation=t, IsFrom=True)")]
    [InlineData("copy t (a, b) to stdout with (format csv, header match, delimiter ',', null '', force_quote (a, b), freeze)",
        "CopyStmt(Relation=t, Attlist=[a, b], Options=[DefElem(Defname=format, Arg='csv'), DefElem(Defname=header, Arg='match'), DefElem(Defname=delimiter, Arg=','), DefElem(Defname=null, Arg=''), DefElem(Defname=force_quote, Arg=a.b), DefElem(Defname=freeze)])")]
    [InlineData("copy t from 'data.csv' with csv header delimiter as ';' null as 'N' quote '\"' escape '\\' force not null a, b encoding 'UTF8'",
        "CopyStmt(Relation=t, IsFrom=True, Filename=data.csv, Options=[DefElem(Defname=format, Arg='csv'), DefElem(Defname=header, Arg=true), DefElem(Defname=delimiter, Arg=';'), DefElem(Defname=null, Arg='N'), DefElem(Defname=quote, Arg='\"'), DefElem(Defname=escape, Arg='\\'), DefElem(Defname=force_not_null, Arg=a.b), DefElem(Defname=encoding, Arg='UTF8')])")]
    [InlineData("copy (select * from t) to stdout (format binary)",
        "CopyStmt(Query=SelectStmt(TargetList=[ResTarget(Val=*)], FromClause=[t]), Options=[DefElem(Defname=format, Arg='binary')])")]
    [InlineData("copy binary t to program 'gzip > x'",
        "CopyStmt(Relation=t, IsProgram=True, Filename=gzip > x, Options=[DefElem(Defname=format, Arg='binary')])")]
    [InlineData("drop table if exists a, s.b cascade",
        "DropStmt(RemoveType=Table, Objects=[a, s.b], Behavior=Cascade, MissingOk=True)")]
    [InlineData("drop view v",
        "DropStmt(RemoveType=View, Objects=[v])")]
    [InlineData("drop sequence s restrict",
        "DropStmt(RemoveType=Sequence, Objects=[s])")]
    [InlineData("drop index concurrently if exists i",
        "DropStmt(RemoveType=Index, Objects=[i], MissingOk=True, Concurrent=True)")]
    [InlineData("drop schema if exists a, b cascade",
        "DropStmt(RemoveType=Schema, Objects=[a, b], Behavior=Cascade, MissingOk=True)")]
    [InlineData("drop type e",
        "DropStmt(RemoveType=Type, Objects=[e])")]
    [InlineData("drop function f(int, text), g, h()",
        "DropStmt(RemoveType=Function, Objects=[ObjectWithArgs(Objname=[f], Objargs=[pg_catalog.int4, text]), ObjectWithArgs(Objname=[g], ArgsUnspecified=True), ObjectWithArgs(Objname=[h])])")]
    [InlineData("drop database if exists d with (force)",
        "DropdbStmt(Dbname=d, MissingOk=True, Options=[DefElem(Defname=force)])")]
    [InlineData("drop database d",
        "DropdbStmt(Dbname=d)")]
    [InlineData("create database d with template = template0 encoding 'UTF8' lc_collate = 'C' connection limit = 5 owner default",
        "CreatedbStmt(Dbname=d, Options=[DefElem(Defname=template, Arg='template0'), DefElem(Defname=encoding, Arg='UTF8'), DefElem(Defname=lc_collate, Arg='C'), DefElem(Defname=connection_limit, Arg=5), DefElem(Defname=owner)])")]
    [InlineData("alter database d set search_path = a, b",
        "AlterDatabaseSetStmt(Dbname=d, Setstmt=VariableSetStmt(Name=search_path, Args=[a, b]))")]
    [InlineData("alter database d reset all",
        "AlterDatabaseSetStmt(Dbname=d, Setstmt=VariableSetStmt(Kind=ResetAll))")]
    [InlineData("create schema if not exists s authorization joe",
        "CreateSchemaStmt(Schemaname=s, Authrole=RoleSpec(RoleName=joe), IfNotExists=True)")]
    [InlineData("create schema authorization current_user",
        "CreateSchemaStmt(Authrole=RoleSpec(RoleType=CurrentUser))")]
    [InlineData("truncate table a, only b restart identity cascade",
        "TruncateStmt(Relations=[a, only b], RestartSeqs=True, Behavior=Cascade)")]
    [InlineData("truncate t",
        "TruncateStmt(Relations=[t])")]
    [InlineData("create or replace temp view v (a, b) as select 1, 2",
        "ViewStmt(View=temp v, Aliases=[a, b], Query=SelectStmt(TargetList=[ResTarget(Val=1), ResTarget(Val=2)]), QueryText=select 1, 2, Replace=True)")]
    [InlineData("create view v as select * from t with local check option",
        "ViewStmt(View=v, Query=SelectStmt(TargetList=[ResTarget(Val=*)], FromClause=[t]), QueryText=select * from t, WithCheckOption=Local)")]
    [InlineData("create sequence s increment by 2 minvalue 1 no maxvalue start with 5 cache 10 cycle owned by t.a",
        "CreateSeqStmt(Sequence=s, Options=[DefElem(Defname=increment, Arg=2), DefElem(Defname=minvalue, Arg=1), DefElem(Defname=maxvalue), DefElem(Defname=start, Arg=5), DefElem(Defname=cache, Arg=10), DefElem(Defname=cycle, Arg=true), DefElem(Defname=owned_by, Arg=t.a)])")]
    [InlineData("create temp sequence if not exists s as bigint no cycle",
        "CreateSeqStmt(Sequence=temp s, Options=[DefElem(Defname=as, Arg=pg_catalog.int8), DefElem(Defname=cycle, Arg=false)], IfNotExists=True)")]
    [InlineData("alter sequence s restart with 100",
        "AlterSeqStmt(Sequence=s, Options=[DefElem(Defname=restart, Arg=100)])")]
    [InlineData("alter sequence if exists s owned by none",
        "AlterSeqStmt(Sequence=s, Options=[DefElem(Defname=owned_by, Arg=none)], MissingOk=True)")]
    [InlineData("alter table t add column c int not null default 0",
        "AlterTableStmt(Relation=t, Cmds=[AlterTableCmd(Subtype=AddColumn, Def=ColumnDef(ColName=c, TypeName=pg_catalog.int4, Constraints=[Constraint(ConType=NotNull), Constraint(ConType=Default, RawExpr=0)]))], ObjType=Table)")]
    [InlineData("alter table if exists only t drop column if exists c cascade, drop d",
        "AlterTableStmt(Relation=only t, Cmds=[AlterTableCmd(Subtype=DropColumn, Name=c, Behavior=Cascade, MissingOk=True), AlterTableCmd(Subtype=DropColumn, Name=d)], ObjType=Table, MissingOk=True)")]
    [InlineData("alter table t alter column c set default 5, alter c drop default, alter c set not null, alter column c drop not null",
        "AlterTableStmt(Relation=t, Cmds=[AlterTableCmd(Subtype=ColumnDefault, Name=c, Def=5, DefText=5), AlterTableCmd(Subtype=ColumnDefault, Name=c), AlterTableCmd(Subtype=SetNotNull, Name=c), AlterTableCmd(Subtype=DropNotNull, Name=c)], ObjType=Table)")]
    [InlineData("alter table t alter column c set data type bigint using c::bigint, alter d type text collate \"C\"",
        "AlterTableStmt(Relation=t, Cmds=[AlterTableCmd(Subtype=AlterColumnType, Name=c, Def=ColumnDef(ColName=c, TypeName=pg_catalog.int8, RawDefault=(c::pg_catalog.int8))), AlterTableCmd(Subtype=AlterColumnType, Name=d, Def=ColumnDef(ColName=d, TypeName=text, Collation=[C]))], ObjType=Table)")]
    [InlineData("alter table t add constraint u unique (a), drop constraint if exists u2",
        "AlterTableStmt(Relation=t, Cmds=[AlterTableCmd(Subtype=AddConstraint, Def=Constraint(ConType=Unique, Conname=u, Keys=[a])), AlterTableCmd(Subtype=DropConstraint, Name=u2, MissingOk=True)], ObjType=Table)")]
    [InlineData("alter table if exists s.t set schema u",
        "AlterObjectSchemaStmt(Relation=s.t, Newschema=u, MissingOk=True)")]
    [InlineData("alter table t alter c set default  1 +  f(2) ",
        "AlterTableStmt(Relation=t, Cmds=[AlterTableCmd(Subtype=ColumnDefault, Name=c, Def=(1 + f(2)), DefText=1 +  f(2))], ObjType=Table)")]
    [InlineData("alter table t rename column a to b",
        "RenameStmt(RenameType=Column, Relation=t, Subname=a, Newname=b)")]
    [InlineData("alter table t rename a to b",
        "RenameStmt(RenameType=Column, Relation=t, Subname=a, Newname=b)")]
    [InlineData("alter table t rename to u",
        "RenameStmt(RenameType=Table, Relation=t, Newname=u)")]
    [InlineData("alter table t rename constraint c1 to c2",
        "RenameStmt(RenameType=Constraint, Relation=t, Subname=c1, Newname=c2)")]
    [InlineData("alter table t set (fillfactor=50), owner to bob",
        "AlterTableStmt(Relation=t, Cmds=[AlterTableCmd(Subtype=SetRelOptions, Options=[DefElem(Defname=fillfactor, Arg=50)]), AlterTableCmd(Subtype=ChangeOwner, NewOwner=RoleSpec(RoleName=bob))], ObjType=Table)")]
    [InlineData("alter view v rename to w",
        "RenameStmt(RenameType=View, RelationType=View, Relation=v, Newname=w)")]
    [InlineData("alter sequence s rename to s2",
        "RenameStmt(RenameType=Sequence, RelationType=Sequence, Relation=s, Newname=s2)")]
    [InlineData("alter schema s rename to s2",
        "RenameStmt(RenameType=Schema, Object=s, Newname=s2)")]
    [InlineData("alter index i rename to j",
        "RenameStmt(RenameType=Index, RelationType=Index, Relation=i, Newname=j)")]
    [InlineData("comment on table t is 'hello'",
        "CommentStmt(Objtype=Table, Object=t, Comment=hello)")]
    [InlineData("comment on column s.t.c is null",
        "CommentStmt(Objtype=Column, Object=s.t.c)")]
    [InlineData("comment on schema s is 'x'",
        "CommentStmt(Objtype=Schema, Object=s, Comment=x)")]
    [InlineData("comment on function f(int) is 'fn'",
        "CommentStmt(Objtype=Function, Object=ObjectWithArgs(Objname=[f], Objargs=[pg_catalog.int4]), Comment=fn)")]
    [InlineData("comment on constraint c on t is 'k'",
        "CommentStmt(Objtype=Constraint, Object=t.c, Comment=k)")]
    [InlineData("prepare p (int, text) as select $1",
        "PrepareStmt(Name=p, Argtypes=[pg_catalog.int4, text], Query=SelectStmt(TargetList=[ResTarget(Val=$1)]))")]
    [InlineData("prepare q as insert into t values ($1)",
        "PrepareStmt(Name=q, Query=InsertStmt(Relation=t, SelectStmt=SelectStmt(ValuesLists=[[$1]])))")]
    [InlineData("execute p (1, 'a')",
        "ExecuteStmt(Name=p, Params=[1, 'a'])")]
    [InlineData("execute p",
        "ExecuteStmt(Name=p)")]
    [InlineData("deallocate prepare p",
        "DeallocateStmt(Name=p)")]
    [InlineData("deallocate all",
        "DeallocateStmt()")]
    [InlineData("declare c binary insensitive no scroll cursor with hold for select 1",
        "DeclareCursorStmt(Portalname=c, Options=Binary, NoScroll, Insensitive, Hold, Query=SelectStmt(TargetList=[ResTarget(Val=1)]))")]
    [InlineData("declare c scroll cursor without hold for values (1)",
        "DeclareCursorStmt(Portalname=c, Options=Scroll, Query=SelectStmt(ValuesLists=[[1]]))")]
    [InlineData("fetch c",
        "FetchStmt(HowMany=1, Portalname=c)")]
    [InlineData("fetch next",
        "FetchStmt(HowMany=1, Portalname=next)")]
    [InlineData("fetch prior from c",
        "FetchStmt(Direction=Backward, HowMany=1, Portalname=c)")]
    [InlineData("fetch last in c",
        "FetchStmt(Direction=Absolute, HowMany=-1, Portalname=c)")]
    [InlineData("fetch relative -3 c",
        "FetchStmt(Direction=Relative, HowMany=-3, Portalname=c)")]
    [InlineData("fetch backward all from c",
        "FetchStmt(Direction=Backward, HowMany=9223372036854775807, Portalname=c)")]
    [InlineData("move forward 5 in c",
        "FetchStmt(HowMany=5, Portalname=c, IsMove=True)")]
    [InlineData("fetch -2 from c",
        "FetchStmt(HowMany=-2, Portalname=c)")]
    [InlineData("close c",
        "ClosePortalStmt(Portalname=c)")]
    [InlineData("close all",
        "ClosePortalStmt()")]
    [InlineData("explain select 1",
        "ExplainStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1)]))")]
    [InlineData("explain analyze verbose select 1",
        "ExplainStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1)]), Options=[DefElem(Defname=analyze), DefElem(Defname=verbose)])")]
    [InlineData("explain (analyze, verbose, costs off, buffers, timing false, summary on, format text) select 1",
        "ExplainStmt(Query=SelectStmt(TargetList=[ResTarget(Val=1)]), Options=[DefElem(Defname=analyze), DefElem(Defname=verbose), DefElem(Defname=costs, Arg='off'), DefElem(Defname=buffers), DefElem(Defname=timing, Arg='false'), DefElem(Defname=summary, Arg='on'), DefElem(Defname=format, Arg='text')])")]
    [InlineData("explain insert into t values (1)",
        "ExplainStmt(Query=InsertStmt(Relation=t, SelectStmt=SelectStmt(ValuesLists=[[1]])))")]
    [InlineData("create index on t (a)",
        "IndexStmt(Relation=t, IndexParams=[IndexElem(Name=a)])")]
    [InlineData("create unique index concurrently if not exists i on t using btree (a desc nulls first, lower(b), (a + b)) include (c) with (fillfactor=90) where a > 0",
        "IndexStmt(Idxname=i, Relation=t, IndexParams=[IndexElem(Name=a, Desc=True, NullsFirst=True), IndexElem(Expr=lower(b)), IndexElem(Expr=(a + b))], IndexIncludingParams=[c], Options=[DefElem(Defname=fillfactor, Arg=90)], WhereClause=(a > 0), Unique=True, Concurrent=True, IfNotExists=True)")]
    [InlineData("vacuum",
        "VacuumStmt(IsVacuumcmd=True)")]
    [InlineData("vacuum full freeze verbose analyze t (a, b), s",
        "VacuumStmt(Options=[DefElem(Defname=full), DefElem(Defname=freeze), DefElem(Defname=verbose), DefElem(Defname=analyze)], Rels=[VacuumRelation(Relation=t, VaCols=[a, b]), VacuumRelation(Relation=s)], IsVacuumcmd=True)")]
    [InlineData("vacuum (verbose, analyze) t",
        "VacuumStmt(Options=[DefElem(Defname=verbose), DefElem(Defname=analyze)], Rels=[VacuumRelation(Relation=t)], IsVacuumcmd=True)")]
    [InlineData("analyze verbose t",
        "VacuumStmt(Options=[DefElem(Defname=verbose)], Rels=[VacuumRelation(Relation=t)])")]
    [InlineData("analyse",
        "VacuumStmt()")]
    [InlineData("grant select, insert on table t to bob, public with grant option",
        "GrantStmt(IsGrant=True, Objtype=Table, Objects=[t], Privileges=[AccessPriv(PrivName=select), AccessPriv(PrivName=insert)], Grantees=[RoleSpec(RoleName=bob), RoleSpec(RoleType=Public)], GrantOption=True)")]
    [InlineData("grant all privileges on all tables in schema public to joe",
        "GrantStmt(IsGrant=True, Objtype=Table, AllInSchema=True, Objects=[public], Grantees=[RoleSpec(RoleName=joe)])")]
    [InlineData("grant usage, create on schema s to group g",
        "GrantStmt(IsGrant=True, Objtype=Schema, Objects=[s], Privileges=[AccessPriv(PrivName=usage), AccessPriv(PrivName=create)], Grantees=[RoleSpec(RoleName=g)])")]
    [InlineData("revoke grant option for select (a, b) on t from bob cascade",
        "GrantStmt(Objtype=Table, Objects=[t], Privileges=[AccessPriv(PrivName=select, Cols=[a, b])], Grantees=[RoleSpec(RoleName=bob)], GrantOption=True, Behavior=Cascade)")]
    [InlineData("grant all on sequence s to current_user",
        "GrantStmt(IsGrant=True, Objtype=Sequence, Objects=[s], Grantees=[RoleSpec(RoleType=CurrentUser)])")]
    [InlineData("create type mood as enum ('sad', 'ok', 'happy')",
        "CreateEnumStmt(TypeName=[mood], Vals=[sad, ok, happy])")]
    [InlineData("create type e as enum ()",
        "CreateEnumStmt(TypeName=[e])")]
    [InlineData("create or replace function add(a integer, b int default 1) returns integer language sql immutable strict as $$select a + b$$",
        "CreateFunctionStmt(Replace=True, Funcname=[add], Parameters=[FunctionParameter(Name=a, ArgType=pg_catalog.int4), FunctionParameter(Name=b, ArgType=pg_catalog.int4, Defexpr=1)], ReturnType=pg_catalog.int4, Options=[DefElem(Defname=language, Arg='sql'), DefElem(Defname=volatility, Arg='immutable'), DefElem(Defname=strict, Arg=true), DefElem(Defname=as, Arg=select a + b)])")]
    [InlineData("create function f(int, out x text, variadic v int[]) returns setof record as 'select 1' language sql stable",
        "CreateFunctionStmt(Funcname=[f], Parameters=[FunctionParameter(ArgType=pg_catalog.int4), FunctionParameter(Name=x, ArgType=text, Mode=Out), FunctionParameter(Name=v, ArgType=pg_catalog.int4[], Mode=Variadic)], ReturnType=setof record, Options=[DefElem(Defname=as, Arg=select 1), DefElem(Defname=language, Arg='sql'), DefElem(Defname=volatility, Arg='stable')])")]
    [InlineData("create procedure p(in x int) language sql as 'select 1'",
        "CreateFunctionStmt(IsProcedure=True, Funcname=[p], Parameters=[FunctionParameter(Name=x, ArgType=pg_catalog.int4, Mode=In)], Options=[DefElem(Defname=language, Arg='sql'), DefElem(Defname=as, Arg=select 1)])")]
    [InlineData("create function f() returns trigger as 'x', 'y' language c",
        "CreateFunctionStmt(Funcname=[f], ReturnType=trigger, Options=[DefElem(Defname=as, Arg=x.y), DefElem(Defname=language, Arg='c')])")]
    [InlineData("create index i on t (a collate \"C\" text_pattern_ops desc)",
        "IndexStmt(Idxname=i, Relation=t, IndexParams=[IndexElem(Name=a, Collation=[C], Opclass=[text_pattern_ops], Desc=True)])")]
    public void Statement_shapes(string sql, string expected)
    {
        var list = RawParser.Parse(sql);
        Assert.Single(list);
        Assert.Equal(expected, NodeDump.Of(list[0].Stmt));
    }

    [Theory]
    [InlineData("create table t (a int,)", "syntax error at or near \")\"", 23)]
    [InlineData("create table t (a)", "syntax error at end of input", 19)]
    [InlineData("create table (a int)", "syntax error at or near \"(\"", 14)]
    [InlineData("create table t (a int primary)", "syntax error at or near \")\"", 30)]
    [InlineData("create table t (a int check a > 0)", "syntax error at or near \"a\"", 29)]
    [InlineData("create table t (like)", "syntax error at or near \")\"", 21)]
    [InlineData("create table t (a int references)", "syntax error at or near \")\"", 33)]
    [InlineData("create table t (a int default 1 + )", "syntax error at or near \")\"", 35)]
    [InlineData("insert into t values (1", "syntax error at end of input", 24)]
    [InlineData("insert into t (a, b values (1)", "syntax error at or near \"values\"", 21)]
    [InlineData("insert t values (1)", "syntax error at or near \"t\"", 8)]
    [InlineData("update t a = 1", "syntax error at or near \"=\"", 12)]
    [InlineData("delete t", "syntax error at or near \"t\"", 8)]
    [InlineData("copy (select 1) from stdin", "syntax error at or near \"from\"", 17)]
    [InlineData("drop table t,", "syntax error at end of input", 14)]
    [InlineData("drop foo x", "syntax error at or near \"foo\"", 6)]
    [InlineData("create foo x", "syntax error at or near \"foo\"", 8)]
    [InlineData("alter table t foo", "syntax error at or near \"foo\"", 15)]
    [InlineData("create index i on t (a text_pattern_ops collate \"C\")", "syntax error at or near \"collate\"", 41)]
    [InlineData("comment on table t is 5", "syntax error at or near \"5\"", 23)]
    [InlineData("create type e as enum (1)", "syntax error at or near \"1\"", 24)]
    [InlineData("explain (costs off", "syntax error at end of input", 19)]
    [InlineData("grant select on t", "syntax error at end of input", 18)]
    [InlineData("drop operator === (int4)", "missing argument", 24)]
    [InlineData("drop operator - (int4, none)", "postfix operators are not supported", 24)]
    [InlineData("drop operator equals", "syntax error at end of input", 21)]
    [InlineData("drop aggregate newcnt1", "syntax error at end of input", 23)]
    [InlineData("drop rule 314159", "syntax error at or near \"314159\"", 11)]
    public void Syntax_error_positions(string sql, string message, int position)
    {
        var e = Fails(sql);
        Assert.Equal("42601", e.SqlState);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Theory]
    [InlineData("create rule r as on select to t do instead nothing", "CREATE RULE is not supported yet", 8)]
    [InlineData("drop role r", "DROP ROLE is not supported yet", 6)]
    [InlineData("alter system set x = 1", "ALTER SYSTEM is not supported yet", 7)]
    [InlineData("create table t (a int) partition by range (a)", "PARTITION BY is not supported yet", 24)]
    [InlineData("create schema s create table x (a int)", "CREATE SCHEMA with schema elements is not supported yet", 17)]
    [InlineData("update t set (a, b) = (select 1, 2)", "SET (...) = (subquery) is not supported yet", 23)]
    [InlineData("delete from t where current of c", "WHERE CURRENT OF is not supported yet", 21)]
    [InlineData("alter table t enable trigger all", "ALTER TABLE ENABLE is not supported yet", 15)]
    [InlineData("create materialized view v as select 1", "CREATE MATERIALIZED VIEW is not supported yet", 8)]
    [InlineData("create function f() returns table (a int) as 'x' language sql", "RETURNS TABLE is not supported yet", 29)]
    public void Valid_but_unsupported_forms_are_0A000(string sql, string message, int position)
    {
        var e = Fails(sql);
        Assert.Equal("0A000", e.SqlState);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Default_is_a_b_expr_so_not_null_after_it_is_a_constraint()
    {
        Assert.Equal(
            "CreateStmt(Relation=t, TableElts=[ColumnDef(ColName=a, TypeName=pg_catalog.int4, Constraints=[" +
            "Constraint(ConType=Default, RawExpr=(1 + f(BoolExpr(Args=[x, y])))), Constraint(ConType=NotNull)])])",
            NodeDump.Of(RawParser.Parse("create table t (a int default 1 + f(x and y) not null)")[0].Stmt));
    }

    [Fact]
    public void Create_role_and_user_options()
    {
        var r = Assert.IsType<Tusk.Sql.Nodes.CreateRoleStmt>(
            RawParser.Parse("create user bob with nosuperuser connection limit 3 password 'pw'")[0].Stmt);
        Assert.Equal("user", r.StmtType);
        Assert.Equal("bob", r.Role);
        Assert.Equal(["superuser", "connectionlimit", "password"], r.Options.Select(o => o.Defname));
    }

    [Fact]
    public void Default_and_check_keep_their_source_text()
    {
        var c = Assert.IsType<Tusk.Sql.Nodes.CreateStmt>(
            RawParser.Parse("create table t (a int default 1 +  f(x) not null check (a > 0), check(a<9))")[0].Stmt);
        var col = Assert.IsType<Tusk.Sql.Nodes.ColumnDef>(c.TableElts[0]);
        Assert.Equal("1 +  f(x)", col.Constraints[0].RawExprText);
        Assert.Equal("(a > 0)", col.Constraints[2].RawExprText);
        Assert.Equal("(a<9)", Assert.IsType<Tusk.Sql.Nodes.Constraint>(c.TableElts[1]).RawExprText);
    }

    [Fact]
    public void Names_are_located_at_their_first_token()
    {
        var c = Assert.IsType<Tusk.Sql.Nodes.CommentStmt>(RawParser.Parse("comment on table s.t is 'x'")[0].Stmt);
        Assert.Equal(17, Assert.IsType<Tusk.Sql.Nodes.NameList>(c.Object).Location);
    }

    [Fact]
    public void Statements_split_and_keep_their_text()
    {
        string sql = "create table t (a int); insert into t values (1); drop table t";
        var list = RawParser.Parse(sql);
        Assert.Equal(["create table t (a int)", "insert into t values (1)", "drop table t"],
            list.Select(r => sql.Substring(r.Location, r.Length)));
    }
}
