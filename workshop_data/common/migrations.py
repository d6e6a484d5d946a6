"""Numbered schema migrations of the trip file.

``PRAGMA user_version`` holds the number of the last migration applied. A migration, once released,
is never edited: a change to the schema is a new migration appended to ``MIGRATIONS``. Each one runs
in its own transaction together with the bump of ``user_version``, so a failure leaves the file at
the previous version, untouched.

Every domain table has a UUID text key, ``created_at``, ``updated_at`` and ``deleted_at`` (soft
delete), so that the files of two laptops can be merged row by row without collisions.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable


# The columns every domain table starts with. Frozen: migrations that use it must not change.
_STD = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT"""

_M1 = f"""
CREATE TABLE trip ({_STD},
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
    portal_url TEXT NOT NULL DEFAULT '',
    portal_organisation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE atelier ({_STD},
    trip_id TEXT NOT NULL REFERENCES trip(id),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
    date TEXT,
    place TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX atelier_number ON atelier(trip_id, number) WHERE deleted_at IS NULL;

CREATE TABLE participant ({_STD},
    trip_id TEXT NOT NULL REFERENCES trip(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    department TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    ballot_code TEXT NOT NULL
);
CREATE UNIQUE INDEX participant_ballot_code ON participant(ballot_code);

CREATE TABLE task ({_STD},
    participant_id TEXT NOT NULL REFERENCES participant(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    policy_goal TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_participant ON task(participant_id);

CREATE TABLE dataset ({_STD},
    trip_id TEXT NOT NULL REFERENCES trip(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    owner_department TEXT NOT NULL DEFAULT '',
    source_system TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    helps TEXT NOT NULL DEFAULT 'me' CHECK (helps IN ('me', 'others', 'both')),
    personal_data INTEGER NOT NULL DEFAULT 0 CHECK (personal_data IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'identified' CHECK (status IN (
        'identified', 'requested', 'located', 'obtained', 'explored', 'ready', 'published')),
    chaser_id TEXT REFERENCES participant(id),
    follow_up TEXT,
    licence TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    access_rights TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE dataset_file ({_STD},
    dataset_id TEXT NOT NULL REFERENCES dataset(id),
    path TEXT NOT NULL,
    load_options TEXT NOT NULL DEFAULT '{{}}',
    sha256 TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dataset_file_dataset ON dataset_file(dataset_id);

CREATE TABLE task_dataset ({_STD},
    task_id TEXT NOT NULL REFERENCES task(id),
    dataset_id TEXT NOT NULL REFERENCES dataset(id)
);
CREATE UNIQUE INDEX task_dataset_pair ON task_dataset(task_id, dataset_id);
CREATE INDEX task_dataset_dataset ON task_dataset(dataset_id);

CREATE TABLE ballot_round ({_STD},
    trip_id TEXT NOT NULL REFERENCES trip(id),
    atelier_id TEXT REFERENCES atelier(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind TEXT NOT NULL DEFAULT 'score' CHECK (kind IN ('score', 'rank', 'points')),
    criteria TEXT NOT NULL DEFAULT '["interest", "importance"]',
    scale_min INTEGER NOT NULL DEFAULT 1,
    scale_max INTEGER NOT NULL DEFAULT 5,
    allow_skip INTEGER NOT NULL DEFAULT 1,
    allow_name_pick INTEGER NOT NULL DEFAULT 0,
    random_order INTEGER NOT NULL DEFAULT 1,
    points_budget INTEGER NOT NULL DEFAULT 100,
    points_cap INTEGER,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    revealed INTEGER NOT NULL DEFAULT 0,
    CHECK (scale_min < scale_max)
);

CREATE TABLE round_item ({_STD},
    round_id TEXT NOT NULL REFERENCES ballot_round(id),
    dataset_id TEXT NOT NULL REFERENCES dataset(id)
);
CREATE UNIQUE INDEX round_item_pair ON round_item(round_id, dataset_id);

-- One vote per participant x dataset x criterion: the unique index is the rule.
CREATE TABLE vote ({_STD},
    round_id TEXT NOT NULL REFERENCES ballot_round(id),
    ballot_code TEXT NOT NULL,
    dataset_id TEXT NOT NULL REFERENCES dataset(id),
    criterion TEXT NOT NULL,
    value REAL,
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    CHECK (skipped = 1 OR value IS NOT NULL)
);
CREATE UNIQUE INDEX vote_one ON vote(round_id, ballot_code, dataset_id, criterion);

CREATE TABLE stakeholder ({_STD},
    trip_id TEXT NOT NULL REFERENCES trip(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT 'other' CHECK (category IN (
        'residents', 'business', 'civil_society', 'government', 'knowledge', 'media',
        'internal', 'other')),
    role TEXT NOT NULL DEFAULT '',
    influence INTEGER NOT NULL DEFAULT 3 CHECK (influence BETWEEN 1 AND 5),
    interest INTEGER NOT NULL DEFAULT 3 CHECK (interest BETWEEN 1 AND 5),
    attitude TEXT NOT NULL DEFAULT 'neutral' CHECK (attitude IN (
        'supporter', 'neutral', 'resistant')),
    current_engagement TEXT NOT NULL DEFAULT '',
    desired_engagement TEXT NOT NULL DEFAULT '',
    owner_id TEXT REFERENCES participant(id),
    contact TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE stakeholder_participant ({_STD},
    stakeholder_id TEXT NOT NULL REFERENCES stakeholder(id),
    participant_id TEXT NOT NULL REFERENCES participant(id)
);
CREATE UNIQUE INDEX stakeholder_participant_pair
    ON stakeholder_participant(stakeholder_id, participant_id);

CREATE TABLE stakeholder_dataset ({_STD},
    stakeholder_id TEXT NOT NULL REFERENCES stakeholder(id),
    dataset_id TEXT NOT NULL REFERENCES dataset(id)
);
CREATE UNIQUE INDEX stakeholder_dataset_pair ON stakeholder_dataset(stakeholder_id, dataset_id);

CREATE TABLE invitation ({_STD},
    stakeholder_id TEXT NOT NULL REFERENCES stakeholder(id),
    atelier_id TEXT REFERENCES atelier(id),
    status TEXT NOT NULL DEFAULT 'candidate' CHECK (status IN (
        'candidate', 'invited', 'confirmed', 'attended', 'declined'))
);

CREATE TABLE invitation_log ({_STD},
    invitation_id TEXT NOT NULL REFERENCES invitation(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    override INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE prototype ({_STD},
    trip_id TEXT NOT NULL REFERENCES trip(id),
    company TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    link TEXT NOT NULL DEFAULT '',
    feedback TEXT NOT NULL DEFAULT ''
);

CREATE TABLE prototype_dataset ({_STD},
    prototype_id TEXT NOT NULL REFERENCES prototype(id),
    dataset_id TEXT NOT NULL REFERENCES dataset(id)
);
CREATE UNIQUE INDEX prototype_dataset_pair ON prototype_dataset(prototype_id, dataset_id);

CREATE TABLE insight ({_STD},
    dataset_id TEXT NOT NULL REFERENCES dataset(id),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    author_id TEXT REFERENCES participant(id),
    atelier_id TEXT REFERENCES atelier(id),
    chart TEXT NOT NULL DEFAULT ''
);

CREATE TABLE publication ({_STD},
    dataset_id TEXT NOT NULL REFERENCES dataset(id),
    package_name TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{{}}',
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN (
        'draft', 'queued', 'published', 'conflict', 'failed')),
    remote_id TEXT,
    last_seen_modified TEXT,
    personal_override TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX publication_package ON publication(package_name);

CREATE TABLE outbox ({_STD},
    publication_id TEXT NOT NULL REFERENCES publication(id),
    action TEXT NOT NULL CHECK (action IN ('publish', 'upload', 'delete')),
    payload TEXT NOT NULL DEFAULT '{{}}',
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'conflict')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(state, next_attempt_at);

-- A cache of the portal, not trip data: keyed by the portal's own package id.
CREATE TABLE catalogue (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    metadata_modified TEXT,
    pulled_at TEXT NOT NULL
);
"""

# Full-text search over the catalogue cache, kept in step by triggers. The unicode61 tokenizer
# with remove_diacritics folds "ë" to "e", so "financiele" finds "financiële".
_M2 = """
CREATE VIRTUAL TABLE catalogue_fts USING fts5(
    title, notes, tags, organisation,
    content='catalogue', content_rowid='rowid',
    tokenize="unicode61 remove_diacritics 2"
);
CREATE TRIGGER catalogue_ai AFTER INSERT ON catalogue BEGIN
    INSERT INTO catalogue_fts(rowid, title, notes, tags, organisation)
    VALUES (new.rowid, new.title, new.notes, new.tags, new.organisation);
END;
CREATE TRIGGER catalogue_ad AFTER DELETE ON catalogue BEGIN
    INSERT INTO catalogue_fts(catalogue_fts, rowid, title, notes, tags, organisation)
    VALUES ('delete', old.rowid, old.title, old.notes, old.tags, old.organisation);
END;
CREATE TRIGGER catalogue_au AFTER UPDATE ON catalogue BEGIN
    INSERT INTO catalogue_fts(catalogue_fts, rowid, title, notes, tags, organisation)
    VALUES ('delete', old.rowid, old.title, old.notes, old.tags, old.organisation);
    INSERT INTO catalogue_fts(rowid, title, notes, tags, organisation)
    VALUES (new.rowid, new.title, new.notes, new.tags, new.organisation);
END;
INSERT INTO catalogue_fts(catalogue_fts) VALUES ('rebuild');
"""

# Merging another laptop's trip file (``workshop_data/merge/apply.py``). Bookkeeping of this file, not
# trip data: these tables are never merged themselves.
#   merge_log       one row per merge that changed something: which file, when, the counts.
#   merge_base      the sync point per other file and row: both sides' updated_at after the last
#                   merge with that file, and whether the two versions agreed then.
#   merge_conflict  rows both sides edited since that sync point: both versions, until resolved.
_M3 = f"""
CREATE TABLE merge_log ({_STD},
    other_path TEXT NOT NULL,
    other_trip_id TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{{}}'
);

CREATE TABLE merge_base ({_STD},
    peer TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    theirs_updated_at TEXT NOT NULL,
    mine_updated_at TEXT NOT NULL,
    agreed INTEGER NOT NULL DEFAULT 1 CHECK (agreed IN (0, 1))
);
CREATE UNIQUE INDEX merge_base_row ON merge_base(peer, table_name, row_id);

CREATE TABLE merge_conflict ({_STD},
    merge_id TEXT REFERENCES merge_log(id),
    other_path TEXT NOT NULL DEFAULT '',
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    mine TEXT NOT NULL,
    theirs TEXT NOT NULL,
    resolved TEXT NOT NULL DEFAULT '' CHECK (resolved IN ('', 'mine', 'theirs'))
);
CREATE INDEX merge_conflict_row ON merge_conflict(table_name, row_id);
"""

# Voter credentials (ballot privacy). A participant's credential is per round: a short code to type
# on the laptop and a long token for the personal link of the code card. ``vote.ballot_code`` no
# longer holds a code but the voter's id, a pseudonym that survives re-issuing the credential.
# ``participant.ballot_code`` is retired: it holds the participant's own id from here on.
_M4 = f"""
CREATE TABLE voter ({_STD},
    round_id TEXT NOT NULL REFERENCES ballot_round(id),
    participant_id TEXT NOT NULL REFERENCES participant(id),
    code TEXT NOT NULL,
    token TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE UNIQUE INDEX voter_pair ON voter(round_id, participant_id);
CREATE UNIQUE INDEX voter_code ON voter(round_id, code);
CREATE UNIQUE INDEX voter_token ON voter(token);

-- The facilitator PIN that leaves ballot mode: a salted scrypt hash, '' until it is set.
ALTER TABLE trip ADD COLUMN facilitator_pin TEXT NOT NULL DEFAULT '';
"""


def _m4_voters(conn: sqlite3.Connection) -> None:
    """Give every (round, participant) that has votes a voter, and key the votes by it."""
    from ..ranking.credentials import new_code, new_token
    from .clock import new_id, now

    stamp = now()
    pairs = conn.execute(
        "SELECT DISTINCT v.round_id, v.ballot_code, p.id FROM vote v "
        "JOIN participant p ON p.ballot_code = v.ballot_code").fetchall()
    taken: set[tuple[str, str]] = set()
    for round_id, code, participant_id in pairs:
        voter_id = new_id()
        fresh = new_code()
        while (round_id, fresh) in taken:
            fresh = new_code()
        taken.add((round_id, fresh))
        conn.execute("INSERT INTO voter (id, created_at, updated_at, round_id, participant_id, "
                     "code, token) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [voter_id, stamp, stamp, round_id, participant_id, fresh, new_token()])
        conn.execute("UPDATE vote SET ballot_code = ? WHERE round_id = ? AND ballot_code = ?",
                     [voter_id, round_id, code])
    conn.execute("UPDATE participant SET ballot_code = id")


# The licence of what the trip publishes as a whole (the Data Package export): CC0, the Dutch
# government's default for open data, unless the facilitator chooses another.
# Merging field by field (``workshop_data/merge/apply.py``): the sync point keeps OTHER's version of the
# row as it was then (``base``, canonical JSON), the common base of the next three-way merge; a
# conflict names its fields and the choice per field (mine, theirs, or an edited value), and
# may be resolved with a mix ('mixed'), which the old CHECK did not allow: the table is rebuilt.
_M6_LICENCE = """
ALTER TABLE trip ADD COLUMN licence TEXT NOT NULL
    DEFAULT 'http://creativecommons.org/publicdomain/zero/1.0/deed.nl';
"""

# When each field of a row last changed (the row's updated_at then), written by a trigger per
# table: two copies of a file that were never merged still tell which fields each side changed
# since they split, so their first merge goes field by field too. Not for votes, links, logs and
# the outbox (their newest version wins whole). A migration that adds a table merged field by
# field adds its trigger with ``field_stamp_trigger(table, columns)``: the merge uses the stamps
# of the tables that have the trigger in both files.
FIELD_STAMPED = ("trip", "atelier", "participant", "task", "dataset", "dataset_file",
                 "ballot_round", "stakeholder", "invitation", "prototype", "insight",
                 "publication")


def field_stamp_trigger(table: str, columns: list[str]) -> str:
    fields = [c for c in columns if c not in ("id", "created_at", "updated_at")]
    selects = "\n    UNION ALL ".join(
        f"SELECT '{table}', new.id, '{c}', new.updated_at WHERE old.{c} IS NOT new.{c}"
        for c in fields)
    return (f"CREATE TRIGGER field_stamp_{table} AFTER UPDATE ON {table} BEGIN\n"
            f"  INSERT OR REPLACE INTO field_stamp (table_name, row_id, name, stamp)\n"
            f"    {selects};\nEND;\n")


def _stamp_triggers(before: str) -> str:
    """The triggers of FIELD_STAMPED, for the columns the tables have after ``before``."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(before)
        columns = {table: [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                   for table in FIELD_STAMPED}
        return "".join(field_stamp_trigger(table, names) for table, names in columns.items()
                       if names)
    finally:
        conn.close()


def _m6_sql() -> str:
    """Migration 6 as SQL. Built when a file is migrated, not on import: the stamp triggers are
    read off the schema in an in-memory database (some milliseconds), and the command line
    imports this module for ``LATEST`` before the first frame."""
    return _M6_LICENCE + """
CREATE TABLE field_stamp (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    name TEXT NOT NULL,
    stamp TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id, name)
) WITHOUT ROWID;
""" + _stamp_triggers(_M1 + _M6_LICENCE) + f"""

ALTER TABLE merge_base ADD COLUMN base TEXT;

CREATE TABLE merge_conflict_v6 ({_STD},
    merge_id TEXT REFERENCES merge_log(id),
    other_path TEXT NOT NULL DEFAULT '',
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    mine TEXT NOT NULL,
    theirs TEXT NOT NULL,
    resolved TEXT NOT NULL DEFAULT '' CHECK (resolved IN ('', 'mine', 'theirs', 'mixed')),
    fields TEXT NOT NULL DEFAULT '[]',
    chosen TEXT NOT NULL DEFAULT '{{}}'
);
INSERT INTO merge_conflict_v6 (id, created_at, updated_at, deleted_at, merge_id, other_path,
    table_name, row_id, mine, theirs, resolved)
    SELECT id, created_at, updated_at, deleted_at, merge_id, other_path, table_name, row_id,
           mine, theirs, resolved FROM merge_conflict;
DROP TABLE merge_conflict;
ALTER TABLE merge_conflict_v6 RENAME TO merge_conflict;
CREATE INDEX merge_conflict_row ON merge_conflict(table_name, row_id);
"""


def _m6(conn: sqlite3.Connection) -> None:
    for statement in _statements(_m6_sql()):
        conn.execute(statement)


def _kept_apart(module: str) -> Callable[[sqlite3.Connection], None]:
    """The ``migrate`` of ``module``, imported only when a file needs it (not at start-up)."""
    return lambda conn: importlib.import_module(module, __package__).migrate(conn)


MIGRATIONS: list[tuple[int, str, str | Callable[[sqlite3.Connection], None]]] = [
    (1, "domain model", _M1),
    (2, "catalogue full-text search", _M2),
    (3, "merge bookkeeping: log, sync points, conflicts", _M3),
    (4, "voter credentials and the facilitator PIN", _M4),
    (5, "votes keyed by voter, participant codes retired", _m4_voters),
    (6, "trip licence; merge base versions and conflicts per field", _m6),
    (7, "helps per link; catalogue licence, resources, word forms", _kept_apart(".migration7")),
    (8, "engagement ladder: codes, unreadable text in a note",
     _kept_apart("..stakeholders.ladder_migration")),
]

LATEST = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Apply the migrations above the file's version up to ``target``; return those applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each migration opens its own
    ``BEGIN IMMEDIATE`` so that two processes opening a new file at once cannot both migrate it.
    """
    applied = []
    for number, _name, sql in MIGRATIONS:
        if number > target:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read the version inside the write lock: another process may have just migrated.
            if schema_version(conn) >= number:
                conn.execute("ROLLBACK")
                continue
            if callable(sql):  # a data migration, in the same transaction
                sql(conn)
            else:
                for statement in _statements(sql):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a script into statements; ``executescript`` would commit our transaction."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
