/* readfile: whole files into memory. */
#include "core/readfile.h"
#include "core/diag.h"
#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int readfile(const char *path, size_t limit, const char *limit_what, bool quiet, char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return quiet ? -1 : diag_error("cannot read '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return quiet ? -1 : diag_error("cannot read '%s': it is a directory", path);
	}
	struct strbuf sb;
	strbuf_init(&sb);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			strbuf_release(&sb);
			return quiet ? -1 : diag_error("cannot read '%s': %s", path, strerror(err));
		}
		if (n == 0)
			break;
		if (limit && sb.len + (size_t)n > limit) {
			close(fd);
			strbuf_release(&sb);
			return quiet ? -1 : diag_at(path, 0, 0, "the file is larger than %u MiB, the limit for %s",
						    (unsigned)(limit >> 20), limit_what ? limit_what : "it");
		}
		strbuf_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	*len = sb.len;
	*data = strbuf_detach(&sb);
	return 0;
}
