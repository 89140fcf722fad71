"""Peak memory of the current process, for the benchmark tables."""

from __future__ import annotations

import os
import resource
from pathlib import Path


def peak_mb() -> float:
    """This process's peak resident set, in MB.

    VmHWM (Linux) belongs to the process's own memory and starts afresh at exec. ``ru_maxrss`` does
    not: Linux carries it across fork and exec, so a benchmark child started by a parent that had
    grown large (``python -m benchmarks`` runs them all in one parent) would report the parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS


def reset_peak() -> bool:
    """Start the peak (VmHWM) afresh from the current resident set, so the next ``peak_mb`` is the
    peak of what ran in between (Linux: ``/proc/self/clear_refs``). False where that is not possible:
    ``peak_mb`` then stays the process's peak so far."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux ``/proc``; 0.0 elsewhere), to tell
    where a run's CPU went: the processes measured, the emulators serving them."""
    stat = Path(f"/proc/{pid}/stat")
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14, 15)
