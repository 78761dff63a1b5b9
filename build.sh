#!/usr/bin/env bash
# Builds everything in Release and lays out the VST3 bundle:
#   out/AiCoPilot.vst3/Contents/x86_64-linux/AiCoPilot.so        the wrapper (C++)
#   out/AiCoPilot.vst3/Contents/x86_64-linux/AiCoPilotEngine.so  the engine (C# NativeAOT)
#   out/AiCoPilot.vst3/Contents/x86_64-linux/libonnxruntime.so   ONNX Runtime (CPU)
#   out/AiCoPilot.vst3/Contents/Resources/aicopilot.onnx         the model, with its card and licence
#   out/bin/aicopilot, out/bin/aicp-host
# the CLAP plug-in from the same core, in a folder of the same shape (installed as ~/.clap/AiCoPilot/):
#   out/clap/AiCoPilot/Contents/x86_64-linux/AiCoPilot.clap          the CLAP adapter (C++), beside the same engine,
#   out/clap/AiCoPilot/Contents/x86_64-linux/{AiCoPilotEngine.so,libonnxruntime.so,libSkiaSharp.so}
#   out/clap/AiCoPilot/Contents/Resources/...                        and the same model
# and the same bundle for Windows x64, built here with mingw-w64 (the wrapper, aicp-host.exe) and NativeAOT linked by
# lld-link (the engine; src/Plugin/NativeAot.win-x64):
#   out/win/AiCoPilot.vst3/Contents/x86_64-win/{AiCoPilot.vst3,AiCoPilotEngine.dll,onnxruntime.dll,libSkiaSharp.dll}
#   out/win/AiCoPilot.vst3/Contents/Resources/...   out/win/bin/aicp-host.exe
#   out/win/clap/AiCoPilot/Contents/x86_64-win/{AiCoPilot.clap,...dll}, out/win/clap/AiCoPilot/Contents/Resources/...
# then installs the bundle into ~/.vst3 and the CLAP folder into ~/.clap (skip with --no-install).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
install=1
[ "${1:-}" = "--no-install" ] && install=0

echo "== native (wrapper, host, native tests)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

echo "== engine library (NativeAOT)"
dotnet publish src/Plugin -c Release -o out/engine --nologo -v quiet

echo "== aicopilot command (NativeAOT)"
dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -o out/cli --nologo -v quiet

bundle=out/AiCoPilot.vst3
rm -rf "$bundle"
mkdir -p "$bundle/Contents/x86_64-linux" "$bundle/Contents/Resources" out/bin
cp --remove-destination build/src/Wrapper/AiCoPilot.so "$bundle/Contents/x86_64-linux/"
cp --remove-destination out/engine/AiCoPilotEngine.so out/engine/libonnxruntime.so out/engine/libSkiaSharp.so "$bundle/Contents/x86_64-linux/"
cp LICENSE "$bundle/Contents/Resources/"
cp models/aicopilot.onnx models/MODEL_CARD.md "$bundle/Contents/Resources/"
[ -f models/originality.idx ] && cp models/originality.idx "$bundle/Contents/Resources/"
# A new file each (--remove-destination), never one rewritten in place under a process that runs it (a host, a DAW).
cp --remove-destination out/cli/aicopilot out/cli/libonnxruntime.so out/bin/
cp --remove-destination build/src/Host/aicp-host out/bin/aicp-host
echo "built $bundle, out/bin/aicopilot, out/bin/aicp-host"

# The CLAP: a folder of its own holding the .clap with its own copy of the engine and the model, in the VST3
# bundle's shape. Why: the platform code finds the engine beside the module that holds it and the model in
# ../Resources (src/Wrapper/platform, src/Plugin/EngineInstance.cs), CLAP hosts on Linux scan ~/.clap and
# /usr/lib/clap recursively for *.clap files (a .clap is one file there, so the libraries cannot sit inside it), and a
# self-contained folder installs, upgrades and uninstalls on its own: it never depends on the VST3 being installed
# (a CLAP-only user never installs it) nor breaks when the VST3 is removed. The cost is a second copy of the
# engine's libraries (~50 MB) for someone who installs both.
clap_folder=out/clap/AiCoPilot
rm -rf out/clap
mkdir -p "$clap_folder/Contents/x86_64-linux"
cp --remove-destination build/src/Wrapper/clap/AiCoPilot.clap "$clap_folder/Contents/x86_64-linux/"
cp --remove-destination "$bundle/Contents/x86_64-linux/"{AiCoPilotEngine.so,libonnxruntime.so,libSkiaSharp.so} "$clap_folder/Contents/x86_64-linux/"
cp -r "$bundle/Contents/Resources" "$clap_folder/Contents/"
echo "built $clap_folder"

echo "== Windows x64 (wrapper and host with mingw-w64, engine with NativeAOT and lld-link)"
cmake -S . -B build-win -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE="$PWD/tests/cross/x86_64-w64-mingw32.cmake" >/dev/null
cmake --build build-win -j"$(nproc)" --target AiCoPilot AiCoPilotClap aicp-host >/dev/null
dotnet publish src/Plugin -c Release -r win-x64 --artifacts-path out/win-artifacts -o out/win-engine --nologo -v quiet
win_bundle=out/win/AiCoPilot.vst3
rm -rf "$win_bundle"
mkdir -p "$win_bundle/Contents/x86_64-win" "$win_bundle/Contents/Resources" out/win/bin
cp build-win/src/Wrapper/AiCoPilot.vst3 "$win_bundle/Contents/x86_64-win/"
cp build-win/src/Host/aicp-host.exe out/win/bin/aicp-host.exe
cp out/win-engine/AiCoPilotEngine.dll out/win-engine/onnxruntime.dll out/win-engine/libSkiaSharp.dll "$win_bundle/Contents/x86_64-win/"
cp "$bundle/Contents/Resources/"* "$win_bundle/Contents/Resources/"
echo "built $win_bundle"
win_clap=out/win/clap/AiCoPilot
rm -rf out/win/clap
mkdir -p "$win_clap/Contents/x86_64-win"
cp build-win/src/Wrapper/clap/AiCoPilot.clap "$win_clap/Contents/x86_64-win/"
cp "$win_bundle/Contents/x86_64-win/"{AiCoPilotEngine.dll,onnxruntime.dll,libSkiaSharp.dll} "$win_clap/Contents/x86_64-win/"
cp -r "$win_bundle/Contents/Resources" "$win_clap/Contents/"
echo "built $win_clap"

if [ "$install" = 1 ]; then
  mkdir -p "$HOME/.vst3"
  rm -rf "$HOME/.vst3/AiCoPilot.vst3"
  cp -r "$bundle" "$HOME/.vst3/"
  echo "installed into $HOME/.vst3/AiCoPilot.vst3"
  mkdir -p "$HOME/.clap"
  rm -rf "$HOME/.clap/AiCoPilot"
  cp -r "$clap_folder" "$HOME/.clap/"
  echo "installed into $HOME/.clap/AiCoPilot"
fi
