/* Library version, from the generated reader_version.h. */
#include "common_internal.h"
#include "reader_version.h"

const char *rd_version(void) { return RD_VERSION_STRING; }
