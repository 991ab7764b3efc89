# The client protocol. Each frame on the TCP stream is one Cap'n Proto message in the standard stream
# serialization (segment table, then segments); the server checks the segment table against its frame limit
# before reading the body. Requests may be pipelined: responses carry the request's id and may come out of
# order; a subscription answers many times under one id. Evolve compatibly (see common.capnp).
@0xdf9df623c41dd684;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("qingling::schema");

using Common = import "common.capnp";
using Events = import "events.capnp";
using Commands = import "commands.capnp";
using Projections = import "projections.capnp";

struct ExpectedVersion {
  union {
    any @0 :Void;
    noStream @1 :Void;
    exact @2 :UInt64;
  }
}

struct Request {
  requestId @0 :UInt64;
  token @1 :Text;
  body :union {
    command @2 :Commands.Command;
    appendRaw @3 :AppendRaw;
    readStream @4 :ReadStream;
    readAll @5 :ReadAll;
    subscribe @6 :ReadAll;        # catch up from a position, then live, until the connection closes
    verify @7 :Verify;
    status @8 :Void;
    whoAmI @9 :Void;
    digest @10 :Void;
    query @11 :Projections.Query;
    history @12 :HistoryRequest;  # every event about one entity, in global order (server/history_service.h)
    storedRecords @13 :StoredRange;  # the log's records exactly as stored, for `qingling export`
  }
}

struct AppendRaw {
  # Admin only, `note` events only: domain events come from commands, never from raw appends.
  streamId @0 :Text;
  expected @1 :ExpectedVersion;
  commandId @2 :Text;
  events @3 :List(Events.Event);
}

struct ReadStream {
  streamId @0 :Text;
  fromVersion @1 :UInt64;       # forward: first version; backward: last version (0 = the end)
  backward @2 :Bool;
  limit @3 :UInt32;             # 0 = the server's default page
}

struct ReadAll {
  fromPosition @0 :UInt64;      # first global position to return
  limit @1 :UInt32;
  eventType @2 :Text;           # optional filter via the type index: a payload union member name
  unit @3 :Text;                # optional filter via the unit index
}

struct Verify {
  upTo @0 :UInt64;              # 0 = the whole log
  digest @1 :Digest;            # optional: prove the log still extends this digest
}

struct Digest {
  position @0 :UInt64;
  hash @1 :Data;
}

enum ErrorCode {
  badRequest @0;
  unauthenticated @1;
  forbidden @2;
  notFound @3;
  versionConflict @4;
  rejected @5;                  # the domain refused the command
  frameTooLarge @6;
  tooManyInFlight @7;
  storageFull @8;
  corruption @9;
  unavailable @10;
  internal @11;
  rateLimited @12;
  clockRefused @13;
}

struct Error {
  code @0 :ErrorCode;
  message @1 :Text;             # what went wrong, where, and what to do
  path @2 :Text;                # JSON path or field, when the error is about one
}

struct Appended {
  streamId @0 :Text;
  firstPosition @1 :UInt64;
  lastPosition @2 :UInt64;
  streamVersion @3 :UInt64;     # version after the append
  duplicate @4 :Bool;           # the command id was seen before: this is the first result, nothing appended
  secret @5 :Text;              # issueToken only: the token, shown once
}

struct EventPage {
  events @0 :List(Events.EventEnvelope);
  next @1 :UInt64;              # position (or version) to continue from; 0 = nothing more right now
  live @2 :Bool;                # subscription: caught up, these are live events
}

struct VerifyResult {
  intact @0 :Bool;
  checked @1 :UInt64;           # events checked
  head @2 :Digest;
  firstBad @3 :UInt64;          # first broken or missing position, 0 = none
  problem @4 :Text;
}

struct Status {
  version @0 :Text;
  head @1 :Digest;
  clockMode @2 :Text;           # "wall" or "sim"
  now @3 :Int64;
  connections @4 :UInt32;
  uptimeSeconds @5 :UInt64;
  dataDir @6 :Text;
}

struct Principal {
  user @0 :Text;
  unit @1 :Text;
  roles @2 :List(Common.Role);
  tokenId @3 :Text;
}

struct Response {
  requestId @0 :UInt64;
  body :union {
    error @1 :Error;
    appended @2 :Appended;
    events @3 :EventPage;
    verified @4 :VerifyResult;
    status @5 :Status;
    principal @6 :Principal;
    digest @7 :Digest;
    projection @8 :Projections.Projection;
    history @9 :HistoryPage;
    progress @10 :ReplayProgress; # interim, before a query's answer, only when Query.wantProgress
    storedRecords @11 :StoredRecords;
  }
}

struct ReplayProgress {
  # How far a long projection replay has come (server/replay_meter.h); the answer follows on the same id.
  folded @0 :UInt64;            # events folded so far
  position @1 :UInt64;          # the log position reached
  head @2 :UInt64;              # the log's head when the query began
}

struct HistoryRequest {
  kind @0 :Text;                # campaign, dispatch, hazard, tip, unit or user
  id @1 :Text;
  fromPosition @2 :UInt64;      # continue a long history from here (HistoryPage.next); 0 = the start
}

struct HistoryEntry {
  # One event as the auditor sees it: the envelope's facts and its stored hash, a one-line summary, never the
  # payload itself (a tip's sealed reporter is only "sealed (N bytes)").
  position @0 :UInt64;
  recordedAt @1 :Int64;
  occurredAt @2 :Int64;
  actor @3 :Common.Actor;
  commandId @4 :Text;
  streamId @5 :Text;
  eventType @6 :Text;           # the payload's union member name, e.g. hazardRecorded
  summary @7 :Text;
  hash @8 :Data;
}

struct HistoryPage {
  entries @0 :List(HistoryEntry);
  next @1 :UInt64;              # position to continue from; 0 = complete
  scanned @2 :UInt64;           # log positions examined (a user's history scans the log)
}

struct StoredRange {
  fromPosition @0 :UInt64;      # first position, >= 1
  toPosition @1 :UInt64;        # last position wanted; 0 = the head at the time of the request
}

struct StoredRecords {
  # Admin or an auditor of a top-level unit. Each record is the value of the `events` family exactly as stored:
  # the 32-byte SHA-256 chain hash, then the envelope's flat Cap'n Proto bytes (store/key_format.h).
  fromPosition @0 :UInt64;      # the first record's position
  records @1 :List(Data);
  next @2 :UInt64;              # position to continue from; 0 = the range is complete
  toPosition @3 :UInt64;        # the range's last position (the head, when the request said 0)
}
