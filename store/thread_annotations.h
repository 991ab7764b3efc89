// Clang thread-safety annotations (LevelDB port/thread_annotations.h). They document which mutex guards what
// on the append path; with clang and -Wthread-safety they are checked, elsewhere they expand to nothing.
#pragma once

#if defined(__clang__)
#define QL_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define QL_THREAD_ANNOTATION(x)
#endif

#define GUARDED_BY(x) QL_THREAD_ANNOTATION(guarded_by(x))
#define REQUIRES(...) QL_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) QL_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
