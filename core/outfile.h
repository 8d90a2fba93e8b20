/*
 * outfile: writing an output file so that it is never seen half-written.
 *
 * Every file a command writes (PDF, SVG, PNG, xlsx, CSV, tally file) goes through here:
 *
 *   outfile_open     creates a temporary file beside the target (in the same directory, so
 *                    that the final rename is atomic). A target that is a symbolic link, or
 *                    exists and is not a regular file, is refused: an output never lands
 *                    somewhere other than the path named.
 *   writes           through outfile_write() or the stream outfile_stream(); the first
 *                    failure is remembered (a full disk, a file size limit).
 *   outfile_commit   checks every write and the close, syncs the data to disk, renames the
 *                    temporary file onto the target and syncs the directory.
 *   outfile_abort    removes the temporary file.
 *
 * On any failure the temporary file is removed and the target, if it existed, is left exactly
 * as it was; the error is reported through diag naming the target, and the function returns
 * -1 (the command then exits with status 2).
 *
 * Permissions: OUTFILE_PERSONAL files (anything that names people, or holds login tokens)
 * are created 0600 whatever the umask; OUTFILE_PUBLIC files get the permissions of the file
 * they replace, or 0666 less the umask for a new one.
 *
 * Ownership: struct outfile is the caller's; its strings and stream belong to it until
 * outfile_commit or outfile_abort, which release them (both are safe to call after a failed
 * outfile_open, and calling outfile_abort after outfile_commit does nothing).
 */
#ifndef SELFCHECK_OUTFILE_H
#define SELFCHECK_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum outfile_mode {
	OUTFILE_PUBLIC,    /* figures only */
	OUTFILE_PERSONAL,  /* names people: created 0600 */
};

struct outfile {
	char *path;        /* the target, as named */
	char *tmp;         /* the temporary file beside it; NULL when none is open */
	FILE *fp;
	int err;           /* errno of the first failed write, 0 while all went well */
};

/* Checks the target and creates the temporary file. Returns 0, or -1 after reporting. */
int outfile_open(struct outfile *o, const char *path, enum outfile_mode mode);

/* The stream to write (binary). Errors of fwrite/fprintf on it are found by outfile_commit. */
FILE *outfile_stream(struct outfile *o);

/* Path of the temporary file, for a library that insists on opening a path itself; it must
 * have closed the file again before outfile_commit. */
const char *outfile_temp_path(const struct outfile *o);

/* Writes len bytes. Returns 0, or -1 (nothing reported yet: outfile_commit reports). */
int outfile_write(struct outfile *o, const void *data, size_t len);

/* Finishes the file as described above. Returns 0, or -1 after reporting. */
int outfile_commit(struct outfile *o);

/* Gives up: removes the temporary file; the target is untouched. */
void outfile_abort(struct outfile *o);

/* The pieces, for a writer that cannot go through a stream (core/store builds a new store
 * under a temporary name and links it into place): */

/* The directory part of path: "." when it has none, "/" for a name in the root. Free it. */
char *outfile_dir(const char *path);

/* Creates an empty temporary file beside path, in the same directory, named ".NAME.XXXXXX"
 * (hidden, the name cut to 200 bytes), 0600 and close-on-exec, and stores its name in *tmp
 * (the caller's: free it, and remove the file when it is not renamed into place). Returns the
 * open descriptor, or -1 with errno set and *tmp NULL (nothing reported). */
int outfile_temp_beside(const char *path, char **tmp);

/* Syncs the directory holding path, making a rename or link into it durable. A failure
 * changes nothing a caller could act on and is ignored. */
void outfile_sync_dir(const char *path);

#endif
