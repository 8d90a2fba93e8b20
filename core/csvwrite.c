/* csvwrite: CSV records, plain or for Excel. */
#include "core/csvwrite.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

void csvwrite_begin(struct csvwrite *w, FILE *out, bool excel)
{
	w->out = out;
	w->excel = excel;
	w->row_started = false;
	if (excel)
		fputs("\xEF\xBB\xBF", out);
}

void csvwrite_field(struct csvwrite *w, const char *value)
{
	if (!value)
		value = "";
	if (w->row_started)
		fputc(',', w->out);
	w->row_started = true;
	bool formula = w->excel && strchr("=+-@\t\r", value[0]) && value[0];
	if (!strpbrk(value, ",\"\r\n")) {
		if (formula)
			fputc('\'', w->out);
		fputs(value, w->out);
		return;
	}
	fputc('"', w->out);
	if (formula)
		fputc('\'', w->out);
	for (const char *p = value; *p; p++) {
		if (*p == '"')
			fputc('"', w->out);
		fputc(*p, w->out);
	}
	fputc('"', w->out);
}

void csvwrite_fieldf(struct csvwrite *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	csvwrite_field(w, s);
	g_free(s);
}

void csvwrite_end_row(struct csvwrite *w)
{
	fputs(w->excel ? "\r\n" : "\n", w->out);
	w->row_started = false;
}

void csvwrite_row(struct csvwrite *w, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvwrite_field(w, fields[i]);
	csvwrite_end_row(w);
}
