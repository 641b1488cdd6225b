using Shop.Topology.Cli;

// Shop.Topology: how each host runs, for ./shop (deploy/local/services.sh). `Shop.Topology help` lists the commands.
return TopologyCommandLine.Run(args, Console.Out, Console.Error);
