using Pickling.Cli;

return await PickleCommand.InvokeAsync(args, CliConsole.System()).ConfigureAwait(false);
