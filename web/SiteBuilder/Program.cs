using SiteBuilder;

return SiteBuilderCli.Run(args, Environment.CurrentDirectory, Console.Out, Console.Error);
