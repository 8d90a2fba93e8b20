/* outfile: output files written beside their target, checked, synced and renamed into place. */
#include "core/outfile.h"
#include "core/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *outfile_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

int outfile_temp_beside(const char *path, char **tmp)
{
	char *dir = outfile_dir(path);
	const char *slash = strrchr(path, '/');
	/* Hidden, and short enough for any name the target itself may have. */
	*tmp = xasprintf("%s/.%.200s.XXXXXX", dir, slash ? slash + 1 : path);
	free(dir);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		int err = errno;
		free(*tmp);
		*tmp = NULL;
		errno = err;
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

void outfile_sync_dir(const char *path)
{
	char *dir = outfile_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static void release(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}

int outfile_open(struct outfile *o, const char *path, enum outfile_mode mode)
{
	memset(o, 0, sizeof *o);
	struct stat st;
	bool exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode))
		return diag_error("refusing to write '%s': it is a symbolic link (name the file itself)", path);
	if (exists && S_ISDIR(st.st_mode))
		return diag_error("cannot write '%s': it is a directory", path);
	if (exists && !S_ISREG(st.st_mode))
		return diag_error("refusing to write '%s': it is not a regular file", path);
	const char *slash = strrchr(path, '/');
	if (!*(slash ? slash + 1 : path))
		return diag_error("cannot write '%s': it names a directory", path);
	char *tmp;
	int fd = outfile_temp_beside(path, &tmp);
	if (fd < 0)
		return diag_error("cannot write '%s': %s", path, strerror(errno));
	mode_t perm = 0600;
	if (mode == OUTFILE_PUBLIC) {
		if (exists) {
			perm = st.st_mode & 0777;
		} else {
			mode_t mask = umask(0);
			umask(mask);
			perm = 0666 & ~mask;
		}
	}
	o->path = xstrdup(path);
	o->tmp = tmp;
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		int err = errno;
		close(fd);
		release(o);
		return diag_error("cannot write '%s': %s", path, strerror(err));
	}
	if (fchmod(fd, perm) != 0) {
		int err = errno;
		release(o);
		return diag_error("cannot write '%s': %s", path, strerror(err));
	}
	return 0;
}

FILE *outfile_stream(struct outfile *o)
{
	return o->fp;
}

const char *outfile_temp_path(const struct outfile *o)
{
	return o->tmp;
}

int outfile_write(struct outfile *o, const void *data, size_t len)
{
	if (o->err || !o->fp)
		return -1;
	if (len && fwrite(data, 1, len, o->fp) != len) {
		o->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o)
{
	if (!o->tmp)
		return -1;
	int err = o->err;
	errno = 0;
	if (!err && (fflush(o->fp) != 0 || ferror(o->fp)))
		err = errno ? errno : EIO;
	if (!err && fsync(fileno(o->fp)) != 0)
		err = errno;
	errno = 0;
	if (fclose(o->fp) != 0 && !err)
		err = errno ? errno : EIO;
	o->fp = NULL;
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err) {
		diag_error("cannot write '%s': %s (nothing was written; a file of that name is left as it was)",
			   o->path, strerror(err));
		release(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	outfile_sync_dir(o->path);
	release(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->tmp || o->fp || o->path)
		release(o);
}
