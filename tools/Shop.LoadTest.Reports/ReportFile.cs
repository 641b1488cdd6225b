using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.LoadTest.Reports;

/// <summary>
/// Writes and reads the files of the contract (camelCase, indented, UTC timestamps). Reading is strict: every field
/// of a record's constructor without a default must be there and non-null, so a field that was renamed or left out
/// fails the reader with the file and the field named, instead of reading as zero or empty.
/// </summary>
public static class ReportFile
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static async Task WriteAsync<T>(T report, string path, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        // Written next to the target and renamed: a reader never sees half a file.
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, report, Options, cancellationToken);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <exception cref="InvalidDataException">The file is not JSON, or a field is missing, null or of the wrong type.</exception>
    public static async Task<T> ReadAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, Options, cancellationToken)
                ?? throw new InvalidDataException($"{path} holds no report.");
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : $" (at {exception.Path})";
            throw new InvalidDataException($"{path} is not a valid {typeof(T).Name} file{where}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads <paramref name="path"/> if it exists; a file that is there but unreadable is an error, not a gap.</summary>
    public static async Task<T?> ReadIfExistsAsync<T>(string path, CancellationToken cancellationToken = default)
        where T : class =>
        File.Exists(path) ? await ReadAsync<T>(path, cancellationToken) : null;
}
