-- Finding a link by its child: how a child stored by an earlier batch takes
-- its account once its parent arrives.
CREATE INDEX links_by_child ON links (source, relationship, child_type, child_key);
