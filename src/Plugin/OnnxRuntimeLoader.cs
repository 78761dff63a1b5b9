using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Plugin;

/// <summary>Makes ONNX Runtime's native library load from the bundle's own folder (its own resolver is switched off).</summary>
internal static class OnnxRuntimeLoader
{
    public static void Configure(string libraryDirectory)
    {
        OrtEnv.DisableDllImportResolver = true;
        BundleLibraryResolver.Configure(typeof(OrtEnv).Assembly, "onnxruntime", libraryDirectory, NativeLibraryFiles.OnnxRuntime);
    }
}
