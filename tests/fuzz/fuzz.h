/*
 * libFuzzer entry points. Every target in tests/fuzz/ defines
 * LLVMFuzzerTestOneInput; built with clang and -DLL_FUZZ=ON it is a fuzzer,
 * and in every build replay.c turns it into a test that runs the checked-in
 * corpus (tests/fuzz/corpus/<target>/), crashes found included.
 */
#ifndef LL_FUZZ_H
#define LL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
