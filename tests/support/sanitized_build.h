// Whether this test binary is built with AddressSanitizer or ThreadSanitizer (gcc defines __SANITIZE_*, clang
// answers __has_feature): such builds run several times slower and their RSS is mostly shadow memory, so tests
// size their load down and print memory figures instead of asserting them.
#pragma once

namespace qingling::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizedBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
#else
inline constexpr bool kSanitizedBuild = false;
#endif

}  // namespace qingling::testing
