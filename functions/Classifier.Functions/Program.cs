using Classifier.Functions;
using Classifier.Pipeline;
using Classifier.Pipeline.Model;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<AnonymousRateLimit>(); // per-client token buckets on the anonymous routes
builder.Services.AddClassifierPipeline(builder.Configuration);
builder.Services.AddHostedService<ModelWarmUp>();
builder.Build().Run();
