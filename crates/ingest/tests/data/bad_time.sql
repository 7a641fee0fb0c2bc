-- A minimal OCEL 2.0 SQLite log whose third "pay order" row has a time
-- that is not a timestamp. The test builds the database from this script.
CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);
CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
CREATE TABLE event_PayOrder (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP, amount REAL);
CREATE TABLE object_Order (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT, price REAL);

INSERT INTO event_map_type VALUES ('pay order', 'PayOrder');
INSERT INTO object_map_type VALUES ('order', 'Order');
INSERT INTO object VALUES ('o1', 'order');
INSERT INTO event VALUES ('e1', 'pay order'), ('e2', 'pay order'), ('e3', 'pay order');
INSERT INTO event_object VALUES ('e1', 'o1', 'order'), ('e2', 'o1', 'order'), ('e3', 'o1', 'order');
INSERT INTO object_Order VALUES ('o1', '2023-04-03 10:00:00', NULL, 1353.98);
INSERT INTO event_PayOrder VALUES
    ('e1', '2023-04-05 15:28:14', 100.5),
    ('e2', '2023-04-06 09:00:00', 200),
    ('e3', 'next Tuesday', 300);
