"""Migration 7 (kept beside ``migrations.py``, which is near its size limit).

* **"Helps me / lets others act" belongs to the task–dataset link.** One dataset serves several
  tasks, and whether it helps the participant or lets others act differs per task. The link
  gets ``helps``; every existing link takes its dataset's value, so nothing anybody chose is
  lost. ``dataset.helps`` stays in the file (older copies of the trip still merge, and the field
  stamp trigger of ``dataset`` names it) but is retired: nothing writes it any more.
  The link's ``updated_at`` is left as it was: copying a value is no edit, and two copies of
  the trip migrated apart must not look as if both changed every link.
* **The catalogue shows a package's licence and resources**, and is searched by Dutch word
  forms: the index is rebuilt with a ``stems`` column (``inventory.search.stems`` of title and
  tags, computed here for the packages already pulled) and a prefix index of
  ``search.FIRST_PART`` letters for compounds.

Raw SQL, not sqlite-utils' ``enable_fts``: that runs ``executescript``, which commits the open
transaction, and a migration must be one transaction with its ``user_version`` (docs/DESIGN.md).
"""

from __future__ import annotations

import sqlite3

_COLUMNS = "title, notes, tags, organisation, stems"

STATEMENTS = [
    "ALTER TABLE task_dataset ADD COLUMN helps TEXT NOT NULL DEFAULT 'me' "
    "CHECK (helps IN ('me', 'others', 'both'))",
    "UPDATE task_dataset SET helps = coalesce("
    "(SELECT d.helps FROM dataset d WHERE d.id = task_dataset.dataset_id), 'me')",
    "ALTER TABLE catalogue ADD COLUMN licence TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE catalogue ADD COLUMN resources TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE catalogue ADD COLUMN stems TEXT NOT NULL DEFAULT ''",
    "DROP TRIGGER catalogue_ai",
    "DROP TRIGGER catalogue_ad",
    "DROP TRIGGER catalogue_au",
    "DROP TABLE catalogue_fts",
]

# After the stems are filled in: a trigger must never 'delete' a row the index does not hold.
INDEX = [
    f"""CREATE VIRTUAL TABLE catalogue_fts USING fts5(
        {_COLUMNS},
        content='catalogue', content_rowid='rowid',
        tokenize="unicode61 remove_diacritics 2", prefix='5'
    )""",
    f"""CREATE TRIGGER catalogue_ai AFTER INSERT ON catalogue BEGIN
        INSERT INTO catalogue_fts(rowid, {_COLUMNS})
        VALUES (new.rowid, new.title, new.notes, new.tags, new.organisation, new.stems);
    END""",
    f"""CREATE TRIGGER catalogue_ad AFTER DELETE ON catalogue BEGIN
        INSERT INTO catalogue_fts(catalogue_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.rowid, old.title, old.notes, old.tags, old.organisation,
                old.stems);
    END""",
    f"""CREATE TRIGGER catalogue_au AFTER UPDATE ON catalogue BEGIN
        INSERT INTO catalogue_fts(catalogue_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.rowid, old.title, old.notes, old.tags, old.organisation,
                old.stems);
        INSERT INTO catalogue_fts(rowid, {_COLUMNS})
        VALUES (new.rowid, new.title, new.notes, new.tags, new.organisation, new.stems);
    END""",
]


def migrate(conn: sqlite3.Connection) -> None:
    from ..inventory.search import stems

    for statement in STATEMENTS:
        conn.execute(statement)
    rows = conn.execute("SELECT rowid, title, tags FROM catalogue").fetchall()
    conn.executemany("UPDATE catalogue SET stems = ? WHERE rowid = ?",
                     [(stems(f"{title} {tags}"), rowid) for rowid, title, tags in rows])
    for statement in INDEX:
        conn.execute(statement)
    conn.execute("INSERT INTO catalogue_fts(catalogue_fts) VALUES ('rebuild')")
