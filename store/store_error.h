// Store outcomes: a typed code plus a message that says what, where, and what to do (LevelDB's Status idea).
// The store never throws for expected failures; callers branch on `code`.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace qingling::store {

enum class StoreErrc {
  versionConflict,  // expected version did not match the stream's current version
  notFound,
  corruption,   // stored bytes fail their hash or do not decode
  storageFull,  // the file system refused a write for lack of space
  ioError,
  invalidArgument,
  closed,  // the log is shutting down
};

const char* toString(StoreErrc code);

struct StoreError {
  StoreErrc code;
  std::string message;
};

// A value or a StoreError. Small on purpose: the project targets C++20, without std::expected.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(StoreError error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const StoreError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, StoreError> state_;
};

}  // namespace qingling::store
