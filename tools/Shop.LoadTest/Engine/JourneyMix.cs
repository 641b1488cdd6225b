namespace Shop.LoadTest.Engine;

/// <summary>The journeys of a run and the probability of each: an arrival picks one by its weight.</summary>
public sealed class JourneyMix
{
    private readonly IJourney[] _journeys;
    private readonly double[] _cumulative;

    public JourneyMix(IReadOnlyList<(IJourney Journey, double Weight)> journeys)
    {
        if (journeys.Count == 0 || journeys.Any(j => !(j.Weight >= 0)) || journeys.Sum(j => j.Weight) <= 0)
        {
            throw new ArgumentException("A journey mix needs at least one journey and weights of at least 0 adding up to more than 0.", nameof(journeys));
        }
        var total = journeys.Sum(j => j.Weight);
        _journeys = [.. journeys.Select(j => j.Journey)];
        Weights = [.. journeys.Select(j => j.Weight / total)];
        _cumulative = new double[_journeys.Length];
        var sum = 0.0;
        for (var i = 0; i < _journeys.Length; i++)
        {
            sum += Weights[i];
            _cumulative[i] = sum;
        }
    }

    public IReadOnlyList<IJourney> Journeys => _journeys;

    /// <summary>Each journey's share of arrivals, adding up to 1.</summary>
    public IReadOnlyList<double> Weights { get; }

    public IReadOnlyList<string> Names => [.. _journeys.Select(j => j.Name)];

    /// <summary>The journey for a uniform random number in [0, 1).</summary>
    public int Pick(double uniform)
    {
        for (var i = 0; i < _cumulative.Length - 1; i++)
        {
            if (uniform < _cumulative[i])
            {
                return i;
            }
        }
        return _cumulative.Length - 1;
    }
}
