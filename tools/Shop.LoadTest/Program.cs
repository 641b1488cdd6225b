using Shop.LoadTest.Cli;

return await LoadTestCli.RunAsync(args);
