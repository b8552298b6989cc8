using Classifier.LocalRunner;

return await RunnerCommand.RunAsync(args);
