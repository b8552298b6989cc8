using System.Globalization;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Monitoring;

/// <summary>
/// GET /api/stats?days=N: the hourly counters summed per day (all shards, all model versions), with a drift
/// figure per day for the model served now: its label mix against the card's baseline (PSI) and its
/// uncertain and out-of-domain rates and mean confidence against the baseline's; and the deployment's live,
/// candidate and previous versions side by side (<see cref="DeploymentMonitor"/>).
/// </summary>
public sealed class StatsHandlers(HourlyCounters counters, DeploymentFollower served, DeploymentMonitor deployment, TimeProvider clock, ILogger<StatsHandlers> logger)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 90;

    public async Task<ApiResult> StatsAsync(HttpRequest request)
    {
        var text = request.Query["days"].ToString();
        var days = DefaultDays;
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays))
            return Problems.BadRequest($"'days' must be a whole number from 1 to {MaxDays} (got \"{text}\")");
        return await RequestGuard.RunAsync(request, logger, async () =>
        {
            var cancellation = request.HttpContext.RequestAborted;
            // The model served now is the deployment record's live version (the configured one only without a record).
            ModelCard card;
            using (var live = await served.LiveAsync(cancellation))
                card = live.Classifier.Card;
            var today = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
            var from = today.AddDays(1 - days);
            var hours = await counters.ReadAsync(from, today.AddDays(1), cancellation);
            var versions = counters.Enabled ? await deployment.ReadAsync(from, days, hours, cancellation) : null;
            return new ApiResult(StatusCodes.Status200OK, ApiResult.Json, ApiJson.Serialize(Report(card, from, days, hours) with { Deployment = versions }));
        });
    }

    public static StatsReport Report(ModelCard card, DateTimeOffset from, int days, IReadOnlyList<HourCount> hours)
    {
        var model = new ModelInfo(card.Name, card.Version);
        var baseline = card.Baseline is { LabelShares.Count: > 0 } b ? b : null;
        var series = Enumerable.Range(0, days).Select(offset =>
        {
            var day = from.AddDays(offset);
            var ofDay = hours.Where(h => h.Hour >= day && h.Hour < day.AddDays(1)).ToList();
            var all = Sum(ofDay);
            var served = Sum(ofDay.Where(h => h.Model == model));
            return new StatsReport.Day(
                day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                all.Total,
                all.Statuses,
                all.Labels,
                Mean(all),
                Rate(all, PredictionStatus.Uncertain),
                Rate(all, PredictionStatus.OutOfDomain),
                [.. ofDay.GroupBy(h => h.Model).Select(g => new StatsReport.ModelTotal(g.Key.Name, g.Key.Version, g.Sum(h => h.Counts.Total)))],
                baseline is null || served.Classified == 0 ? null : new StatsReport.DayDrift(
                    Math.Round(DriftMeasure.PopulationStabilityIndex(served.Labels, baseline.LabelShares), 4),
                    DriftMeasure.PopulationStabilityIndex(served.Labels, baseline.LabelShares) > DriftMeasure.Alert,
                    served.Classified,
                    Rate(served, PredictionStatus.Uncertain) - baseline.UncertainRate,
                    Rate(served, PredictionStatus.OutOfDomain) - baseline.OutOfDomainRate,
                    Mean(served) - baseline.MeanConfidence));
        }).ToList();
        return new StatsReport(
            days,
            from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new(model.Name, model.Version),
            new(DriftMeasure.Name, DriftMeasure.Watch, DriftMeasure.Alert),
            baseline,
            baseline is null
                ? $"the model card of {model.Name} {model.Version} has no baseline (label shares and rates on its validation images), so no drift figure can be given"
                : null,
            series);
    }

    private static CounterDelta Sum(IEnumerable<HourCount> hours)
    {
        var sum = new CounterDelta();
        foreach (var hour in hours)
            sum.Add(hour.Counts);
        return sum;
    }

    private static double? Mean(CounterDelta counts) => counts.Classified == 0 ? null : Math.Round(counts.ConfidenceSum / counts.Classified, 4);

    private static double Rate(CounterDelta counts, PredictionStatus status) =>
        counts.Classified == 0 ? 0 : Math.Round((double)counts.Status(status) / counts.Classified, 4);
}
