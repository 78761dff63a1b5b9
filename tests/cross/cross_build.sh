#!/usr/bin/env bash
# The wrapper and the host built for the other platforms the code claims, with Debian's cross compilers:
#   Linux aarch64 (g++-aarch64-linux-gnu): the plug-in and aicp-host built and linked, and the host run under
#     qemu-user on the aarch64 bundle (the wrapper only: MIDI passes through, nothing sticks, nothing allocates);
#   Windows x64 (g++-mingw-w64-x86-64): the plug-in DLL built and linked (aicp-host is POSIX-only).
# Ends with "N passed, N failed".
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
mkdir -p "$work/bundle/AiCoPilot.vst3/Contents/aarch64-linux"
cp "$so" "$work/bundle/AiCoPilot.vst3/Contents/aarch64-linux/" 2>/dev/null
report=$(QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64-static "$work/aarch64/src/Host/aicp-host" \
  "$work/bundle/AiCoPilot.vst3" --midi "$root/examples/phrase.mid" --tail 1 --block 128 2>&1)
field() { sed -nE "s/.*\"$1\": ([0-9]+).*/\1/p" <<<"$report" | head -1; }
[ "$(field notes_in)" = 29 ] && [ "$(field notes_out)" = 29 ] && [ "$(field stuck_notes)" = 0 ] && [ "$(field audio_thread_allocations)" = 0 ]
check $? "under qemu-aarch64 the host plays the phrase through the aarch64 wrapper: 29 notes in and out, none stuck, no allocation"

echo "== Windows x64"
build mingw x86_64-w64-mingw32.cmake AiCoPilot
check $? "the plug-in DLL builds and links for Windows x64"
file "$work/mingw/src/Wrapper/AiCoPilot.vst3" 2>/dev/null | grep -q "PE32+ executable (DLL)"; check $? "AiCoPilot.vst3 is a Windows x64 DLL"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
