// What the hostile-client tests share: request frames encoded by hand (to send them whole, split or pipelined
// through raw sockets), bounded polling for the server to notice a client leaving, and the server's memory as
// /proc reports it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include <capnp/common.h>
#include <kj/array.h>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"
#include "tests/support/sanitized_build.h"

namespace qingling::server::testing {

// Under AddressSanitizer or ThreadSanitizer (shadow memory, ASan's quarantine of freed blocks) the server's RSS
// says little about its own use: memory figures are printed but not asserted.
inline constexpr bool kSanitized = qingling::testing::kSanitizedBuild;

// One request as the bytes of its frame.
kj::Array<capnp::word> requestFrame(const std::string& token, uint64_t requestId,
                                    const std::function<void(Body)>& fill);

// Polls `done` up to 3000 times, 10 ms apart (as ServerProcess polls its start); true once it holds.
bool eventually(const std::function<bool()>& done);

// The connections the server counts, as its status answer reports them (the asking one included).
uint32_t connectionsSeen(const ServerProcess& server);

// A line of /proc/<pid>/status in KiB, e.g. "VmRSS" or "VmHWM" (the peak); 0 if the process or line is gone.
uint64_t procStatusKiB(pid_t pid, const std::string& key);

}  // namespace qingling::server::testing
