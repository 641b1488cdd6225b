using Shop.Bench.Cli;

// Shop.Bench: the benchmarks of ./shop (the Black Friday bench with its sampling, invariants, ceilings and report; the
// gateway benchmark) and each step on its own. `Shop.Bench help` lists the commands.
return await BenchCommandLine.RunAsync(args, Console.Out, CancellationToken.None);
