/* The public header must compile on its own as C99 -pedantic (and, via
 * headertest.cpp, as C++), with nothing else included first. */
#include <reader.h>

int main(void) { return rd_version() ? 0 : 1; }
