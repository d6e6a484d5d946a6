"""Migration 8: the free-text engagement of every stakeholder becomes a rung of the ladder.

Frozen once released, like every migration. What was typed is read with
:func:`workshop_data.stakeholders.ladder.code_for` (English or Dutch, any case, common
variants); a text that names no rung leaves the code unset and is kept, word for word, in the new
``engagement_note`` (in the trip's language: "now: …", "wanted: …"), so nothing typed is lost.
The row's ``updated_at`` is kept: two laptops that migrate the same file agree on the result.
"""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    from ..common.i18n import speaking, t
    from ..common.migrations import field_stamp_trigger
    from .ladder import code_for

    conn.execute("ALTER TABLE stakeholder ADD COLUMN engagement_note TEXT NOT NULL DEFAULT ''")
    trip = conn.execute("SELECT language FROM trip WHERE deleted_at IS NULL LIMIT 1").fetchone()
    rows = conn.execute("SELECT id, current_engagement, desired_engagement FROM stakeholder"
                        ).fetchall()
    with speaking(trip[0] if trip and trip[0] in ("nl", "en") else "nl"):
        for row_id, current, desired in rows:
            codes, kept = [], []
            for text, key in ((current, "ladder.note_now"), (desired, "ladder.note_wanted")):
                code = code_for(text)
                codes.append(code or "")
                if code is None:
                    kept.append(t(key, text=text.strip()))
            conn.execute("UPDATE stakeholder SET current_engagement = ?, desired_engagement = ?, "
                         "engagement_note = ? WHERE id = ?", [*codes, "\n".join(kept), row_id])
    # The field stamps (merging field by field) cover the new column too.
    columns = [r[1] for r in conn.execute("PRAGMA table_info(stakeholder)")]
    conn.execute("DROP TRIGGER IF EXISTS field_stamp_stakeholder")
    conn.execute(field_stamp_trigger("stakeholder", columns))
