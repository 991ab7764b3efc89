# Included by the top-level CMakeLists.txt when QINGLING_FUZZ is ON, before any library is defined: every library
# is compiled with libFuzzer's coverage instrumentation (fuzzer-no-link) besides AddressSanitizer and
# UndefinedBehaviorSanitizer, through the same QINGLING_SANITIZE mechanism as the sanitizer builds. The fuzz
# targets themselves link with -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt). libFuzzer is clang's only.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "QINGLING_FUZZ=ON needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: configure with "
                      "CC=clang CXX=clang++ (Debian: apt-get install clang-14 libclang-rt-14-dev), or run scripts/fuzz")
endif()
if(QINGLING_SANITIZE AND NOT QINGLING_SANITIZE STREQUAL "address,undefined")
  message(FATAL_ERROR "QINGLING_FUZZ=ON instruments with address,undefined; drop QINGLING_SANITIZE=${QINGLING_SANITIZE}")
endif()
set(QINGLING_SANITIZE "fuzzer-no-link,address,undefined")
