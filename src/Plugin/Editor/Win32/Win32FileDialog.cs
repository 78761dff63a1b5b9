namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// "Learn files..." on Windows: the system's Open dialog (GetOpenFileNameW, Explorer style, several files) for MIDI and
/// MusicXML files. It is modal: it runs its own message loop on the UI thread (the editor's timer keeps firing in it)
/// and returns when the user has chosen or cancelled.
/// </summary>
internal static unsafe class Win32FileDialog
{
    private const string Filter = "Songs (MIDI, MusicXML)\0*.mid;*.midi;*.kar;*.musicxml;*.xml;*.mxl\0All files\0*.*\0\0";
    private const string Title = "AiCoPilot: learn from files\0";
    private const int Capacity = 1 << 16;  // characters: the folder and hundreds of names

    /// <summary>True when this Windows has the dialog (comdlg32).</summary>
    public static bool Available => LazyAvailable.Value;
    private static readonly Lazy<bool> LazyAvailable = new(() => System.Runtime.InteropServices.NativeLibrary.TryLoad("comdlg32.dll", out _));

    /// <summary>The files chosen (none when cancelled), or null with <paramref name="error"/> when the dialog failed.</summary>
    public static IReadOnlyList<string>? ChooseSongs(nint owner, out string? error)
    {
        error = null;
        var buffer = new char[Capacity];
        fixed (char* file = buffer)
        fixed (char* filter = Filter)
        fixed (char* title = Title)
        {
            var dialog = new Win32.OPENFILENAMEW
            {
                lStructSize = (uint)sizeof(Win32.OPENFILENAMEW),
                hwndOwner = owner,
                lpstrFilter = filter,
                nFilterIndex = 1,
                lpstrFile = file,
                nMaxFile = Capacity,
                lpstrTitle = title,
                Flags = Win32.OFN_ALLOWMULTISELECT | Win32.OFN_EXPLORER | Win32.OFN_FILEMUSTEXIST | Win32.OFN_PATHMUSTEXIST |
                        Win32.OFN_NOCHANGEDIR | Win32.OFN_HIDEREADONLY,
            };
            if (Win32.GetOpenFileNameW(&dialog)) return ParseMultiSelect(new ReadOnlySpan<char>(file, Capacity));
            uint code = Win32.CommDlgExtendedError();
            if (code == 0) return Array.Empty<string>();  // cancelled
            error = code == Win32.FNERR_BUFFERTOOSMALL ? "too many files at once" : $"the file dialog failed (error 0x{code:X})";
            return null;
        }
    }

    /// <summary>The dialog's answer: one full path, or a folder followed by names, each ended by a NUL, the list by two.</summary>
    internal static List<string> ParseMultiSelect(ReadOnlySpan<char> answer)
    {
        var parts = new List<string>();
        while (answer.Length > 0 && answer[0] != '\0')
        {
            int end = answer.IndexOf('\0');
            if (end < 0) end = answer.Length;
            parts.Add(answer[..end].ToString());
            answer = end < answer.Length ? answer[(end + 1)..] : ReadOnlySpan<char>.Empty;
        }
        if (parts.Count <= 1) return parts;
        return parts.Skip(1).Select(name => Path.Combine(parts[0], name)).ToList();
    }
}
