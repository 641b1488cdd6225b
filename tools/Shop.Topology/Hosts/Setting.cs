using System.Text.RegularExpressions;

namespace Shop.Topology.Hosts;

/// <summary>How much a host needs a setting.</summary>
public enum SettingNeed
{
    /// <summary>The host refuses to start without it, and says so.</summary>
    Required,

    /// <summary>The host starts without it but cannot do its job (it rejects every token, or has nowhere to route).</summary>
    Expected,

    /// <summary>The host has a default.</summary>
    Optional,
}

/// <summary>
/// A configuration key a host reads. A deployment must set every required and expected one and may set the optional
/// ones; a key a host does not read is a mistake (a typo, or a setting that moved), which the deployment tests reject.
/// </summary>
/// <param name="Key">The environment variable; <c>{placeholders}</c> stand for names the deployment chooses.</param>
/// <param name="Need">Whether the host refuses to start without it, cannot work without it, or has a default.</param>
/// <param name="Meaning">What it is for, in a few words.</param>
public sealed record Setting(string Key, SettingNeed Need, string Meaning)
{
    private Regex? _pattern;

    public bool IsPattern => Key.Contains('{', StringComparison.Ordinal);

    /// <summary>Whether every deployment must set it (required or expected).</summary>
    public bool MustBeSet => Need != SettingNeed.Optional;

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

    public static Setting Require(string key, string meaning) => new(key, SettingNeed.Required, meaning);

    public static Setting Expect(string key, string meaning) => new(key, SettingNeed.Expected, meaning);

    public static Setting Allow(string key, string meaning) => new(key, SettingNeed.Optional, meaning);
}
