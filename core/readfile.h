/*
 * readfile: a whole file read into memory, the one way every program does it (the YAML
 * inputs through core/ydoc, the workbook check in aggregator/xlsx, the fuzz targets' sources).
 */
#ifndef SELFCHECK_READFILE_H
#define SELFCHECK_READFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the whole file at path into *data (NUL-terminated, free() it) and its length, without
 * the NUL, into *len. A directory is refused, and so is a file larger than limit bytes (0: no
 * limit), limit_what naming the limit in the message ("a YAML input"). Reports through
 * core/diag ("cannot read 'PATH': …") unless quiet. Returns 0, or -1 with *data NULL. */
int readfile(const char *path, size_t limit, const char *limit_what, bool quiet, char **data, size_t *len);

#endif
