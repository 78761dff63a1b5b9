using System.ComponentModel;
using System.Diagnostics;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Asks the desktop's own file chooser for songs to learn: zenity (GNOME and most desktops), else kdialog (KDE), run
/// as a separate process as JUCE does on Linux, so no toolkit enters the host's process and the UI thread never waits:
/// <see cref="Poll"/> is called from the editor's timer. Without either program, <see cref="Start"/> says so and the
/// editor falls back to its learn folder.
/// </summary>
internal sealed class LinuxFileChooser : IDisposable
{
    private const string Title = "AiCoPilot: learn from files";

    // Each program and its arguments: several files, one path a line on standard output; cancel exits non-zero.
    private static readonly (string Program, string[] Arguments)[] Choosers =
    {
        ("zenity", new[] { "--file-selection", "--multiple", "--separator=\n", "--title=" + Title,
                           "--file-filter=Songs (MIDI, MusicXML) | *.mid *.midi *.MID *.kar *.musicxml *.xml *.mxl", "--file-filter=All files | *" }),
        ("kdialog", new[] { "--getopenfilename", "--multiple", "--separate-output", "--title", Title,
                            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "*.mid *.midi *.MID *.kar *.musicxml *.xml *.mxl|Songs (MIDI, MusicXML)" }),
    };

    private Process? _process;
    private Task<string>? _output;

    /// <summary>True while a chooser is open.</summary>
    public bool Open => _process is not null;

    /// <summary>Opens the first chooser this desktop has; false when there is none (or one is open already).</summary>
    public bool Start()
    {
        if (_process is not null) return false;
        foreach (var (program, arguments) in Choosers)
        {
            var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in arguments) info.ArgumentList.Add(a);
            try
            {
                _process = Process.Start(info);
            }
            catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
            {
                continue;  // not installed: the next one
            }
            if (_process is null) continue;
            _output = _process.StandardOutput.ReadToEndAsync();
            _ = _process.StandardError.ReadToEndAsync();  // drained, so a chatty toolkit cannot block the chooser
            return true;
        }
        return false;
    }

    /// <summary>Once the chooser has closed: the paths chosen (empty when cancelled); null while it is open or when none
    /// was opened.</summary>
    public IReadOnlyList<string>? Poll()
    {
        if (_process is not { HasExited: true } process || _output is not { IsCompleted: true } output) return null;
        bool chosen = process.ExitCode == 0 && output.IsCompletedSuccessfully;
        var paths = chosen ? output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Array.Empty<string>();
        Dispose();
        return paths;
    }

    /// <summary>Closes the chooser if it is still open (the editor is closing) and lets go of it.</summary>
    public void Dispose()
    {
        try { if (_process is { HasExited: false }) _process.Kill(); }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception) { }  // it ended meanwhile
        _process?.Dispose();
        _process = null;
        _output = null;
    }
}
