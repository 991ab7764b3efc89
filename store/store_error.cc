// Names of store error codes, for messages and logs.
#include "store/store_error.h"

namespace qingling::store {

const char* toString(StoreErrc code) {
  switch (code) {
    case StoreErrc::versionConflict:
      return "versionConflict";
    case StoreErrc::notFound:
      return "notFound";
    case StoreErrc::corruption:
      return "corruption";
    case StoreErrc::storageFull:
      return "storageFull";
    case StoreErrc::ioError:
      return "ioError";
    case StoreErrc::invalidArgument:
      return "invalidArgument";
    case StoreErrc::closed:
      return "closed";
  }
  return "unknown";
}

}  // namespace qingling::store
