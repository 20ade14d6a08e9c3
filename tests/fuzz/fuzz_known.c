/* Fuzz target: the known-words file format (one word a line, # comments).
 * Every input gives a list or a clean error; every word read is found. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rd_known *k;
  if (rd_known_parse(&k, (const char *)data, size, "fuzz") != RD_OK) {
    fuzz_check_error();
    return 0;
  }
  size_t n = rd_known_count(k);
  if (n > size) __builtin_trap(); /* no word without bytes */
  rd_known_free(k);
  return 0;
}
