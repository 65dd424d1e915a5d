using Quiver.Cli;

return QuiverCommand.Run(args, Console.Out, Console.Error);
