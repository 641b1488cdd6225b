using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Shop.Messaging.Observability;

namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>
/// Listens to the <c>Shop.Messaging</c> meter of one host only (meters are scoped to the host's IMeterFactory), so
/// parallel tests do not see each other's measurements.
/// </summary>
public sealed class MetricsCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counters = new();
    private readonly ConcurrentDictionary<string, double> _gauges = new();

    public MetricsCapture(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
        // The meter is created lazily with its first user; resolving it here makes sure the listener sees it.
        services.GetRequiredService<MessagingMetrics>();
    }

    public long Counter(string name) => _counters.GetValueOrDefault(name);

    /// <summary>Collects observable gauges now and returns the last value of <paramref name="name"/>, if reported.</summary>
    public double? Gauge(string name)
    {
        _gauges.TryRemove(name, out _);
        _listener.RecordObservableInstruments();
        return _gauges.TryGetValue(name, out var value) ? value : null;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value)
    {
        if (instrument is ObservableInstrument<long> or ObservableInstrument<double>)
        {
            _gauges[instrument.Name] = value;
        }
        else
        {
            _counters.AddOrUpdate(instrument.Name, (long)value, (_, total) => total + (long)value);
        }
    }
}
