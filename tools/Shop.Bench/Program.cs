using Shop.Bench.Cli;

// Shop.Bench: the steps of ./shop bench blackfriday that are easier in C# than in bash (sampling, invariants,
// Prometheus, the report). `Shop.Bench help` lists them.
return await BenchCommandLine.RunAsync(args, Console.Out, CancellationToken.None);
