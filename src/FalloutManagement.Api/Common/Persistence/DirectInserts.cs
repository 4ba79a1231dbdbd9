using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// Writes a save that only adds rows — an intake's case, occurrence, audit entries, outbox events and SLA clocks —
/// as one batch of prepared <c>INSERT</c>s, one per table with a row per entity (up to
/// <see cref="MaxRowsPerStatement"/>), without EF Core's general update pipeline (issue 14: at the intake that
/// pipeline — command ordering, modification commands, SQL generation and its parsing for every request — took a third
/// of the service's CPU per intake, measured by turning this writer off). Everything else goes through EF Core as before: any modified or deleted entity, and
/// any entity type this writer does not plan for (inheritance, owned or complex types, primitive collections, table or
/// entity splitting, no key, a cycle of foreign keys) or any row with a database-generated value left to the database.
/// <para>
/// The rows are what EF Core would write: the model's columns, type mappings and value converters; principals before
/// dependents (foreign keys), and within a table in key order, as EF Core inserts them (the audit chain and the event
/// feed take their order from the inserts). One batch is one round trip and one implicit transaction: all or nothing
/// (a save inside a transaction of the caller is left to EF Core, which writes it behind a savepoint). A failure is a <see cref="DbUpdateException"/> around the <see cref="PostgresException"/>,
/// as from EF Core, so callers' handling of unique violations (the intake's race) is unchanged. Turned off with
/// <c>Persistence:DirectInserts=false</c>.
/// </para>
/// </summary>
public sealed class DirectInserts
{
    public const string Setting = "Persistence:DirectInserts";

    /// <summary>
    /// The most rows one <c>INSERT</c> carries. Rows of one table go in one statement (an intake: 5 statements for its
    /// 12 rows; PostgreSQL pays its per-statement work — executor start and end, opening the table and each of its
    /// indexes, the end-of-statement triggers — once per table, not once per row); a larger save is cut into statements
    /// of this many rows, so the prepared statements stay few (one per table and row count) and far below PostgreSQL's
    /// 65,535 parameters.
    /// </summary>
    public const int MaxRowsPerStatement = 16;

    private static readonly NpgsqlCommand ParameterFactory = new();
    private readonly ConcurrentDictionary<IEntityType, TablePlan?> _plans = new();
    private long _batches;
    private long _statements;

    /// <summary>The saves this instance has written since it started.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>The <c>INSERT</c> statements of those saves.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>
    /// Writes the tracked changes when they are all additions this writer plans for, and returns the number of rows;
    /// null (nothing written) otherwise, for EF Core to save.
    /// </summary>
    public async Task<int?> TryWriteAsync(DbContext db, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        // Inside a transaction of the caller EF Core writes behind a savepoint, so a failed save leaves the
        // transaction usable; a batch would abort it. Those saves stay EF Core's.
        if (db.Database.CurrentTransaction is not null)
        {
            return null;
        }
        var added = new List<(EntityEntry Entry, PropertyValues Values, TablePlan Plan)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Unchanged)
            {
                continue;
            }
            if (entry.State != EntityState.Added || PlanOf(entry.Metadata) is not { } plan)
            {
                return null;
            }
            var values = entry.CurrentValues;
            if (!plan.WritesAll(values))
            {
                return null;
            }
            added.Add((entry, values, plan));
        }
        if (added.Count == 0)
        {
            return null;
        }
        added.Sort(static (a, b) => a.Plan.Rank != b.Plan.Rank ? a.Plan.Rank.CompareTo(b.Plan.Rank)
            : a.Plan != b.Plan ? string.CompareOrdinal(a.Plan.Table, b.Plan.Table)
            : a.Plan.CompareKeys(a.Values, b.Values));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            // The list is sorted by table, so a table's rows are one run: each run (cut at MaxRowsPerStatement) is one
            // multi-row INSERT, whose rows PostgreSQL inserts in the order of its VALUES list.
            for (var start = 0; start < added.Count;)
            {
                var plan = added[start].Plan;
                var end = start + 1;
                while (end < added.Count && end - start < MaxRowsPerStatement && added[end].Plan == plan)
                {
                    end++;
                }
                batch.BatchCommands.Add(plan.Command(added, start, end - start));
                start = end;
            }
            await batch.ExecuteNonQueryAsync(ct);
            Interlocked.Add(ref _statements, batch.BatchCommands.Count);
        }
        catch (NpgsqlException ex)
        {
            throw new DbUpdateException($"Writing {added.Count} new rows failed: {(ex as PostgresException)?.MessageText ?? ex.Message}", ex,
                [.. added.Select(a => a.Entry)]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        Interlocked.Increment(ref _batches);
        if (acceptAllChangesOnSuccess)
        {
            db.ChangeTracker.AcceptAllChanges();
        }
        return added.Count;
    }

    private TablePlan? PlanOf(IEntityType type) => _plans.GetOrAdd(type, TablePlan.For);

    /// <summary>How the rows of one entity type are inserted; null when this writer leaves the type to EF Core.</summary>
    private sealed class TablePlan
    {
        private readonly IProperty[] _columns;
        private readonly RelationalTypeMapping[] _mappings;
        private readonly IProperty[] _key;
        private readonly string _head;
        private readonly string?[] _sql = new string?[MaxRowsPerStatement + 1];

        private TablePlan(string table, int rank, IProperty[] columns, IProperty[] key)
        {
            Table = table;
            Rank = rank;
            _columns = columns;
            _mappings = [.. columns.Select(c => (RelationalTypeMapping)c.GetRelationalTypeMapping())];
            _key = key;
            var storeObject = StoreObjectIdentifier.Table(table, null);
            var sql = new StringBuilder("INSERT INTO ").Append(Quote(table)).Append(" (");
            sql.AppendJoin(", ", columns.Select(c => Quote(c.GetColumnName(storeObject)!)));
            _head = sql.Append(") VALUES ").ToString();
        }

        /// <summary>The INSERT of <paramref name="rows"/> rows: <c>VALUES ($1, …, $n), ($n+1, …), …</c>; made once per row count.</summary>
        private string Sql(int rows)
        {
            if (_sql[rows] is { } made)
            {
                return made;
            }
            var sql = new StringBuilder(_head);
            for (var row = 0; row < rows; row++)
            {
                sql.Append(row == 0 ? "(" : ", (")
                    .AppendJoin(", ", _columns.Select((_, i) => "$" + (row * _columns.Length + i + 1))).Append(')');
            }
            return _sql[rows] = sql.ToString();
        }

        public string Table { get; }

        /// <summary>Depth in the foreign keys: principals have a lower rank than their dependents.</summary>
        public int Rank { get; }

        public static TablePlan? For(IEntityType type)
        {
            var table = type.GetTableName();
            if (table is null || type.GetSchema() is not null || type.BaseType is not null || type.GetDirectlyDerivedTypes().Any()
                || type.IsOwned() || type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
                || type.FindPrimaryKey() is null || type.GetTableMappings().Count() != 1
                || type.GetTableMappings().First().Table.EntityTypeMappings.Count() != 1
                || type.GetProperties().Any(p => p.IsPrimitiveCollection || p.GetColumnName(StoreObjectIdentifier.Table(table, null)) is null
                    || p.ValueGenerated is ValueGenerated.OnUpdate or ValueGenerated.OnAddOrUpdate or ValueGenerated.OnUpdateSometimes))
            {
                return null;
            }
            if (DepthOf(type, []) is not { } rank)
            {
                return null;
            }
            return new TablePlan(table, rank, [.. type.GetProperties()], [.. type.FindPrimaryKey()!.Properties]);
        }

        /// <summary>The foreign-key depth of a type, or null on a cycle (a self-reference included).</summary>
        private static int? DepthOf(IEntityType type, HashSet<IEntityType> path)
        {
            if (!path.Add(type))
            {
                return null;
            }
            var rank = 0;
            foreach (var principal in type.GetForeignKeys().Select(k => k.PrincipalEntityType).Distinct())
            {
                if (DepthOf(principal, path) is not { } above)
                {
                    return null;
                }
                rank = Math.Max(rank, above + 1);
            }
            path.Remove(type);
            return rank;
        }

        /// <summary>
        /// True when every column of the row has its value here: a column the database generates (a default, a
        /// trigger) whose value the row leaves unset is EF Core's to write and read back.
        /// </summary>
        public bool WritesAll(PropertyValues values)
        {
            foreach (var column in _columns)
            {
                if (column.ValueGenerated != ValueGenerated.Never && Equals(values[column], column.Sentinel))
                {
                    return false;
                }
            }
            return true;
        }

        public int CompareKeys(PropertyValues a, PropertyValues b)
        {
            foreach (var key in _key)
            {
                var order = Comparer<object>.Default.Compare(a[key]!, b[key]!);
                if (order != 0)
                {
                    return order;
                }
            }
            return 0;
        }

        /// <summary>One INSERT of the <paramref name="count"/> rows of this table from <paramref name="start"/> on.</summary>
        public NpgsqlBatchCommand Command(List<(EntityEntry Entry, PropertyValues Values, TablePlan Plan)> rows, int start, int count)
        {
            var command = new NpgsqlBatchCommand(Sql(count));
            for (var row = start; row < start + count; row++)
            {
                var values = rows[row].Values;
                for (var i = 0; i < _columns.Length; i++)
                {
                    command.Parameters.Add((NpgsqlParameter)_mappings[i].CreateParameter(ParameterFactory, "", values[_columns[i]],
                        _columns[i].IsNullable));
                }
            }
            return command;
        }

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
