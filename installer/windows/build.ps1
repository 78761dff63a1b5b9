# Windows build of AiCoPilot: the VST3 bundle and an installer. Run on a Windows runner with Visual Studio 2022
# (C++ workload), CMake, the .NET 10 SDK and Inno Setup 6 (iscc on PATH). NativeAOT cannot cross-compile, so this
# runs on Windows itself. UNTESTED: written on Linux machines without a Windows toolchain (see installer/README.md).
#   powershell -File installer/windows/build.ps1
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot/../.."
$version = (Get-Content "$root/VERSION").Trim()
Set-Location $root

cmake -S . -B build-win -G "Visual Studio 17 2022" -A x64
cmake --build build-win --config Release --target AiCoPilot
dotnet publish src/Plugin -c Release -r win-x64 -o out/engine-win --nologo

$bundle = "out/win/AiCoPilot.vst3"
Remove-Item -Recurse -Force $bundle -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force "$bundle/Contents/x86_64-win", "$bundle/Contents/Resources" | Out-Null
Copy-Item "build-win/src/Wrapper/Release/AiCoPilot.vst3" "$bundle/Contents/x86_64-win/AiCoPilot.vst3"
Copy-Item "out/engine-win/AiCoPilotEngine.dll", "out/engine-win/onnxruntime.dll", "out/engine-win/libSkiaSharp.dll" "$bundle/Contents/x86_64-win/"
Copy-Item "models/aicopilot.onnx", "models/MODEL_CARD.md", "models/originality.idx", "LICENSE" "$bundle/Contents/Resources/"

Compress-Archive -Force -Path $bundle -DestinationPath "out/win/aicopilot-$version-windows-x64.zip"
iscc "/DAppVersion=$version" "/DSourceDir=$root\out\win" "/Oout\win" "installer\windows\AiCoPilot.iss"
Write-Host "built out/win/aicopilot-$version-windows-x64.zip and the installer"
