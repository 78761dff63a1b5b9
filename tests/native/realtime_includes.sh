#!/usr/bin/env bash
# The audio thread's code (src/Wrapper/realtime) must not include, even through another header, what allocates,
# locks or logs: <string>, <vector>, <mutex>, <functional> or the wrapper's log; nor a plug-in format's declarations
# (vst3_abi.h): the core sees a block through its own view (process_block.h), which each format's adapter fills.
# Compiles each file with -H (the compiler lists every header it opens) and fails naming the file and the chain.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
compiler=${CXX:-g++}
failed=0
for file in "$root"/src/Wrapper/realtime/*.cpp "$root"/src/Wrapper/realtime/*.h "$root"/src/Wrapper/platform/platform_realtime.cpp; do
  tree=$("$compiler" -std=c++17 -fsyntax-only -fno-exceptions -fno-rtti -H -x c++ \
    -I"$root/src/Wrapper/realtime" -I"$root/src/Wrapper/include" "$file" 2>&1 >/dev/null)
  bad=$(grep -E '^\.+ .*(/string|/vector|/mutex|/functional|/log\.h|/vst3_abi\.h)$' <<<"$tree")
  if [ -n "$bad" ]; then
    echo "FAILED: ${file#$root/} includes:"; echo "$bad" | head -5; failed=1
  fi
done
[ "$failed" = 0 ] && echo "the realtime part includes none of <string>, <vector>, <mutex>, <functional>, log.h, vst3_abi.h"
exit "$failed"
