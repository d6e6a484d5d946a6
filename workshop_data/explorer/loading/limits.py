"""How big a file may be: the byte limit, and what free memory allows once a table is parsed.
Apart from the reader so that the Excel readers can ask it too (they are below the reader)."""

from __future__ import annotations

from ...common.i18n import decimal, grouped, t

DEFAULT_MAX_BYTES = 512 << 20
# A parsed table takes several times the bytes of its CSV (Python strings,
# index, conversions); refuse files that would not fit in free memory.
MEMORY_FACTOR = 6


def human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{grouped(n)} {unit}" if unit == "bytes" else f"{decimal(n)} {unit}"
        n /= 1024
    return str(n)


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def byte_limit(max_bytes: int) -> tuple[int, str]:
    """The effective limit and a phrase explaining it."""
    free = _available_memory()
    if free is not None and free // MEMORY_FACTOR < max_bytes:
        return free // MEMORY_FACTOR, t("loading.size.memory", free=human(free))
    return max_bytes, t("loading.size.limit")
