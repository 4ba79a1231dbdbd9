using FalloutManagement.Benchmarks;

// A load generator with one mode per scenario. Each mode receives the arguments after its name.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    PrintUsage(Console.Out);
    return args.Length == 0 ? 2 : 0;
}

try
{
    switch (args[0])
    {
        case "intake":
            return await IntakeBenchmark.RunAsync(args[1..]);
        case "storm":
            return await StormBenchmark.RunAsync(args[1..]);
        case "queues":
            return await QueueBenchmark.RunAsync(args[1..]);
        case "sla-sweep":
            return await SlaSweepBenchmark.RunAsync(args[1..]);
        case "analytics":
            return await AnalyticsBenchmark.RunAsync(args[1..]);
        default:
            await Console.Error.WriteLineAsync($"Unknown mode '{args[0]}'.");
            PrintUsage(Console.Error);
            return 2;
    }
}
catch (BenchArgsException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync($"Run 'FalloutManagement.Benchmarks {args[0]} --help' for its options.");
    return 2;
}

static void PrintUsage(TextWriter to) => to.WriteLine("""
    Usage: dotnet run -c Release --project tests/FalloutManagement.Benchmarks -- <mode> [options]

    Modes:
      intake     drives POST /fallout-cases against a running service (throughput, latency, dedup check)
      storm      a 100k-event storm, 90% duplicates, 32 clients: exactly one case per new event, every occurrence counted
      queues     over the 1M-case seed: work-list pages of every queue, pull-next with concurrent pullers, case reads (p95)
      sla-sweep  loads 1M open cases with SLA clocks and times the escalation sweep over 10k breaches (docs/benchmarks-sla.md)
      analytics  seeds 1M cases and 5M occurrences, then times the analytics calls (docs/benchmarks-analytics.md)

    '<mode> --help' lists a mode's options. scripts/bench-intake.sh runs the intake mode beside a pgbench baseline.
    """);
