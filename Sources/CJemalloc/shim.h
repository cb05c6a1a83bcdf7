#ifndef MAINTENANCED_CJEMALLOC_SHIM_H
#define MAINTENANCED_CJEMALLOC_SHIM_H
#include <stddef.h>

/// jemalloc's control interface (Debian's libjemalloc-dev builds it without a prefix, so
/// linking it replaces malloc and free in the whole process). Declared here rather than by
/// including <jemalloc/jemalloc.h>, whose malloc and free would clash with the C library's
/// declarations in Swift.
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

#endif
