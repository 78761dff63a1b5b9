#!/usr/bin/env python3
"""Where a process's resident memory grows, page by page.

    bench/page_growth.py PID [SECONDS]   (default 120; run as root: /proc/PID/pagemap needs it)

Reads which pages of the process's writable anonymous mappings are resident (/proc/PID/pagemap), waits, reads
again, and prints the pages that became resident (or stopped being) as runs of adjacent pages, largest first, with
the mapping each lies in and its offset there. /proc/PID/smaps can only say which mapping grew; the runs say how:
one run that moves forward is an allocation frontier, runs a fixed distance apart are arrays of one size being
filled in step (that is how the soak's last growth was traced to the learned styles' arrays, docs/reliability.md).
"""
import struct
import sys
import time

PAGE = 4096


def writable_anonymous_maps(pid):
    maps = []
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            name = fields[5] if len(fields) > 5 else ""
            # The GC's and the allocator's reservations are anonymous; skip the 64-bit vsyscall page's odd range.
            if "w" in fields[1] and (name == "" or name.startswith("[")) and end - start < (1 << 40):
                maps.append((start, end, name))
    return maps


def resident_pages(pid):
    pages = {}
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for start, end, name in writable_anonymous_maps(pid):
            pagemap.seek(start // PAGE * 8)
            data = pagemap.read((end - start) // PAGE * 8)
            for i in range(len(data) // 8):
                if struct.unpack_from("<Q", data, i * 8)[0] >> 63:  # bit 63: present in memory
                    pages[start + i * PAGE] = (start, end, name)
    return pages


def runs(addresses):
    out = []
    for a in sorted(addresses):
        if out and a == out[-1][1]:
            out[-1][1] = a + PAGE
        else:
            out.append([a, a + PAGE])
    return out


def report(label, addresses, where, limit=16):
    found = runs(addresses)
    print(f"{label}: {len(addresses) * PAGE // 1024} KiB in {len(found)} runs")
    for start, end in sorted(found, key=lambda r: r[0] - r[1])[:limit]:
        m_start, m_end, name = where[start]
        print(f"  {start:#x} +{(end - start) // 1024} KiB in the {(m_end - m_start) // 1024} KiB mapping at {m_start:#x}"
              f" {name} (offset {(start - m_start) // 1024} KiB)")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    pid = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 120
    before = resident_pages(pid)
    time.sleep(seconds)
    after = resident_pages(pid)
    print(f"resident in writable anonymous mappings: {len(before) * PAGE // 1024} -> {len(after) * PAGE // 1024} KiB"
          f" over {seconds:.0f} s")
    report("became resident", set(after) - set(before), after)
    report("no longer resident", set(before) - set(after), before)


if __name__ == "__main__":
    main()
