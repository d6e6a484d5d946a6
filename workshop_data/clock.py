"""Time stamps and identifiers shared by every table.

Timestamps are ISO 8601 in UTC with microseconds, so that plain string comparison orders them; the
merge of two laptops' files compares ``updated_at`` this way.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return str(uuid.uuid4())
