-- pgbench script for workload 1 on the peer: one transaction = one command appending ONE hazard-recorded event.
-- `peer.sh append` runs it with -M prepared and -D streams=S: client c appends to stream hazard-(c % S), so
-- S = clients gives every client its own stream (distinct) and S = 4 makes all clients share 4 (contended).
--
-- One statement, so one implicit transaction and one round trip (what an event-store client with a stored append,
-- like Marten's quick append, sends): bump the stream's version row (the row lock serialises a stream's writers until
-- commit), then insert the event at that version. (stream_id, version) is unique, so a version handed out twice
-- would fail the transaction rather than fork the stream. With synchronous_commit on, the answer comes only after
-- the commit record is flushed to the WAL.
--
-- The document (~480 bytes in UTF-8) is built from parameters (client, a random number) so every event differs and
-- the server parses it into jsonb on every execution, as it would a client's document; a constant would be parsed
-- once at prepare time. Beware when editing: pgbench reads ":name" as a variable, even inside string literals, so
-- no ASCII colon may precede a letter, digit or non-ASCII character in the text (hence ": " in the JSON).
\set stream :client_id % :streams
\set n random(10000000, 99999999)
WITH bumped AS (
  INSERT INTO streams AS s (stream_id, version) VALUES ('hazard-' || :stream, 1)
  ON CONFLICT (stream_id) DO UPDATE SET version = s.version + 1
  RETURNING stream_id, version)
INSERT INTO events (stream_id, version, type, data)
SELECT stream_id, version, 'hazard_recorded', CAST('{"hazardId": "HZ-2026-c' || :client_id || '-' || :n || '", "enterpriseId": "E-320583-0417", "unit": "二车间/储罐区", "grade": "general", "source": "self_inspection", "category": "fire_safety", "description": "储罐区东侧消防通道被原料桶占用，宽度不足四米，两处应急照明灯损坏，夜间无法满足疏散要求。", "location": "储罐区东侧通道", "deadline": "2026-12-15", "actor": {"id": "U-1042", "name": "王建国", "role": "safety_officer"}, "via": "mobile"}' AS jsonb)
FROM bumped;
