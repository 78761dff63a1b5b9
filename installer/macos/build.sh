#!/usr/bin/env bash
# macOS build of AiCoPilot: a universal VST3 bundle (arm64 + x86_64) and a .pkg installing it into
# /Library/Audio/Plug-Ins/VST3. Run on a macOS runner with Xcode command line tools, CMake and the .NET 10 SDK
# (NativeAOT cannot cross-compile). Signing and notarization need the maintainers' certificates: set SIGN_ID and
# NOTARY_PROFILE to enable them. UNTESTED: written on Linux machines without a macOS toolchain.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
version=$(tr -d ' \n' < VERSION)

cmake -S . -B build-mac -DCMAKE_BUILD_TYPE=Release -DCMAKE_OSX_ARCHITECTURES="arm64;x86_64" -DCMAKE_OSX_DEPLOYMENT_TARGET=11.0
cmake --build build-mac --target AiCoPilot -j"$(sysctl -n hw.ncpu)"
for rid in osx-arm64 osx-x64; do
  dotnet publish src/Plugin -c Release -r "$rid" -o "out/engine-$rid" --nologo
done

bundle=out/mac/AiCoPilot.vst3
rm -rf "$bundle"
mkdir -p "$bundle/Contents/MacOS" "$bundle/Contents/Resources"
cp build-mac/src/Wrapper/AiCoPilot "$bundle/Contents/MacOS/AiCoPilot"
for lib in AiCoPilotEngine.dylib libonnxruntime.dylib libSkiaSharp.dylib; do
  if [ -f "out/engine-osx-arm64/$lib" ] && [ -f "out/engine-osx-x64/$lib" ] &&
     ! cmp -s "out/engine-osx-arm64/$lib" "out/engine-osx-x64/$lib"; then
    lipo -create "out/engine-osx-arm64/$lib" "out/engine-osx-x64/$lib" -output "$bundle/Contents/MacOS/$lib"
  else
    cp "out/engine-osx-arm64/$lib" "$bundle/Contents/MacOS/$lib"  # already universal
  fi
done
sed "s/@VERSION@/$version/g" installer/macos/Info.plist.in > "$bundle/Contents/Info.plist"
printf 'BNDL????' > "$bundle/Contents/PkgInfo"
cp models/aicopilot.onnx models/MODEL_CARD.md models/originality.idx LICENSE "$bundle/Contents/Resources/"

if [ -n "${SIGN_ID:-}" ]; then
  codesign --force --options runtime --timestamp --sign "$SIGN_ID" "$bundle/Contents/MacOS/"*.dylib
  codesign --force --options runtime --timestamp --sign "$SIGN_ID" "$bundle"
fi
mkdir -p out/mac/root/Library/Audio/Plug-Ins/VST3
cp -R "$bundle" out/mac/root/Library/Audio/Plug-Ins/VST3/
pkgbuild --root out/mac/root --identifier com.aicopilot.vst3 --version "$version" --install-location / \
  "out/mac/aicopilot-$version-macos.pkg"
if [ -n "${NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "out/mac/aicopilot-$version-macos.pkg" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "out/mac/aicopilot-$version-macos.pkg"
fi
echo "built out/mac/aicopilot-$version-macos.pkg"
