"""Time stamps and identifiers shared by every table.

Timestamps are ISO 8601 in UTC with microseconds, so that plain string comparison orders them; the
merge of two laptops' files compares ``updated_at`` this way.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return str(uuid.uuid4())


def new_ids(n: int) -> list[str]:
    """``n`` UUID4 keys from one read of the system's randomness (a ballot's rows at once)."""
    raw = os.urandom(16 * n)
    return [str(uuid.UUID(bytes=raw[i:i + 16], version=4)) for i in range(0, 16 * n, 16)]
