using Classifier.Cli.Commands;
using Classifier.Pipeline.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

CliConsole.Configure();
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("classifier");
    // A misspelt option (--epoch for --epochs) must stop the run, not be dropped while the defaults apply.
    config.UseStrictParsing();
    // A person reads this: say what went wrong, not where in the code.
    config.SetExceptionHandler((exception, _) =>
    {
        var message = exception is CommandAppException or OperationCanceledException ? exception.Message : exception.GetBaseException().Message;
        // The SDK's "Retry failed after 6 tries ... (Connection refused ...)" after its retries: say what to check first.
        if (exception is not OperationCanceledException && StorageFaults.Is(exception))
        {
            var last = exception is AggregateException { InnerExceptions: [.., var final] } ? final.Message : message;
            message = $"storage cannot be reached (is Azurite running, ./run.sh, and is AzureWebJobsStorage or --storage the string it printed?): {last}";
        }
        if (exception is CommandParseException)
            message += " (classifier VERB --help lists a verb's options)";
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        return exception is OperationCanceledException ? 130 : 1;
    });
    config.AddCommand<TrainCommand>("train").WithDescription("Train a head on frozen ResNet18 features from a folder of labelled images (or Fashion-MNIST).");
    config.AddCommand<EvaluateCommand>("evaluate").WithDescription("Accuracy, per-class recall and the confusion matrix of a model on labelled images.");
    config.AddCommand<PredictCommand>("predict").WithDescription("Classify image files; one JSON object per line, the API's shape.");
    config.AddCommand<CheckCommand>("check").WithDescription("Validate a model package: card, ONNX graph, and a test inference on a generated image.");
    config.AddCommand<QuantizeCommand>("quantize").WithDescription("Write an int8 twin of a model (model.int8.onnx) with activation ranges measured on its training images.");
    config.AddCommand<CompareDecodeCommand>("compare-decode").WithDescription("Top-1 agreement and the largest probability change of the fast decode against the exact one, on a folder of photos.");
    config.AddCommand<BenchCommand>("bench").WithDescription("Median milliseconds per image for decode, resize, inference and model load.");
    config.AddCommand<CompareCommand>("compare").WithDescription("Live against a candidate version on the reviewed production images (or --data DIR): accuracy with 95 % intervals, agreement, recall per label.");
    config.AddCommand<RolloutCommand>("rollout").WithDescription("Read or change the deployment record: status, shadow, canary, promote, rollback, clear.");
    config.AddCommand<ExportReviewsCommand>("export-reviews").WithDescription("Write the review queue's reviewed images as one folder per label, ready for train --data.");
    config.AddCommand<CalibrateCommand>("calibrate").WithDescription("Add out-of-domain statistics and a threshold to a package with a features output.");
    config.AddCommand<OodReportCommand>("ood-report").WithDescription("Out-of-domain benchmark: AUROC and status shares per kind of image, with a histogram PNG.");
    config.AddCommand<PublishCommand>("publish").WithDescription("Check a package and upload it to models/{name}/{version}/ (manifest last; published versions never change).");
    config.AddCommand<VersionsCommand>("versions").WithDescription("List the model versions in storage: the built-in default, the files at the root of models/, each published version.");
    config.AddCommand<BuildDefaultCommand>("build-default").WithDescription("Write the merged default model package into a folder (used by publish).");
});
return await app.RunAsync(args);
