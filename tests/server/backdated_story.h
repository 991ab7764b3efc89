// A back-dated record on a real qinglingd (simulation clock from 2023-07-01T08:00+08:00), for the bitemporal
// (--valid-at) and replay-progress tests: enterprise `ent` under `county` has hazard `h1`, found on 07-02 with its
// rectification deadline 07-04 but recorded only on 07-10; it is reported rectified and verified on 07-12; the
// clock then stands at 07-20T08:00+08:00.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/server/server_process.h"

namespace qingling::server::testing {

// qinglingd arguments for the story's simulation clock; `extra` is appended.
std::vector<std::string> backdatedStoryArgs(const std::vector<std::string>& extra = {});
// Plays the story through `server`'s admin and users it registers; fails the test on any refusal.
void playBackdatedStory(const ServerProcess& server);
// An instant such as 2023-07-05T12:00+08:00, in microseconds; fails the test if it is not one.
int64_t at(const std::string& text);

}  // namespace qingling::server::testing
