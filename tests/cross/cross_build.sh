#!/usr/bin/env bash
# The plug-in built for Linux aarch64 with Debian's cross compiler (g++-aarch64-linux-gnu): the whole bundle (the
# wrapper, the NativeAOT engine library published for linux-arm64 and linked by the cross gcc, ONNX Runtime's and
# Skia's arm64 libraries, the model) and aicp-host, and the host run under qemu-user on that bundle: it plays a phrase,
# the engine answers with the neural model. (Windows x64 is built by build.sh and run under Wine by tests/windows.)
# ONNX Runtime reads /proc/cpuinfo at load to pick its kernels; under qemu-user that file is the x86 host's and its
# arm64 parser crashes, so the host runs in a private mount namespace where /proc/cpuinfo says what an arm64 machine
# says (arm64-cpuinfo.txt). Where a namespace cannot be made, the bundle runs without its model (the style model
# answers), and the check says so.
# Ends with "N passed, N failed, N skipped".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }

build() {  # NAME TOOLCHAIN TARGETS...
  local name=$1 toolchain=$2; shift 2
  cmake -S "$root" -B "$work/$name" -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE="$root/tests/cross/$toolchain" \
    >"$work/$name.log" 2>&1 && cmake --build "$work/$name" -j"$(nproc)" --target "$@" >>"$work/$name.log" 2>&1
  local rc=$?
  [ "$rc" = 0 ] || tail -20 "$work/$name.log"
  return "$rc"
}

echo "== Linux aarch64"
build aarch64 aarch64-linux-gnu.cmake AiCoPilot aicp-host
check $? "the plug-in and aicp-host build for aarch64"
so=$work/aarch64/src/Wrapper/AiCoPilot.so
file "$so" 2>/dev/null | grep -q "ARM aarch64"; check $? "AiCoPilot.so is an aarch64 binary"

# The engine library for linux-arm64; --artifacts-path keeps the checkout's obj/ (restored for linux-x64) untouched.
dotnet publish "$root/src/Plugin" -c Release -r linux-arm64 --nologo -v quiet --artifacts-path "$work/artifacts" \
  -p:CppCompilerAndLinker="$root/tests/cross/aarch64-linux-gnu-nativeaot-gcc" -p:ObjCopyName=aarch64-linux-gnu-objcopy \
  -o "$work/engine-arm64" >"$work/engine-arm64.log" 2>&1
rc=$?; [ "$rc" = 0 ] || tail -20 "$work/engine-arm64.log"
file "$work/engine-arm64/AiCoPilotEngine.so" 2>/dev/null | grep -q "ARM aarch64"
check $? "the engine library (NativeAOT) publishes for linux-arm64 and is an aarch64 binary"

bundle=$work/bundle/AiCoPilot.vst3
mkdir -p "$bundle/Contents/aarch64-linux" "$bundle/Contents/Resources"
cp "$so" "$work/engine-arm64/"{AiCoPilotEngine.so,libonnxruntime.so,libSkiaSharp.so} "$bundle/Contents/aarch64-linux/" 2>/dev/null
cp "$root/models/"* "$bundle/Contents/Resources/" 2>/dev/null

# Real time, after the model has loaded (about 1.5 s under qemu on a quiet machine, much longer on a busy one: the
# host waits for it, up to the limit, instead of the answer coming from the style alone).
run_host() {
  QEMU_LD_PREFIX=/usr/aarch64-linux-gnu timeout 900 qemu-aarch64-static "$work/aarch64/src/Host/aicp-host" \
    "$bundle" --midi "$root/examples/phrase.mid" --tail 6 --block 128 --realtime --wait-for-model 300
}
if unshare -m true 2>/dev/null; then
  export -f run_host; export work bundle root
  report=$(unshare -m bash -c "mount --bind '$root/tests/cross/arm64-cpuinfo.txt' /proc/cpuinfo && run_host" 2>&1)
  expected_model="model ready"; how="with the neural model"
else
  rm -f "$bundle/Contents/Resources/aicopilot.onnx"
  report=$(run_host 2>&1)
  expected_model="style model only"; how="WITHOUT the neural model (no mount namespace here for an arm64 /proc/cpuinfo)"
fi
field() { sed -nE "s/.*\"$1\": ([0-9]+).*/\1/p" <<<"$report" | head -1; }
[ "$(field notes_in)" = 29 ] && [ "$(field stuck_notes)" = 0 ] && [ "$(field audio_thread_allocations)" = 0 ]
check $? "under qemu-aarch64 the host plays the phrase through the aarch64 bundle: 29 notes in, none stuck, no allocation"
suggested=$(field suggested_notes)
[ "${suggested:-0}" -gt 0 ] && grep -q "\"engine_status\": \"$expected_model" <<<"$report"
check $? "the aarch64 engine answers the phrase $how: ${suggested:-no} notes suggested"
grep -q '"engine_status"' <<<"$report" || tail -5 <<<"$report"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
