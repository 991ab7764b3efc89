// One line about an event for `qingling history`: its payload's scalar and text fields as `name=value`, in
// schema order, cut to a readable width. Data fields are never shown, only their size: a tip's sealed reporter
// appears as "sealedReporter=sealed (N bytes)", so a history never carries the sealed bytes.
#pragma once

#include <string>

#include "schemas/events.capnp.h"

namespace qingling::server {

std::string summarizeEvent(schema::Event::Reader payload);

}  // namespace qingling::server
