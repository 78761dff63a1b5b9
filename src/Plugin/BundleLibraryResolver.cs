using System.Reflection;
using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin;

/// <summary>
/// Makes a managed package's native library load from the bundle's own folder. Inside a NativeAOT library the
/// default probing looks beside the host executable (the DAW), so each such package gets this resolver, once per
/// process, before its first native call.
/// </summary>
internal static class BundleLibraryResolver
{
    private static readonly object Gate = new();
    private static readonly HashSet<Assembly> Configured = new();

    /// <summary>Native names containing <paramref name="nameContains"/> load <paramref name="fileName"/> from <paramref name="directory"/>.</summary>
    public static void Configure(Assembly assembly, string nameContains, string directory, string fileName)
    {
        lock (Gate)
        {
            if (!Configured.Add(assembly)) return;
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
            {
                if (!name.Contains(nameContains, StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
                return NativeLibrary.TryLoad(Path.Combine(directory, fileName), out IntPtr handle) ? handle : IntPtr.Zero;
            });
        }
    }
}
