using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using FalloutManagement.Api.Common.Observability;
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
/// <para>
/// With group commit on (<see cref="GroupCommitOptions"/>, the default) a save is written together with the saves of
/// concurrent requests, one batch and one transaction for the group (<see cref="GroupCommit"/>); a group that fails is
/// followed by each of its saves written alone as above, so the outcome and the exception a caller sees are its own.
/// </para>
/// </summary>
public sealed class DirectInserts : IDisposable
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
    private readonly GroupCommit? _group;
    private long _batches;
    private long _statements;

    /// <summary>A writer of each save alone, on the save's own connection (tests, tools).</summary>
    public DirectInserts()
    {
    }

    /// <summary>
    /// A writer whose saves outside a transaction are written together with the saves of concurrent requests when
    /// <paramref name="group"/> is on (<see cref="GroupCommit"/>); each alone otherwise.
    /// </summary>
    public DirectInserts(GroupCommitOptions group, string connectionString, FalloutMetrics? metrics = null, ILogger<DirectInserts>? logger = null)
    {
        if (group.Enabled)
        {
            _group = new GroupCommit(group, connectionString, this, metrics, logger);
        }
    }

    /// <summary>The saves this instance has written since it started.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>The <c>INSERT</c> statements it sent for them (a statement of a group carries the rows of several saves).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>The groups it wrote: each one transaction and one round trip for one or more saves (0 when group commit is off).</summary>
    public long Groups => _group?.Groups ?? 0;

    /// <summary>The groups that failed and whose saves were then written each alone.</summary>
    public long GroupsFailed => _group?.Failed ?? 0;

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
        added.Sort(static (a, b) => a.Plan != b.Plan ? TablePlan.CompareTables(a.Plan, b.Plan) : a.Plan.CompareKeys(a.Values, b.Values));

        if (_group is null || !await _group.WriteAsync(RowsOf(added), ct))
        {
            // Alone: group commit is off, or the group this save was written in failed (a racing duplicate's unique
            // violation, a lost connection): nothing of the group was written, and this save meets its own outcome here.
            // Its rows get parameters of their own: the failed group's statements hold the first ones.
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = BatchOf(connection, RowsOf(added));
                await batch.ExecuteNonQueryAsync(ct);
                CountStatements(batch.BatchCommands.Count);
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
        }
        Interlocked.Increment(ref _batches);
        if (acceptAllChangesOnSuccess)
        {
            db.ChangeTracker.AcceptAllChanges();
        }
        return added.Count;
    }

    /// <summary>The rows of a save, in its order, each with its parameters.</summary>
    private static PendingRow[] RowsOf(List<(EntityEntry Entry, PropertyValues Values, TablePlan Plan)> added)
    {
        var rows = new PendingRow[added.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new PendingRow(added[i].Plan, added[i].Plan.Parameters(added[i].Values));
        }
        return rows;
    }

    /// <summary>
    /// One batch for rows sorted by table (a save's, or a group's): a table's rows are one run, and each run (cut at
    /// <see cref="MaxRowsPerStatement"/>) is one multi-row INSERT, whose rows PostgreSQL inserts in the order of its
    /// VALUES list.
    /// </summary>
    private static NpgsqlBatch BatchOf(NpgsqlConnection connection, IReadOnlyList<PendingRow> rows)
    {
        var batch = new NpgsqlBatch(connection);
        for (var start = 0; start < rows.Count;)
        {
            var plan = rows[start].Plan;
            var end = start + 1;
            while (end < rows.Count && end - start < MaxRowsPerStatement && rows[end].Plan == plan)
            {
                end++;
            }
            var command = plan.Command(end - start);
            for (var row = start; row < end; row++)
            {
                command.Parameters.AddRange(rows[row].Parameters);
            }
            batch.BatchCommands.Add(command);
            start = end;
        }
        return batch;
    }

    public void Dispose() => _group?.Dispose();

    private TablePlan? PlanOf(IEntityType type) => _plans.GetOrAdd(type, TablePlan.For);

    internal void CountStatements(int statements) => Interlocked.Add(ref _statements, statements);

    /// <summary>One row of a save waiting for its group: its table's plan and its parameters, made by the request.</summary>
    internal readonly record struct PendingRow(TablePlan Plan, NpgsqlParameter[] Parameters);

    /// <summary>A save waiting for its group; <see cref="Done"/> is true once the group committed, false if it failed.</summary>
    internal sealed class PendingSave(PendingRow[] rows)
    {
        public PendingRow[] Rows { get; } = rows;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Group commit: the saves of concurrent requests written as one batch in one transaction. Each writer (one or more)
    /// waits for saves, takes every save queued at that moment (up to <see cref="GroupCommitOptions.MaxSaves"/>), writes
    /// them as one batch of multi-row INSERTs (a table's rows of every save in one statement) on a connection of its own,
    /// and completes each save once PostgreSQL has committed. No timer holds a save back unless
    /// <see cref="GroupCommitOptions.LingerMilliseconds"/> says so: while one group is written the next gathers. A group
    /// is one implicit transaction, all or nothing; when it fails, each of its saves is written alone, so a save's
    /// outcome is its own (a racing duplicate fails alone with its unique violation, as without the group).
    /// </summary>
    internal sealed class GroupCommit : IDisposable
    {
        private readonly Channel<PendingSave> _queue = Channel.CreateUnbounded<PendingSave>(
            new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = false });
        private readonly GroupCommitOptions _options;
        private readonly string _connectionString;
        private readonly DirectInserts _owner;
        private readonly FalloutMetrics? _metrics;
        private readonly ILogger? _logger;
        private readonly CancellationTokenSource _stop = new();
        private Task[]? _writers;
        private int _started;
        private long _groups;
        private long _failed;

        /// <summary>The <c>application_name</c> of the writers' connections (pg_stat_activity shows them apart).</summary>
        public const string ApplicationName = "fallout group commit";

        public GroupCommit(GroupCommitOptions options, string connectionString, DirectInserts owner, FalloutMetrics? metrics, ILogger? logger)
        {
            _options = options;
            // Their own pool: a writer keeps its connection for as long as it works.
            _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }.ConnectionString;
            _owner = owner;
            _metrics = metrics;
            _logger = logger;
        }

        public long Groups => Interlocked.Read(ref _groups);

        public long Failed => Interlocked.Read(ref _failed);

        /// <summary>Queues the save's rows for the next group; true once written and committed, false if not written.</summary>
        public async Task<bool> WriteAsync(PendingRow[] rows, CancellationToken ct)
        {
            if (_stop.IsCancellationRequested)
            {
                return false;
            }
            if (Volatile.Read(ref _started) == 0 && Interlocked.Exchange(ref _started, 1) == 0)
            {
                _writers = [.. Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(RunAsync))];
            }
            ct.ThrowIfCancellationRequested();
            var save = new PendingSave(rows);
            if (!_queue.Writer.TryWrite(save))
            {
                return false;
            }
            // Not cancellable once queued: the group may commit this save's rows, and the caller must know whether it did.
            return await save.Done.Task;
        }

        private async Task RunAsync()
        {
            var group = new List<PendingSave>(_options.MaxSaves);
            NpgsqlConnection? connection = null;
            try
            {
                while (await _queue.Reader.WaitToReadAsync(_stop.Token))
                {
                    if (_options.LingerMilliseconds > 0)
                    {
                        await Task.Delay(_options.LingerMilliseconds, _stop.Token);
                    }
                    while (group.Count < _options.MaxSaves && _queue.Reader.TryRead(out var save))
                    {
                        group.Add(save);
                    }
                    if (group.Count == 0)
                    {
                        continue;
                    }
                    try
                    {
                        connection ??= await OpenAsync();
                        await WriteGroupAsync(connection, group);
                        Interlocked.Increment(ref _groups);
                        _metrics?.GroupCommitted(group.Count);
                        foreach (var save in group)
                        {
                            save.Done.TrySetResult(true);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref _failed);
                        _metrics?.GroupFailed();
                        if (ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected } race)
                        {
                            // A racing duplicate: two copies of one event (or open step) that both passed the lookup, in
                            // this group or in this one and another (two writers can deadlock on two such pairs).
                            _logger?.LogDebug("A group of {Saves} saves met a racing duplicate ({SqlState}); each is written alone.", group.Count, race.SqlState);
                        }
                        else
                        {
                            _logger?.LogWarning(ex, "A group of {Saves} saves failed; each is written alone.", group.Count);
                        }
                        foreach (var save in group)
                        {
                            save.Done.TrySetResult(false);
                        }
                        if (connection is { State: not System.Data.ConnectionState.Open })
                        {
                            await connection.DisposeAsync();
                            connection = null;
                        }
                    }
                    group.Clear();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            finally
            {
                // Stopping: what is still queued or in hand is written alone by its request.
                foreach (var save in group)
                {
                    save.Done.TrySetResult(false);
                }
                while (_queue.Reader.TryRead(out var save))
                {
                    save.Done.TrySetResult(false);
                }
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }

        private async Task<NpgsqlConnection> OpenAsync()
        {
            var connection = new NpgsqlConnection(_connectionString);
            try
            {
                await connection.OpenAsync(_stop.Token);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// One batch for the group: the rows of every save by table, principals' tables first, each save's rows of a
        /// table in its own (key) order; a table's rows in statements of up to <see cref="MaxRowsPerStatement"/>.
        /// </summary>
        private async Task WriteGroupAsync(NpgsqlConnection connection, List<PendingSave> group)
        {
            var rows = new List<(PendingRow Row, int Order)>();
            foreach (var save in group)
            {
                foreach (var row in save.Rows)
                {
                    rows.Add((row, rows.Count));
                }
            }
            rows.Sort(static (a, b) => a.Row.Plan != b.Row.Plan ? TablePlan.CompareTables(a.Row.Plan, b.Row.Plan) : a.Order.CompareTo(b.Order));
            await using var batch = BatchOf(connection, [.. rows.Select(r => r.Row)]);
            // Not cancelled when the host stops: a group in flight commits or fails (within the command timeout), so no
            // request is left not knowing whether its rows were written.
            await batch.ExecuteNonQueryAsync();
            _owner.CountStatements(batch.BatchCommands.Count);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _queue.Writer.TryComplete();
            if (_writers is { } writers)
            {
                Task.WaitAll(writers, TimeSpan.FromSeconds(10));
            }
            _stop.Dispose();
        }
    }

    /// <summary>How the rows of one entity type are inserted; null when this writer leaves the type to EF Core.</summary>
    internal sealed class TablePlan
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

        /// <summary>
        /// The order in which two tables' rows are written, for a save alone and for a group: principals before their
        /// dependents (by <see cref="Rank"/>), then by name, so every writer takes the tables' locks in the same order.
        /// </summary>
        public static int CompareTables(TablePlan a, TablePlan b) =>
            a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Table, b.Table);

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

        /// <summary>The parameters of one row, in column order.</summary>
        public NpgsqlParameter[] Parameters(PropertyValues values)
        {
            var parameters = new NpgsqlParameter[_columns.Length];
            for (var i = 0; i < _columns.Length; i++)
            {
                parameters[i] = (NpgsqlParameter)_mappings[i].CreateParameter(ParameterFactory, "", values[_columns[i]], _columns[i].IsNullable);
            }
            return parameters;
        }

        /// <summary>An INSERT of <paramref name="count"/> rows, its parameters still to add.</summary>
        public NpgsqlBatchCommand Command(int count) => new(Sql(count));

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
