using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Bench;

/// <summary>How every file of a bench is read and written: camelCase, indented, enums as text, nulls left out.</summary>
public static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>One JSON document per line (the sampler's NDJSON).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static async Task<T> ReadAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(stream, Options, cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no JSON document");
    }

    /// <summary>Reads <paramref name="path"/> if it exists; a file that is there but unreadable is an error, not a gap.</summary>
    public static async Task<T?> ReadIfExistsAsync<T>(string path, CancellationToken cancellationToken = default)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return await ReadAsync<T>(path, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a document.</summary>
    public static async Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, value, Options, cancellationToken);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
