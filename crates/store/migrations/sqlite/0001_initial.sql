-- The first schema: the catalog, records with their events and links, and
-- sales process records with their overrides.

CREATE TABLE business_object_types (
    position   INTEGER NOT NULL,
    key        TEXT PRIMARY KEY,
    definition TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE relationships (
    key        TEXT PRIMARY KEY,
    definition TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE business_object_groups (
    key        TEXT PRIMARY KEY,
    definition TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE records (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    type_key       TEXT NOT NULL,
    key            TEXT NOT NULL,
    account        TEXT,
    display_name   TEXT NOT NULL,
    source_status  TEXT,
    status_time_ms INTEGER,
    phase          TEXT NOT NULL,
    amount         TEXT,
    currency       TEXT,
    fields         TEXT NOT NULL,
    first_seen     TEXT,
    last_changed   TEXT,
    UNIQUE (source, type_key, key)
);
CREATE INDEX records_by_account ON records (account, type_key);
CREATE INDEX records_by_key ON records (key);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    key        TEXT NOT NULL,
    activity   TEXT NOT NULL,
    time       TEXT NOT NULL,
    time_ms    INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    UNIQUE (source, key)
);

-- Which records an event touched, and in which role. Keyed by record first:
-- the question asked of it is a record's history.
CREATE TABLE event_records (
    record_id INTEGER NOT NULL REFERENCES records (id),
    event_id  INTEGER NOT NULL REFERENCES events (id),
    qualifier TEXT NOT NULL,
    PRIMARY KEY (record_id, event_id, qualifier)
) WITHOUT ROWID;

-- Data links, by key: a child may arrive before its parent, and the link
-- shows as soon as both exist.
CREATE TABLE links (
    source       TEXT NOT NULL,
    parent_type  TEXT NOT NULL,
    parent_key   TEXT NOT NULL,
    relationship TEXT NOT NULL,
    qualifier    TEXT NOT NULL,
    child_type   TEXT NOT NULL,
    child_key    TEXT NOT NULL,
    quantity     TEXT,
    amount       TEXT,
    currency     TEXT,
    PRIMARY KEY (source, parent_type, parent_key, relationship, qualifier, child_type, child_key)
) WITHOUT ROWID;

CREATE TABLE sales_processes (
    number     INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    account    TEXT NOT NULL,
    group_key  TEXT NOT NULL,
    owner      TEXT NOT NULL,
    state      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sales_process_records (
    process_number INTEGER NOT NULL REFERENCES sales_processes (number),
    record_id      INTEGER NOT NULL REFERENCES records (id),
    role           TEXT NOT NULL CHECK (role IN ('root', 'chosen_child')),
    position       INTEGER NOT NULL,
    PRIMARY KEY (process_number, role, position)
) WITHOUT ROWID;

-- A manager's overrides, in the order they were made. Imports never write here.
CREATE TABLE sales_process_overrides (
    process_number INTEGER NOT NULL REFERENCES sales_processes (number),
    sequence       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('delink', 'link', 'move')),
    record_id      INTEGER NOT NULL REFERENCES records (id),
    under_id       INTEGER REFERENCES records (id),
    created_at     TEXT NOT NULL,
    PRIMARY KEY (process_number, sequence)
) WITHOUT ROWID;
