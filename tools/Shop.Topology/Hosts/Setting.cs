using System.Text.RegularExpressions;

namespace Shop.Topology.Hosts;

/// <summary>
/// A configuration key a host reads. A deployment must set every required one and may set the optional ones; a key a
/// host does not read is a mistake (a typo, or a setting that moved), which the deployment tests reject.
/// </summary>
/// <param name="Key">The environment variable; <c>{placeholders}</c> stand for names the deployment chooses.</param>
/// <param name="Required">Whether the host refuses to start, or cannot do its job, without it.</param>
/// <param name="Meaning">What it is for, in a few words.</param>
public sealed record Setting(string Key, bool Required, string Meaning)
{
    private Regex? _pattern;

    public bool IsPattern => Key.Contains('{', StringComparison.Ordinal);

    /// <summary>Whether <paramref name="key"/> is this setting: equal to it, or the pattern with names filled in.</summary>
    public bool Matches(string key)
    {
        if (!IsPattern)
        {
            return string.Equals(Key, key, StringComparison.Ordinal);
        }
        _pattern ??= new Regex(
            "^" + Regex.Replace(Regex.Escape(Key), @"\\\{[a-z]+}", "[A-Za-z0-9_-]+") + "$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        return _pattern.IsMatch(key);
    }

    public static Setting Require(string key, string meaning) => new(key, true, meaning);

    public static Setting Allow(string key, string meaning) => new(key, false, meaning);
}
