using Classifier.Core.Inference;
using Classifier.Functions;
using Classifier.Pipeline;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// ONNX Runtime's native library and the decoder load on a second core while the host is built (cold start).
_ = StartupWarmUp.Start();
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<AnonymousRateLimit>(); // per-client token buckets on the anonymous routes
// Prediction metrics (and the worker's logs) to Application Insights; the infra sets its connection string.
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Services.AddClassifierPipeline(builder.Configuration);
builder.Services.Replace(ServiceDescriptor.Singleton<IPredictionMetrics, ApplicationInsightsMetrics>());
builder.Services.AddHostedService<ModelWarmUp>();
builder.Build().Run();
