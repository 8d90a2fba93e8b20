/* xlsx: the coordinator's workbook. */
#include "aggregator/xlsx.h"
#include "core/diag.h"

int xlsx_write(const char *path, const struct xlsx_book *book)
{
	(void)book;
	return diag_error("cannot write '%s': not available yet", path);
}
