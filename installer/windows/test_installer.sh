#!/usr/bin/env bash
# Builds the Windows packages and checks them without Windows: the zip's layout and bytes, then the installer run
# silently under Wine in a private prefix (a temp folder): over an older version, uninstalled synchronously
# (_?=), installed fresh, installed again while a file of it is held open (as a running DAW would), and
# uninstalled the way Add/Remove Programs does (QuietUninstallString). Each time the bundle must be exactly
# out/win's where DAWs look (C:\Program Files\Common Files\VST3), with its registry entry, and the user's takes
# must survive. Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(tr -d ' \n' < "$root/VERSION")
bundle=$root/out/win/AiCoPilot.vst3
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver
work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY   # no window on anyone's X server; silent runs need none
boot_pid=; hold_pid=
cleanup() {
  [ -n "$boot_pid" ] && kill "$boot_pid" 2>/dev/null
  [ -n "$hold_pid" ] && kill "$hold_pid" 2>/dev/null
  if [ -d "$WINEPREFIX" ]; then "$wineserver" -k 2>/dev/null; "$wineserver" -w 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }
# wait_until SECONDS COMMAND...: polls COMMAND until it succeeds; fails after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -ge "$deadline" ] && return 1; sleep 0.2; done
}
missing() { echo "$1"; echo "0 passed, 1 failed"; exit 1; }
[ -f "$bundle/Contents/x86_64-win/AiCoPilot.vst3" ] || missing "no Windows bundle at $bundle: run ./build.sh first"
[ -x "$wine" ] || missing "$wine is missing (Debian package wine64)"
command -v unzip >/dev/null || missing "unzip is missing (Debian package unzip)"
command -v x86_64-w64-mingw32-gcc >/dev/null || missing "x86_64-w64-mingw32-gcc is missing (Debian package gcc-mingw-w64-x86-64)"

# The prefix is made (about 15 s) while the packages build.
mkdir -p "$WINEPREFIX"
"$wine" wineboot --init >"$work/wineboot.log" 2>&1 &
boot_pid=$!

# ---- build ----
started=$SECONDS
"$root/installer/windows/build_installer.sh" "$work/pkg" >/dev/null
check $? "the installer and the zip build ($((SECONDS - started)) s)"
setup=$work/pkg/AiCoPilot-$version-win-x64-setup.exe
zip=$work/pkg/AiCoPilot-$version-win-x64.zip
[ -s "$setup" ] && [ -s "$zip" ]; check $? "both are named from VERSION ($version)"
file -b "$setup" | grep -q '^PE32+ executable (GUI) x86-64'; check $? "the installer is a 64-bit Windows program"

# An older version to install over: a small bundle with a file the new one no longer has, built from the same
# script with another version number.
old=$work/old/AiCoPilot.vst3
mkdir -p "$old/Contents/x86_64-win" "$old/Contents/Resources"
echo "old plug-in" > "$old/Contents/x86_64-win/AiCoPilot.vst3"
echo "an engine the new version no longer ships" > "$old/Contents/x86_64-win/AiCoPilotEngineOld.dll"
echo "old model" > "$old/Contents/Resources/aicopilot.onnx"
sed 's/$/\r/' "$root/LICENSE" > "$work/old/LICENSE.txt"
makensis -V1 -WX -NOCD -DVERSION=0.0.1 -DVERSION4=0.0.1.0 "-DBUNDLE=$old" "-DLICENSE_TXT=$work/old/LICENSE.txt" \
  -DSIZE_KB=1 "-DOUTFILE=$work/old/setup-0.0.1.exe" "$root/installer/windows/AiCoPilot.nsi" >/dev/null
check $? "an older version's installer (0.0.1) builds from the same script"

# A Windows program that holds a file open the way a running DAW holds the plug-in (no FILE_SHARE_DELETE), says so
# by creating READY, and lets go when RELEASE appears:  hold.exe FILE READY RELEASE
cat > "$work/hold.c" <<'EOF'
#include <windows.h>
int wmain(int argc, wchar_t **argv) {
  if (argc != 4) return 2;
  HANDLE held = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (held == INVALID_HANDLE_VALUE) return 1;
  CloseHandle(CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
  for (int i = 0; i < 1200 && GetFileAttributesW(argv[3]) == INVALID_FILE_ATTRIBUTES; i++) Sleep(50);
  CloseHandle(held);
  return 0;
}
EOF
x86_64-w64-mingw32-gcc -municode -static -O2 "$work/hold.c" -o "$work/hold.exe"
check $? "a Windows program that holds a file open builds (mingw-w64)"

# ---- zip: AiCoPilot.vst3/ at the top, every file of out/win's bundle, the same bytes ----
unzip -Z1 "$zip" > "$work/zip.list"
[ "$(cut -d/ -f1 "$work/zip.list" | sort -u)" = AiCoPilot.vst3 ]; check $? "the zip holds only AiCoPilot.vst3/ at its top level"
for f in Contents/x86_64-win/AiCoPilot.vst3 Contents/x86_64-win/AiCoPilotEngine.dll Contents/x86_64-win/onnxruntime.dll \
         Contents/x86_64-win/libSkiaSharp.dll Contents/Resources/aicopilot.onnx Contents/Resources/MODEL_CARD.md \
         Contents/Resources/LICENSE; do
  grep -qx "AiCoPilot.vst3/$f" "$work/zip.list"; check $? "the zip lists AiCoPilot.vst3/$f"
done
mkdir -p "$work/unzipped"
unzip -q "$zip" -d "$work/unzipped" && diff -r "$work/unzipped/AiCoPilot.vst3" "$bundle" >/dev/null
check $? "the unzipped bundle is out/win's, byte for byte, nothing more"

# ---- Wine: the prefix, the user's takes, where DAWs look ----
wait "$boot_pid"; boot=$?; boot_pid=
check $boot "a private Wine prefix starts"
localappdata=$("$wine" cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
takes=$("$wine" winepath -u "$localappdata\\AiCoPilot\\takes" 2>/dev/null)
[ -n "$localappdata" ] && [ -n "$takes" ]; check $? "%LOCALAPPDATA% is $localappdata"
mkdir -p "$takes"
echo "the user's take" > "$takes/take-1.mid"
vst3=$WINEPREFIX/drive_c/Program\ Files/Common\ Files/VST3
installed=$vst3/AiCoPilot.vst3
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\AiCoPilot'
# reg_value NAME: one value of the Add/Remove Programs entry (empty when it or the key is missing).
reg_value() { sed -nE "s/^ +$1 +REG_[A-Z_]+ +(.*)\$/\1/p" "$work/reg.txt"; }
# read_entry: reads the entry into reg.txt; fails when the key is missing.
read_entry() {
  "$wine" reg query "$key" > "$work/reg.raw" 2>/dev/null; local rc=$?
  tr -d '\r' < "$work/reg.raw" > "$work/reg.txt"; return $rc
}
# run_bat NAME LINE: runs one command line exactly as Windows would get it (cmd waits for it in a batch file).
run_bat() { printf '@%s\r\n@exit %%ERRORLEVEL%%\r\n' "$2" > "$work/$1.bat"; "$wine" cmd /c "$(winepath_w "$work/$1.bat")" >/dev/null 2>&1; }
winepath_w() { echo "Z:${1//\//\\}"; }

"$wine" "$work/old/setup-0.0.1.exe" /S >/dev/null 2>&1
old_rc=$?
read_entry
[ "$old_rc" = 0 ] && [ -s "$installed/Contents/x86_64-win/AiCoPilotEngineOld.dll" ] && [ "$(reg_value DisplayVersion)" = 0.0.1 ]
check $? "the older version installs (setup /S)"

# ---- install over it ----
started=$SECONDS
"$wine" "$setup" /S >/dev/null 2>&1
check $? "setup /S installs over it ($((SECONDS - started)) s)"
for f in Contents/x86_64-win/AiCoPilot.vst3 Contents/x86_64-win/AiCoPilotEngine.dll Contents/x86_64-win/onnxruntime.dll \
         Contents/x86_64-win/libSkiaSharp.dll Contents/Resources/aicopilot.onnx Contents/Resources/MODEL_CARD.md; do
  [ -s "$installed/$f" ]; check $? "installed Common Files/VST3/AiCoPilot.vst3/$f"
done
diff -r "$installed" "$bundle" >/dev/null
check $? "the installed bundle is out/win's, byte for byte: nothing of the older version is left in it"
[ "$(ls -A "$vst3")" = AiCoPilot.vst3 ]; check $? "nothing else is left in the VST3 folder (no half copy)"
read_entry
[ "$(reg_value DisplayVersion)" = "$version" ]; check $? "Add/Remove Programs: DisplayVersion $version"
reg_value DisplayName | grep -q "^AiCoPilot $version"; check $? "Add/Remove Programs: DisplayName '$(reg_value DisplayName)'"
[ -n "$(reg_value Publisher)" ]; check $? "Add/Remove Programs: Publisher '$(reg_value Publisher)'"
[ "$(reg_value InstallLocation)" = 'C:\Program Files\Common Files\VST3\AiCoPilot.vst3' ]
check $? "Add/Remove Programs: InstallLocation is the bundle"
size=$(reg_value EstimatedSize); bundle_kb=$(du -sk "$bundle" | cut -f1)
[ -n "$size" ] && [ $((size)) = "$bundle_kb" ]; check $? "Add/Remove Programs: EstimatedSize $((size)) KB (the bundle: $bundle_kb KB)"
uninstall=$(reg_value UninstallString); quiet=$(reg_value QuietUninstallString)
uninstaller=${uninstall//\"/}
[ -s "$("$wine" winepath -u "$uninstaller" 2>/dev/null)" ]; check $? "Add/Remove Programs: UninstallString $uninstall exists"
[ "$quiet" = "$uninstall /S" ]; check $? "Add/Remove Programs: QuietUninstallString $quiet"
[ "$(cat "$takes/take-1.mid")" = "the user's take" ]; check $? "installing leaves the user's takes alone"

# ---- uninstall synchronously (_?=: the uninstaller runs in place and is waited for) ----
started=$SECONDS
run_bat uninstall1 "$uninstall /S _?=${uninstaller%\\*}"
check $? "the uninstaller /S _?= runs and exits 0 ($((SECONDS - started)) s)"
[ ! -e "$installed" ] && [ -z "$(ls -A "$vst3")" ]; check $? "the bundle is gone from Common Files/VST3"
! read_entry && ! grep -q DisplayName "$work/reg.txt"; check $? "the Add/Remove Programs entry is gone"
[ "$(cat "$takes/take-1.mid" 2>/dev/null)" = "the user's take" ]; check $? "the user's takes survive (%LOCALAPPDATA%\\AiCoPilot\\takes)"

# ---- install fresh, uninstall the way Add/Remove Programs does (it returns at once; wait for it to finish) ----
uninstall_dir=$("$wine" winepath -u "${uninstaller%\\*}" 2>/dev/null)
"$wine" "$setup" /S >/dev/null 2>&1 && diff -r "$installed" "$bundle" >/dev/null && [ -s "$uninstall_dir/Uninstall.exe" ]
check $? "setup /S installs fresh, byte for byte, with its uninstaller"

# ---- install again while a file of the bundle is held open (a DAW running with the plug-in) ----
# Wine lets the folder be renamed all the same (Windows may refuse: then setup stops with nothing changed, exit 2;
# not tried here): the new bundle goes in whole and the old one waits beside it, marked for deletion at restart.
"$wine" "$work/hold.exe" 'C:\Program Files\Common Files\VST3\AiCoPilot.vst3\Contents\x86_64-win\AiCoPilot.vst3' \
  "$(winepath_w "$work/ready")" "$(winepath_w "$work/release")" >/dev/null 2>&1 &
hold_pid=$!
wait_until 30 test -e "$work/ready"; check $? "a program holds the installed plug-in DLL open"
"$wine" "$setup" /S >/dev/null 2>&1 && diff -r "$installed" "$bundle" >/dev/null
check $? "setup /S still installs the whole bundle, byte for byte"
[ -d "$vst3/.AiCoPilot.vst3.old" ]; check $? "the old bundle, still in use, waits beside it as .AiCoPilot.vst3.old"
"$wine" reg query 'HKLM\System\CurrentControlSet\Control\Session Manager' 2>/dev/null |
  grep PendingFileRenameOperations | grep -qF 'VST3\.AiCoPilot.vst3.old'
check $? "and is marked for deletion at the next restart (PendingFileRenameOperations)"
touch "$work/release"; wait "$hold_pid"; hold=$?; hold_pid=
check $hold "the program lets go of it"

started=$SECONDS
run_bat uninstall2 "$quiet" &&
  wait_until 60 test ! -e "$uninstall_dir"
check $? "QuietUninstallString runs and removes the uninstaller's folder ($((SECONDS - started)) s)"
[ ! -e "$installed" ] && [ -z "$(ls -A "$vst3")" ]; check $? "the bundle and the old one beside it are gone"
! read_entry && ! grep -q DisplayName "$work/reg.txt"; check $? "the Add/Remove Programs entry is gone again"
[ "$(cat "$takes/take-1.mid" 2>/dev/null)" = "the user's take" ]; check $? "the user's takes survive again"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
