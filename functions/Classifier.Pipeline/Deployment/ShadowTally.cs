using System.Text.Json;
using Azure.Data.Tables;
using Classifier.Core.Inference;

namespace Classifier.Pipeline.Deployment;

/// <summary>One instance's shadow figures for one candidate and hour, cumulative (a flush replaces its row).</summary>
internal sealed class ShadowTally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _liveLabels = new(StringComparer.Ordinal), _candidateLabels = new(StringComparer.Ordinal);
    private long _liveUncertain, _liveOutOfDomain, _candidateUncertain, _candidateOutOfDomain;
    private bool _dirty;

    public long Scored { get; private set; }
    public long Agreed { get; private set; }

    public void Add(Prediction live, Prediction candidate)
    {
        lock (_gate)
        {
            Scored++;
            Agreed += live.Label == candidate.Label ? 1 : 0;
            _liveLabels[live.Label!] = _liveLabels.GetValueOrDefault(live.Label!) + 1;
            _candidateLabels[candidate.Label!] = _candidateLabels.GetValueOrDefault(candidate.Label!) + 1;
            _liveUncertain += live.Status == PredictionStatus.Uncertain ? 1 : 0;
            _liveOutOfDomain += live.Status == PredictionStatus.OutOfDomain ? 1 : 0;
            _candidateUncertain += candidate.Status == PredictionStatus.Uncertain ? 1 : 0;
            _candidateOutOfDomain += candidate.Status == PredictionStatus.OutOfDomain ? 1 : 0;
            _dirty = true;
        }
    }

    public bool TakeDirty()
    {
        lock (_gate)
        {
            var dirty = _dirty;
            _dirty = false;
            return dirty;
        }
    }

    public void MarkDirty()
    {
        lock (_gate)
            _dirty = true;
    }

    public TableEntity ToEntity(string partition, string row)
    {
        lock (_gate)
        {
            return new TableEntity(partition, row)
            {
                ["Scored"] = Scored,
                ["Agreed"] = Agreed,
                ["LiveUncertain"] = _liveUncertain,
                ["LiveOutOfDomain"] = _liveOutOfDomain,
                ["CandidateUncertain"] = _candidateUncertain,
                ["CandidateOutOfDomain"] = _candidateOutOfDomain,
                ["LiveLabels"] = JsonSerializer.Serialize(_liveLabels),
                ["CandidateLabels"] = JsonSerializer.Serialize(_candidateLabels),
            };
        }
    }
}
