#!/usr/bin/env bash
# The linker of a win-x64 NativeAOT publish on Linux (the csproj names it as CppLinker for win-x64): ILC's targets call
# it as `link_engine_dll.sh @link.rsp` where Windows would call Microsoft's link.exe. It links the same objects and
# libraries with LLVM's lld-link, against mingw-w64's import libraries, plus this folder's start-up and runtime shim
# (compiled here by clang for the MSVC ABI) in place of Microsoft's static C runtime, which Linux does not have.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rsp=${1#@}
native=$(dirname "$rsp")
mingw_lib=/usr/x86_64-w64-mingw32/lib
for tool in clang clang++ lld-link; do
  command -v "$tool" >/dev/null || { echo "link_engine_dll.sh: $tool not found (Debian packages clang and lld)" >&2; exit 1; }
done

clang --target=x86_64-pc-windows-msvc -O2 -fno-builtin -c "$here/crt_startup.c" -o "$native/crt_startup.obj"
clang++ --target=x86_64-pc-windows-msvc -O2 -fno-builtin -fno-exceptions -fsized-deallocation -c "$here/crt_new.cpp" -o "$native/crt_new.obj"

# link.rsp names Windows libraries as NAME.lib; mingw-w64 has them as libNAME.a, which lld-link reads as they are.
libs=$native/mingw-import-libs
mkdir -p "$libs"
for archive in "$mingw_lib"/lib*.a; do
  name=$(basename "$archive" .a); name=${name#lib}
  ln -sf "$archive" "$libs/$name.lib"
done

# Options of link.exe that lld-link does not take, and the PDB (never shipped), are left out; the rest is ILC's.
sed -e '1s/^\xEF\xBB\xBF//' -e '/^\/NATVIS:/d' -e '/^\/SOURCELINK:/d' -e '/^\/DEBUG$/d' "$rsp" >"$native/lld-link.rsp"
exec lld-link @"$native/lld-link.rsp" "$native/crt_startup.obj" "$native/crt_new.obj" /LIBPATH:"$libs" \
  /NODEFAULTLIB:LIBCMT.lib /NODEFAULTLIB:OLDNAMES.lib /NODEFAULTLIB:libcpmt.lib
