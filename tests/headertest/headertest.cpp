// The public header compiled as C++: checks RD_BEGIN_DECL / linkage.
#include <reader.h>

int main() { return rd_version() ? 0 : 1; }
