/* import: streaming validation of an answers CSV against the roster, then one write. */
#include "survey/import.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "core/quest.h"
#include "core/roles.h"
#include "core/text.h"
#include "survey/collect.h"
#include "survey/csvread.h"
#include "survey/roster.h"
#include "survey/sheet.h"

#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 32 bytes per person: the roster, not the file, decides the memory used. */
struct person {
	uint64_t key;                /* the id's first 8 bytes (stored_key): most ids whole */
	uint32_t id;                 /* offset of the id in the ids arena */
	uint16_t roles;              /* held (active) roles */
	uint16_t stored;             /* held roles that already have a response row */
	bool touched;                /* the file answers for this person */
	bool changed;                /* ... and changes at least one stored answer */
	bool submitted;              /* every held role was submitted before the import */
	uint16_t sent;               /* held roles whose stored row is submitted */
	uint8_t id_len;              /* length of the id (at most ROSTER_ID_MAX) */
	uint64_t base;               /* offset of the first held role's answers in the arena;
				      * the held roles' sheets follow in catalogue order */
};

struct importer {
	const struct quest *quest;
	const char *path;
	struct person *people;
	size_t count, cap;
	struct strbuf ids;
	char *answers;               /* every target's packed answers */
	uint64_t answers_len;
	uint32_t *table;             /* open addressing: person index + 1 */
	size_t table_mask;
	long *item_table;            /* open addressing over item ids: item index + 1 */
	size_t *item_len;            /* length of each item id */
	uint64_t *key_table;         /* open addressing over the short_key of every item id
				      * of at most 8 bytes (0: empty) ... */
	long *key_item;              /* ... and the item index of each */
	size_t key_mask;
	size_t item_mask;
	long *position[ROLE_COUNT];  /* position[r][item] on role r's sheet, or -1 */
	char *before;                /* the answers as stored before the import (a copy of the
				      * arena, when the kept tally is to be changed), else NULL */
	enum csvread_encoding encoding;
	size_t col[4];               /* field of person_id, role, item, answer (from the header) */
	size_t nfields;              /* fields per record (the header's) */
	char *header;                /* the header as read, for messages */
};

/*
 * One pass over (part of) the file. The answers arena is shared; what the pass gives is
 * recorded in its own bitmaps, so that two passes over two halves of a file touch disjoint
 * bytes unless the file answers an item twice (which the merge detects).
 */
struct scan {
	struct importer *im;
	struct csvread r;            /* counts the pass's errors */
	bool quiet;                  /* count errors without reporting (a trial pass) */
	unsigned long long rows;
	uint8_t *given;              /* bit per answers-arena byte: answered by this pass */
	uint8_t *touched;            /* bit per person: answered for by this pass */
	uint8_t *changed;            /* bit per person: a stored answer changed */
};

char import_answer_code(const char *f)
{
	if (f[0] && !f[1] && sheet_is_answer(f[0]))
		return f[0];
	/* Full-width digits, as Japanese input methods type them. */
	if (strcmp(f, "１") == 0 || strcmp(f, "実施") == 0 || strcmp(f, "implemented") == 0)
		return '1';
	if (strcmp(f, "２") == 0 || strcmp(f, "未実施") == 0 || strcmp(f, "not_implemented") == 0)
		return '2';
	if (strcmp(f, "３") == 0 || strcmp(f, "該当なし") == 0 || strcmp(f, "not_applicable") == 0)
		return '3';
	return 0;
}

unsigned import_choice_mask(const struct choice *c, const char *field, const char **why)
{
	/* "1,3", "1;3", "1 3" and full-width digits and commas, as people type them */
	char buf[256];
	size_t n = 0;
	for (const char *p = field; *p && n + 1 < sizeof buf;) {
		if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbc && (unsigned char)p[2] >= 0x90 &&
		    (unsigned char)p[2] <= 0x99) {
			buf[n++] = (char)('0' + (unsigned char)p[2] - 0x90);   /* ０..９ */
			p += 3;
		} else if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbc && (unsigned char)p[2] == 0x8c) {
			buf[n++] = ',';                                        /* ， */
			p += 3;
		} else if ((unsigned char)p[0] == 0xe3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x81) {
			buf[n++] = ',';                                        /* 、 */
			p += 3;
		} else {
			buf[n++] = *p == ';' ? ',' : *p;
			p++;
		}
	}
	buf[n] = '\0';
	/* blanks between numbers separate them too */
	for (size_t i = 1; i + 1 < n; i++)
		if (buf[i] == ' ' && buf[i - 1] >= '0' && buf[i - 1] <= '9' && buf[i + 1] >= '0' && buf[i + 1] <= '9')
			buf[i] = ',';
	unsigned mask = choice_parse(c, buf, why);
	if (mask && !choice_mask_valid(c, mask, why))
		return 0;
	return mask;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s));
}

/* A text of at most 8 bytes as one number (the bytes after it masked off), read a word at a
 * time: s must be followed by readable bytes up to s + 8 (a field of the CSV reader is:
 * CSVREAD_SLACK). Texts without NUL bytes have equal keys exactly when they are equal. */
static inline uint64_t short_key(const char *s, size_t len)
{
	uint64_t w;
	memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return len >= 8 ? w : w & ((1ull << (8 * len)) - 1);
#else
	return len >= 8 ? w : w & ~(~0ull >> (8 * len));
#endif
}

/* The key of a stored text of at most 8 bytes (which may be followed by nothing). */
static uint64_t stored_key(const char *s, size_t len)
{
	char buf[8] = {0};
	memcpy(buf, s, len);
	return short_key(buf, len);
}

/* Whether stored (stored_len bytes) equals the len bytes at s. Ids are short: compared a word
 * at a time here rather than through a library call. */
static inline bool same_text(const char *stored, size_t stored_len, const char *s, size_t len)
{
	if (stored_len != len)
		return false;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t a, b;
		memcpy(&a, stored + i, 8);
		memcpy(&b, s + i, 8);
		if (a != b)
			return false;
	}
	for (; i < len; i++)
		if (stored[i] != s[i])
			return false;
	return true;
}

/* Offset in the answers arena of role r's sheet for person p (r must be held). */
static uint64_t slot(const struct importer *im, const struct person *p, int r)
{
	uint64_t at = p->base;
	for (int k = 0; k < r; k++)
		if (p->roles & (1u << k))
			at += im->quest->role_item_count[k];
	return at;
}

static const char *person_id(const struct importer *im, const struct person *p)
{
	return im->ids.buf + p->id;
}

/* Whether person p has the id (len bytes) whose short_key is key: for ids of at most 8 bytes
 * the key says it, without reading the ids' arena. */
static inline bool is_person(const struct importer *im, const struct person *p, uint64_t key, const char *id,
			     size_t len)
{
	return p->id_len == len && p->key == key && (len <= 8 || same_text(person_id(im, p), len, id, len));
}

static long find_person(const struct importer *im, uint64_t key, const char *id, size_t len)
{
	size_t i = (size_t)hash_bytes(id, len) & im->table_mask;
	for (;; i = (i + 1) & im->table_mask) {
		uint32_t v = im->table[i];
		if (!v)
			return -1;
		if (is_person(im, &im->people[v - 1], key, id, len))
			return (long)v - 1;
	}
}

/* The item of a short id by its key (short_key of a CSV field), or -1. */
static inline long find_item_key(const struct importer *im, uint64_t key)
{
	size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 32) & im->key_mask;
	for (;; i = (i + 1) & im->key_mask) {
		uint64_t k = im->key_table[i];
		if (k == key)
			return im->key_item[i];
		if (!k)
			return -1;
	}
}

static long find_item(const struct importer *im, const char *id, size_t len)
{
	size_t i = (size_t)hash_bytes(id, len) & im->item_mask;
	for (;; i = (i + 1) & im->item_mask) {
		long v = im->item_table[i];
		if (!v)
			return -1;
		if (same_text(im->quest->items[v - 1].id, im->item_len[v - 1], id, len))
			return v - 1;
	}
}

/* Reports one bad row (unless the pass is quiet, or past the error limit); the message
 * carries file text, so it is sanitised as a whole. */
#define row_error(sc, line, ...) csvread_error(&(sc)->r, (line), __VA_ARGS__)

/* Loads the roster's targets and stored answers of the year. */
static int load_roster(struct importer *im, struct store *s, int fiscal_year)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT t.person_id, t.role, r.answers, r.submitted_at IS NOT NULL FROM target t LEFT JOIN response r"
			     " ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id AND r.role = t.role"
			     " WHERE t.fiscal_year = ?1 AND t.excluded = 0 ORDER BY t.person_id", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	size_t answers_cap = 1 << 20;
	im->answers = xmalloc(answers_cap);
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int role = role_from_code((const char *)sqlite3_column_text(st, 1));
		if (role < 0)
			continue;
		if (im->count == 0 || strcmp(person_id(im, &im->people[im->count - 1]), id) != 0) {
			if (im->count == im->cap) {
				im->cap = im->cap ? im->cap * 2 : 1024;
				im->people = xrealloc(im->people, im->cap * sizeof *im->people);
			}
			struct person *p = &im->people[im->count++];
			memset(p, 0, sizeof *p);
			p->id = (uint32_t)im->ids.len;
			size_t len = strlen(id);
			if (len > ROSTER_ID_MAX)
				len = ROSTER_ID_MAX;   /* longer ids are refused by the roster import */
			p->id_len = (uint8_t)len;
			p->key = stored_key(id, len < 8 ? len : 8);
			strbuf_add(&im->ids, id, len + 1);
		}
		struct person *p = &im->people[im->count - 1];
		size_t n = im->quest->role_item_count[role];
		if (im->answers_len + n > answers_cap) {
			while (im->answers_len + n > answers_cap)
				answers_cap *= 2;
			im->answers = xrealloc(im->answers, answers_cap);
		}
		if (!p->roles) {
			p->base = im->answers_len;
			p->submitted = true;
		}
		p->submitted = p->submitted && sqlite3_column_int(st, 3);
		if (sqlite3_column_int(st, 3))
			p->sent |= (uint16_t)(1u << role);
		p->roles |= (uint16_t)(1u << role);
		/* Rows come in role-code order; keep the person's sheets in catalogue order by
		 * opening a gap at this role's place. */
		uint64_t at = slot(im, p, role);
		memmove(im->answers + at + n, im->answers + at, im->answers_len - at);
		const char *stored = (const char *)sqlite3_column_text(st, 2);
		if (stored)
			p->stored |= (uint16_t)(1u << role);
		if (stored && (size_t)sqlite3_column_bytes(st, 2) == n)
			memcpy(im->answers + at, stored, n);
		else
			memset(im->answers + at, '0', n);
		im->answers_len += n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		result = -1;
	size_t size = 1024;
	while (size < im->count * 2)
		size *= 2;
	im->table = xcalloc(size, sizeof *im->table);
	im->table_mask = size - 1;
	for (size_t k = 0; k < im->count; k++) {
		size_t i = (size_t)hash_str(person_id(im, &im->people[k])) & im->table_mask;
		while (im->table[i])
			i = (i + 1) & im->table_mask;
		im->table[i] = (uint32_t)k + 1;
	}
	return result;
}

static void setup_items(struct importer *im)
{
	const struct quest *q = im->quest;
	size_t size = 64;
	while (size < q->item_count * 2)
		size *= 2;
	im->item_table = xcalloc(size, sizeof *im->item_table);
	im->item_mask = size - 1;
	im->item_len = xcalloc(q->item_count + 1, sizeof *im->item_len);
	im->key_table = xcalloc(size, sizeof *im->key_table);
	im->key_item = xcalloc(size, sizeof *im->key_item);
	im->key_mask = size - 1;
	for (size_t k = 0; k < q->item_count; k++) {
		im->item_len[k] = strlen(q->items[k].id);
		if (im->item_len[k] == 0 || im->item_len[k] > 8)
			continue;
		uint64_t key = stored_key(q->items[k].id, im->item_len[k]);
		size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 32) & im->key_mask;
		while (im->key_table[i])
			i = (i + 1) & im->key_mask;
		im->key_table[i] = key;
		im->key_item[i] = (long)k;
	}
	for (size_t k = 0; k < q->item_count; k++) {
		size_t i = (size_t)hash_str(q->items[k].id) & im->item_mask;
		while (im->item_table[i])
			i = (i + 1) & im->item_mask;
		im->item_table[i] = (long)k + 1;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		im->position[r] = xmalloc((q->item_count + 1) * sizeof(long));
		for (size_t k = 0; k < q->item_count; k++)
			im->position[r][k] = -1;
		for (size_t k = 0; k < q->role_item_count[r]; k++)
			im->position[r][q->role_items[r][k]] = (long)k;
	}
}

static void importer_release(struct importer *im)
{
	free(im->people);
	strbuf_release(&im->ids);
	free(im->answers);
	free(im->before);
	free(im->table);
	free(im->item_table);
	free(im->item_len);
	free(im->key_table);
	free(im->key_item);
	for (int r = 0; r < ROLE_COUNT; r++)
		free(im->position[r]);
	free(im->header);
}

static const char *const role_aliases[] = {"役割", NULL};
static const char *const item_aliases[] = {"項目ID", "項目", "設問ID", NULL};
static const char *const answer_aliases[] = {"回答", NULL};

static const struct csvread_column columns[4] = {
	{"person_id", roster_person_id_aliases},
	{"role", role_aliases},
	{"item", item_aliases},
	{"answer", answer_aliases},
};

/* Files at least this large are checked in two halves at once (on two processors). */
#define PARALLEL_MIN_BYTES (8u << 20)

static void scan_init(struct scan *sc, struct importer *im, bool quiet)
{
	memset(sc, 0, sizeof *sc);
	sc->im = im;
	sc->quiet = quiet;
	sc->r.fd = -1;
	sc->given = xcalloc(im->answers_len / 8 + 1, 1);
	sc->touched = xcalloc(im->count / 8 + 1, 1);
	sc->changed = xcalloc(im->count / 8 + 1, 1);
}

static void scan_release(struct scan *sc)
{
	csvread_close(&sc->r);
	free(sc->given);
	free(sc->touched);
	free(sc->changed);
}

static void set_bit(uint8_t *bits, uint64_t i)
{
	bits[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static bool get_bit(const uint8_t *bits, uint64_t i)
{
	return bits[i >> 3] & (1u << (i & 7));
}

/* Opens the pass's reader on the file. Returns 0, or -1 after reporting (unless quiet). */
static int scan_open(struct scan *sc)
{
	int rc = csvread_open(&sc->r, sc->im->path);
	sc->r.quiet = sc->quiet;
	sc->r.trim = true;
	return rc ? -1 : csvread_set_encoding(&sc->r, sc->im->encoding);
}

/* Reads and checks the header record, noting where the columns are. Returns 0, or -1 after
 * reporting (unless quiet). */
static int check_header(struct scan *sc)
{
	int rc = csvread_next(&sc->r);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return row_error(sc, 1, "empty file (expected the header person_id,role,item,answer)");
	if (csvread_header(&sc->r, columns, 4, sc->im->col))
		return -1;
	sc->im->nfields = sc->r.header_fields;
	free(sc->im->header);
	sc->im->header = xstrdup(csvread_header_text(&sc->r));
	return 0;
}

/* Reads records to the end of the pass's range, applying each valid row to the shared
 * answers. A quiet pass stops at its first error. Returns 0 or -1. */
static int scan_rows(struct scan *sc)
{
	struct importer *im = sc->im;
	struct csvread *r = &sc->r;
	/* Consecutive rows usually share the person and the role: remember the last ones. */
	long person = -1;
	int role = -1;
	/* The last role text: as two keys when it is at most 16 bytes (the codes), else as text
	 * (the Japanese names). */
	uint64_t role_key[2] = {0, 0};
	char role_text[128];
	size_t role_len_last = SIZE_MAX;  /* no role text seen yet */
	long slot_person = -1;
	int slot_role = -1;
	uint64_t slot_base = 0;
	int rc = 0;
	const size_t *col = im->col;
	/* A quiet pass stops at its first error; a reporting pass counts every error to the end. */
	while (!(sc->quiet && r->errors) && (rc = csvread_next(r)) != 0) {
		if (rc == CSVREAD_BAD_RECORD)
			continue;
		if (rc < 0)
			break;
		if (r->nfields != im->nfields) {
			row_error(sc, r->line, "expected %zu fields (%s), found %zu", im->nfields, im->header, r->nfields);
			continue;
		}
		const char *id = r->fields[col[0]], *role_code = r->fields[col[1]], *item_id = r->fields[col[2]];
		size_t id_len = r->lens[col[0]], role_len = r->lens[col[1]];
		sc->rows++;
		uint64_t id_key = short_key(id, id_len < 8 ? id_len : 8);
		if (person < 0 || !is_person(im, &im->people[person], id_key, id, id_len)) {
			person = find_person(im, id_key, id, id_len);
			if (person < 0) {
				row_error(sc, r->line, "unknown person '%s' (not an active target of the roster)", id);
				continue;
			}
			/* People come in any order: fetch the new one's answers early, while the
			 * rest of the row is read. */
			const struct person *np = &im->people[person];
			__builtin_prefetch(im->answers + np->base, 1);
			__builtin_prefetch(sc->given + (np->base >> 3), 1);
		}
		bool same_role;
		uint64_t key[2] = {0, 0};
		if (role_len <= 16) {
			key[0] = short_key(role_code, role_len);
			key[1] = role_len > 8 ? short_key(role_code + 8, role_len - 8) : 0;
			same_role = role_len == role_len_last && key[0] == role_key[0] && key[1] == role_key[1];
		} else {
			same_role = same_text(role_text, role_len_last, role_code, role_len);
		}
		if (!same_role) {
			role = roster_role_from_text(role_code);
			/* A text too long to keep is looked up again on the next row. */
			role_len_last = role_len < sizeof role_text ? role_len : SIZE_MAX;
			role_key[0] = key[0];
			role_key[1] = key[1];
			if (role_len > 16 && role_len < sizeof role_text)
				memcpy(role_text, role_code, role_len);
		}
		if (role < 0) {
			row_error(sc, r->line, "unknown role '%s'", role_code);
			continue;
		}
		struct person *p = &im->people[person];
		if (!(p->roles & (1u << role))) {
			row_error(sc, r->line, "person '%s' does not hold role %s", id, role_code);
			continue;
		}
		/* Item ids are short: looked up by their bytes as one number. */
		size_t item_len = r->lens[col[2]];
		long item = item_len && item_len <= 8 ? find_item_key(im, short_key(item_id, item_len))
						      : find_item(im, item_id, item_len);
		if (item < 0) {
			row_error(sc, r->line, "unknown item '%s' (not in questionnaire %s)", item_id, im->quest->id);
			continue;
		}
		long pos = im->position[role][item];
		if (pos < 0) {
			row_error(sc, r->line, "item %s is not on the sheet of role %s", item_id, role_code);
			continue;
		}
		const struct choice *ch = im->quest->items[item].choice;
		char code = ch ? 0 : import_answer_code(r->fields[col[3]]);
		if (ch) {
			const char *why;
			unsigned mask = import_choice_mask(ch, r->fields[col[3]], &why);
			if (!mask) {
				csvread_error_at(r, r->line, (int)col[3] + 1,
						 "item %s: answer '%s': %s (a %s choice of options 1 to %zu%s)", item_id,
						 r->fields[col[3]], why, ch->multiple ? "multiple" : "single", ch->option_count,
						 ch->multiple ? ", several separated by commas" : "");
				continue;
			}
			code = choice_encode(ch, mask);
		} else if (!code) {
			row_error(sc, r->line,
				  "unknown answer '%s' (expected implemented, not_implemented, not_applicable or 1, 2, 3)",
				  r->fields[col[3]]);
			continue;
		}
		if (slot_person != person || slot_role != role) {
			slot_base = slot(im, p, role);
			slot_person = person;
			slot_role = role;
		}
		uint64_t at = slot_base + (uint64_t)pos;
		if (get_bit(sc->given, at)) {
			row_error(sc, r->line, "duplicate answer for person '%s', role %s, item %s", id, role_code, item_id);
			continue;
		}
		set_bit(sc->given, at);
		set_bit(sc->touched, (uint64_t)person);
		if (im->answers[at] != code) {
			set_bit(sc->changed, (uint64_t)person);
			im->answers[at] = code;
		}
	}
	return r->errors ? -1 : 0;
}

static void *scan_thread(void *arg)
{
	scan_rows(arg);
	return NULL;
}

/* Offset of the first record that starts at or after the middle of the file, or -1. */
static off_t middle_record(int fd, off_t size)
{
	char buf[4096];
	for (off_t at = size / 2 - 1; at < size; at += (off_t)sizeof buf) {
		ssize_t n = pread(fd, buf, sizeof buf, at);
		if (n <= 0)
			return -1;
		char *nl = memchr(buf, '\n', (size_t)n);
		if (nl)
			return at + (nl - buf) + 1 < size ? at + (nl - buf) + 1 : -1;
	}
	return -1;
}

/*
 * Trial: the two halves of the file in two threads, quietly. Succeeds only when both halves
 * are clean and no item is answered in both; anything else (a bad row, a quoted field
 * running across the middle, a duplicate) makes it give up, restoring the answers, so that
 * the sequential pass finds and reports the errors in file order. Returns 1 with the merged
 * pass in *out, or 0.
 */
static int scan_parallel(struct importer *im, struct scan *out)
{
	struct stat st;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (im->encoding != CSVREAD_UTF8 || strcmp(im->path, "-") == 0 || stat(im->path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size < (off_t)PARALLEL_MIN_BYTES || cpus < 2)
		return 0;
	struct scan a, b;
	scan_init(&a, im, true);
	scan_init(&b, im, true);
	char *saved = xmalloc(im->answers_len + 1);
	memcpy(saved, im->answers, im->answers_len);
	/* Half A: the header and the records before the middle; half B: the rest. */
	int ok = scan_open(&a) == 0 && scan_open(&b) == 0;
	off_t mid = ok ? middle_record(a.r.fd, st.st_size) : -1;
	ok = ok && mid > 0 && check_header(&a) == 0 && csvread_offset(&a.r) <= mid &&
	     csvread_limit(&a.r, mid) == 0 && csvread_seek(&b.r, mid) == 0;
	if (ok) {
		pthread_t thread;
		bool threaded = pthread_create(&thread, NULL, scan_thread, &b) == 0;
		if (!threaded)
			scan_rows(&b);
		scan_rows(&a);
		if (threaded)
			pthread_join(thread, NULL);
		ok = a.r.errors == 0 && b.r.errors == 0;
		for (size_t i = 0; ok && i < im->answers_len / 8 + 1; i++)
			ok = (a.given[i] & b.given[i]) == 0;
	}
	if (ok) {
		for (size_t i = 0; i < im->count / 8 + 1; i++) {
			a.touched[i] |= b.touched[i];
			a.changed[i] |= b.changed[i];
		}
		a.rows += b.rows;
		csvread_close(&a.r);
		*out = a;
	} else {
		memcpy(im->answers, saved, im->answers_len);
		scan_release(&a);
	}
	scan_release(&b);
	free(saved);
	return ok;
}

/* Reads the file, applying each valid row to the in-memory answers and marking the people
 * it answers for. Returns 0, or -1 after reporting the errors (the first
 * DIAG_MAX_ERRORS, then how many more there are). */
static int read_answers(struct importer *im, struct import_result *res)
{
	struct scan sc;
	if (!scan_parallel(im, &sc)) {
		scan_init(&sc, im, false);
		if (scan_open(&sc) || check_header(&sc) || scan_rows(&sc)) {
			csvread_error_summary(&sc.r);
			scan_release(&sc);
			return -1;
		}
	}
	for (size_t k = 0; k < im->count; k++) {
		im->people[k].touched = get_bit(sc.touched, k);
		im->people[k].changed = get_bit(sc.changed, k);
	}
	res->rows = sc.rows;
	if (sc.rows == 0) {
		/* A header alone is most likely the wrong file, or a cut one: importing nothing
		 * and saying it worked would hide that. */
		diag_at(im->path, 2, 0, "no answers after the header (expected at least one row person_id,role,item,answer)");
		scan_release(&sc);
		return -1;
	}
	scan_release(&sc);
	return 0;
}

static bool person_complete(const struct importer *im, const struct person *p)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(p->roles & (1u << r)))
			continue;
		const char *a = im->answers + slot(im, p, r);
		if (!memchr(a, '0', im->quest->role_item_count[r]))
			continue;
		if (!im->quest->choice_item_count)
			return false;
		/* an item whose condition the person's answers do not meet is not asked */
		for (size_t k = 0; k < im->quest->role_item_count[r]; k++)
			if (a[k] == '0' && choice_asked(im->quest, im->quest->role_items[r][k], (enum role)r, a))
				return false;
	}
	return true;
}

/* What the write does for one person, worked out before it. */
enum person_plan {
	PLAN_SKIP,       /* nothing to write: not in the file, or nothing changes */
	PLAN_WRITE,      /* write the changed rows; the person stays in progress */
	PLAN_SUBMIT,     /* write the rows as submitted and record the submission */
};

/* The plan of every person, and the digest of everyone who becomes submitted. The digests
 * are computed once, in a thread of their own while the response rows are written; the
 * submission rows, which carry them, are written after. */
struct plans {
	const struct importer *im;
	uint8_t *plan;                         /* enum person_plan per person */
	char (*digest)[SHEET_DIGEST_SIZE];     /* per person, set for PLAN_SUBMIT */
	uint32_t *answered;                    /* per person, PLAN_SUBMIT: answers on all held sheets */
	pthread_t thread;
	bool threaded;
};

static void digest_all(struct plans *pl)
{
	const struct importer *im = pl->im;
	for (size_t k = 0; k < im->count; k++) {
		if (pl->plan[k] != PLAN_SUBMIT)
			continue;
		const struct person *p = &im->people[k];
		const char *packed[ROLE_COUNT] = {0};
		size_t lens[ROLE_COUNT] = {0};
		pl->answered[k] = 0;
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!(p->roles & (1u << r)))
				continue;
			packed[r] = im->answers + slot(im, p, r);
			lens[r] = im->quest->role_item_count[r];
			pl->answered[k] += (uint32_t)lens[r];
		}
		sheet_digest_packed(packed, lens, pl->digest[k]);
	}
}

static void *digest_thread(void *arg)
{
	digest_all(arg);
	return NULL;
}

/* Plans every person and starts the digests (plans_digests waits for them). */
static void plans_make(struct plans *pl, const struct importer *im)
{
	memset(pl, 0, sizeof *pl);
	pl->im = im;
	pl->plan = xcalloc(im->count + 1, 1);
	pl->digest = xcalloc(im->count + 1, sizeof *pl->digest);
	pl->answered = xcalloc(im->count + 1, sizeof *pl->answered);
	for (size_t k = 0; k < im->count; k++) {
		const struct person *p = &im->people[k];
		if (!p->touched)
			continue;
		bool complete = person_complete(im, p);
		/* Re-importing what is already stored and submitted changes nothing. */
		if (!p->changed && (p->submitted || !complete))
			continue;
		pl->plan[k] = complete ? PLAN_SUBMIT : PLAN_WRITE;
	}
	pl->threaded = pthread_create(&pl->thread, NULL, digest_thread, pl) == 0;
}

/* Waits for the digests (computes them here when no thread could be started). */
static void plans_digests(struct plans *pl)
{
	if (pl->threaded)
		pthread_join(pl->thread, NULL);
	else
		digest_all(pl);
	pl->threaded = false;
}

static void plans_release(struct plans *pl)
{
	if (pl->threaded)
		pthread_join(pl->thread, NULL);
	free(pl->plan);
	free(pl->digest);
	free(pl->answered);
}

/*
 * Rows are inserted BATCH_ROWS at a time, by one multi-row INSERT prepared once (a last,
 * shorter batch by a statement prepared for it at the end), so that SQLite runs one
 * statement per batch instead of one per row.
 */
#define BATCH_ROWS 32
/* Parameters every row of a batch shares: ?1 the fiscal year, ?2 the time of the import. */
#define BATCH_SHARED 2

struct response_row {
	const char *person;
	enum role role;
	const char *answers;
	size_t len, answered;
	bool submitted;
};

struct submission_row {
	const char *person;
	const char *digest;
	size_t answered;
};

struct writer {
	struct store *s;
	int fiscal_year;
	const char *now;
	sqlite3_stmt *responses, *submissions;   /* full batches */
	sqlite3_stmt *update;                    /* one stored response row */
	struct response_row rrows[BATCH_ROWS];
	size_t nr;
	struct submission_row srows[BATCH_ROWS];
	size_t ns;
};

#define RESPONSE_INSERT "INSERT INTO response(fiscal_year, person_id, role, answers, answered, updated_at, submitted_at) VALUES"
#define RESPONSE_TUPLE "(?1, #, #, #, #, ?2, #)"
#define RESPONSE_PARAMS 5
#define SUBMISSION_INSERT "INSERT INTO submission(fiscal_year, person_id, submitted_at, answer_count, answers_digest) VALUES"
#define SUBMISSION_TUPLE "(?1, #, ?2, #, #)"
#define SUBMISSION_PARAMS 3

/* An INSERT of rows tuples; each '#' of tuple is the row's next parameter. */
static int prepare_batch(struct store *s, const char *head, const char *tuple, size_t rows, sqlite3_stmt **out)
{
	struct strbuf sql;
	strbuf_init(&sql);
	strbuf_addstr(&sql, head);
	size_t param = BATCH_SHARED;
	for (size_t k = 0; k < rows; k++) {
		strbuf_addstr(&sql, k ? ", " : " ");
		for (const char *c = tuple; *c; c++) {
			if (*c == '#')
				strbuf_addf(&sql, "?%zu", ++param);
			else
				strbuf_addch(&sql, *c);
		}
	}
	int rc = store_prepare(s, sql.buf, out);
	strbuf_release(&sql);
	return rc;
}

/* Runs the batched rows through st (prepared for exactly that many rows). */
static int run_batch(struct writer *w, sqlite3_stmt *st, bool responses)
{
	sqlite3_bind_int(st, 1, w->fiscal_year);
	sqlite3_bind_text(st, 2, w->now, -1, SQLITE_STATIC);
	int at = BATCH_SHARED;
	size_t n = responses ? w->nr : w->ns;
	for (size_t k = 0; k < n; k++) {
		if (responses) {
			const struct response_row *r = &w->rrows[k];
			sqlite3_bind_text(st, ++at, r->person, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, ++at, role_info(r->role)->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, ++at, r->answers, (int)r->len, SQLITE_STATIC);
			sqlite3_bind_int64(st, ++at, (sqlite3_int64)r->answered);
			if (r->submitted)
				sqlite3_bind_text(st, ++at, w->now, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, ++at);
		} else {
			const struct submission_row *r = &w->srows[k];
			sqlite3_bind_text(st, ++at, r->person, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, ++at, (sqlite3_int64)r->answered);
			sqlite3_bind_text(st, ++at, r->digest, -1, SQLITE_STATIC);
		}
	}
	int rc = store_step(w->s, st);
	sqlite3_reset(st);
	if (responses)
		w->nr = 0;
	else
		w->ns = 0;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Runs what is batched; a short batch through a statement made for its size. */
static int flush(struct writer *w, bool responses)
{
	size_t n = responses ? w->nr : w->ns;
	if (n == 0)
		return 0;
	if (n == BATCH_ROWS)
		return run_batch(w, responses ? w->responses : w->submissions, responses);
	sqlite3_stmt *st;
	if (prepare_batch(w->s, responses ? RESPONSE_INSERT : SUBMISSION_INSERT,
			  responses ? RESPONSE_TUPLE : SUBMISSION_TUPLE, n, &st))
		return -1;
	int rc = run_batch(w, st, responses);
	sqlite3_finalize(st);
	return rc;
}

static int writer_open(struct writer *w, struct store *s, int fiscal_year, const char *now)
{
	memset(w, 0, sizeof *w);
	w->s = s;
	w->fiscal_year = fiscal_year;
	w->now = now;
	/* The roster read told which rows exist: new ones are inserted in batches, the others
	 * updated by key (one b-tree search each, where an upsert would take two). */
	if (prepare_batch(s, RESPONSE_INSERT, RESPONSE_TUPLE, BATCH_ROWS, &w->responses) ||
	    prepare_batch(s, SUBMISSION_INSERT, SUBMISSION_TUPLE, BATCH_ROWS, &w->submissions) ||
	    store_prepare(s, "UPDATE response SET answers = ?4, answered = ?5, updated_at = ?2,"
			     " submitted_at = coalesce(?6, submitted_at),"
			     " changed_after_submit_at = CASE WHEN ?6 IS NULL THEN changed_after_submit_at END"
			     " WHERE fiscal_year = ?1 AND person_id = ?3 AND role = ?7", &w->update))
		return -1;
	sqlite3_bind_int(w->update, 1, fiscal_year);
	sqlite3_bind_text(w->update, 2, now, -1, SQLITE_STATIC);
	return 0;
}

static void writer_close(struct writer *w)
{
	sqlite3_finalize(w->responses);
	sqlite3_finalize(w->submissions);
	sqlite3_finalize(w->update);
}

static int write_row(struct writer *w, const struct response_row *r, bool stored)
{
	if (!stored) {
		w->rrows[w->nr++] = *r;
		return w->nr == BATCH_ROWS ? flush(w, true) : 0;
	}
	sqlite3_stmt *st = w->update;
	sqlite3_bind_text(st, 3, r->person, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->answers, (int)r->len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)r->answered);
	if (r->submitted)
		sqlite3_bind_text(st, 6, w->now, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, role_info(r->role)->code, -1, SQLITE_STATIC);
	int rc = store_step(w->s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The units of the people whose answers change (the roster's spelling), read on db in one
 * pass over the year's people in id order — the order of im->people. units[k] - 1 is the
 * unit's offset in *arena, 0 for people the import leaves alone. Reports nothing (it may run
 * in a thread); returns 0 or -1. */
static int load_units(const struct importer *im, sqlite3 *db, int fiscal_year, const uint8_t *plan,
		      uint32_t *units, struct strbuf *arena)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT person_id, unit FROM person WHERE fiscal_year = ?1 ORDER BY person_id", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	size_t k = 0;
	int rc = SQLITE_DONE;
	while (k < im->count && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int d = 1;
		while (k < im->count && (d = strcmp(person_id(im, &im->people[k]), id)) < 0)
			k++;
		if (k == im->count || d > 0 || !plan[k])
			continue;
		const char *unit = (const char *)sqlite3_column_text(st, 1);
		gpointer at;
		if (!g_hash_table_lookup_extended(seen, unit, NULL, &at)) {
			at = GUINT_TO_POINTER((unsigned)arena->len);
			strbuf_add(arena, unit, strlen(unit) + 1);
			g_hash_table_insert(seen, xstrdup(unit), at);
		}
		units[k] = GPOINTER_TO_UINT(at) + 1;
	}
	g_hash_table_destroy(seen);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Changes the kept tally's counts by what the import does to each person it writes: their
 * sheets as they were (im->before, submitted as stored) and as they are now; the units are
 * read on db. Reports nothing (it may run in a thread); returns 0 or -1. */
static int keep_counts(const struct importer *im, sqlite3 *db, int fiscal_year, const uint8_t *plan,
		       struct livetally *lt)
{
	if (!memchr(plan, PLAN_WRITE, im->count) && !memchr(plan, PLAN_SUBMIT, im->count))
		return 0;     /* nobody changes (a re-import): no need to read the people */
	uint32_t *units = xcalloc(im->count + 1, sizeof *units);
	struct strbuf arena;
	strbuf_init(&arena);
	int result = load_units(im, db, fiscal_year, plan, units, &arena);
	for (size_t k = 0; k < im->count && !result; k++) {
		if (!plan[k])
			continue;
		const struct person *p = &im->people[k];
		if (!units[k]) {
			result = -1;     /* not in the roster read: cannot happen under the write lock */
			break;
		}
		struct livetally_person before = {person_id(im, p), arena.buf + units[k] - 1, 0, {{0}}, false};
		struct livetally_person after = before;
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!(p->roles & (1u << r)))
				continue;
			uint64_t at = slot(im, p, r);
			size_t n = im->quest->role_item_count[r];
			bool sent = p->sent & (1u << r);
			before.targets[before.count++] = (struct livetally_target){(enum role)r, false, sent, im->before + at, n};
			after.targets[after.count++] = (struct livetally_target){(enum role)r, false,
										 sent || plan[k] == PLAN_SUBMIT, im->answers + at, n};
		}
		result = livetally_change_counts(lt, &before, &after);
	}
	strbuf_release(&arena);
	free(units);
	return result;
}

/* The counts changed in a thread while the rows are written: the people's units read on a
 * connection of its own, which sees what the import's transaction saw (the import holds the
 * write lock and changes no person row). */
struct keep_job {
	const struct importer *im;
	const uint8_t *plan;
	struct livetally *lt;
	const char *file;
	int fiscal_year;
	pthread_t thread;
	bool started;
	int result;
};

static void *keep_thread(void *arg)
{
	struct keep_job *job = arg;
	sqlite3 *db = NULL;
	job->result = -1;
	if (sqlite3_open_v2(job->file, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_busy_timeout(db, STORE_BUSY_LIMIT_MS) == SQLITE_OK &&
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
		job->result = keep_counts(job->im, db, job->fiscal_year, job->plan, job->lt);
	if (db)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

/* Starts the job (nothing when there is no kept tally to change). */
static void keep_start(struct keep_job *job, const struct importer *im, struct store *s, int fiscal_year,
		       const uint8_t *plan, struct livetally *lt)
{
	*job = (struct keep_job){im, plan, lt, s->file, fiscal_year, 0, false, 0};
	if (lt)
		job->started = pthread_create(&job->thread, NULL, keep_thread, job) == 0;
}

/* Waits for the job (or does its work here when no thread could be started). */
static int keep_finish(struct keep_job *job, struct store *s)
{
	if (!job->lt)
		return 0;
	if (!job->started)
		return keep_counts(job->im, s->db, job->fiscal_year, job->plan, job->lt)
			       ? store_error(s, "cannot read the roster's units") : 0;
	pthread_join(job->thread, NULL);
	job->started = false;
	return job->result ? diag_error("%s: the roster's units could not be read on a second connection", s->path)
			   : 0;
}

/* Whether role r of person k is pending (not submitted) after the import. */
static bool pending_after(const struct person *p, uint8_t plan, int r)
{
	return plan != PLAN_SUBMIT && !(p->sent & (1u << r));
}

/* The kept tally's pending targets after the import: the few that change one by one, or the
 * whole list written again when most of them change (a first import). */
static int keep_pending(const struct importer *im, const uint8_t *plan, struct livetally *lt)
{
	size_t flips = 0, pending = 0;
	for (size_t k = 0; k < im->count; k++) {
		const struct person *p = &im->people[k];
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!(p->roles & (1u << r)))
				continue;
			bool now = pending_after(p, plan[k], r);
			pending += now;
			flips += now != !(p->sent & (1u << r));
		}
	}
	if (flips == 0)
		return 0;
	int result = 0;
	if (flips <= pending) {
		for (size_t k = 0; k < im->count && !result; k++) {
			const struct person *p = &im->people[k];
			for (int r = 0; r < ROLE_COUNT && !result && plan[k]; r++) {
				bool now = pending_after(p, plan[k], r);
				if ((p->roles & (1u << r)) && now != !(p->sent & (1u << r)))
					result = livetally_pending(lt, person_id(im, p), (enum role)r, now);
			}
		}
		return result;
	}
	struct tallyunits_target *list = xcalloc(pending + 1, sizeof *list);
	size_t n = 0;
	for (size_t k = 0; k < im->count; k++) {
		const struct person *p = &im->people[k];
		for (int r = 0; r < ROLE_COUNT; r++)
			if ((p->roles & (1u << r)) && pending_after(p, plan[k], r))
				list[n++] = (struct tallyunits_target){(char *)person_id(im, p), (enum role)r};
	}
	result = livetally_pending_replace(lt, list, n);
	free(list);
	return result;
}

static int write_answers(struct importer *im, struct store *s, int fiscal_year, struct import_result *res,
			 struct livetally *lt)
{
	char now[32];
	store_now(now, sizeof now);
	struct plans pl;
	plans_make(&pl, im);
	struct keep_job job;
	keep_start(&job, im, s, fiscal_year, pl.plan, lt);
	struct writer w;
	/* One change of the tally inputs for the whole import, instead of one per row. */
	bool changed = false;
	int result = store_batch_begin(s, fiscal_year) || writer_open(&w, s, fiscal_year, now) ? -1 : 0;
	for (size_t k = 0; k < im->count && !result; k++) {
		const struct person *p = &im->people[k];
		if (pl.plan[k] == PLAN_SKIP)
			continue;
		bool complete = pl.plan[k] == PLAN_SUBMIT;
		res->people++;
		res->submitted += complete;
		/* A row submitted before, or submitted now, is a change of the tally inputs. */
		changed = changed || complete || p->sent;
		for (int r = 0; r < ROLE_COUNT && !result; r++) {
			if (!(p->roles & (1u << r)))
				continue;
			struct response_row row = {person_id(im, p), (enum role)r, im->answers + slot(im, p, r),
						   im->quest->role_item_count[r], 0, complete};
			for (size_t i = 0; i < row.len; i++)
				row.answered += row.answers[i] != '0';
			result = write_row(&w, &row, p->stored & (1u << r));
		}
	}
	if (!result)
		result = flush(&w, true);
	plans_digests(&pl);
	for (size_t k = 0; k < im->count && !result; k++) {
		if (pl.plan[k] != PLAN_SUBMIT)
			continue;
		w.srows[w.ns++] = (struct submission_row){person_id(im, &im->people[k]), pl.digest[k], pl.answered[k]};
		if (w.ns == BATCH_ROWS)
			result = flush(&w, false);
	}
	if (!result)
		result = flush(&w, false);
	if (!result)
		result = store_batch_end(s, changed);
	writer_close(&w);
	int kept = keep_finish(&job, s);
	if (!result)
		result = kept;
	if (!result && lt)
		result = keep_pending(im, pl.plan, lt);
	plans_release(&pl);
	return result;
}

int import_answers(struct store *s, int fiscal_year, const char *path, enum csvread_encoding encoding,
		   struct import_result *res)
{
	memset(res, 0, sizeof *res);
	if (collect_require_open(s, fiscal_year, "answers are no longer accepted"))
		return -1;
	struct quest *q;
	if (store_year_quest(s, fiscal_year, &q) <= 0)
		return -1;
	struct importer im;
	memset(&im, 0, sizeof im);
	im.quest = q;
	im.path = path;
	im.encoding = encoding;
	strbuf_init(&im.ids);
	setup_items(&im);
	/* Every row written is checked against the roster read under the same write lock, so
	 * its foreign keys (response to target, submission to person) hold by construction:
	 * they are not checked again row by row (the setting can only change outside a
	 * transaction, and is restored after it). */
	bool keys_off = s->depth == 0 && store_exec(s, "PRAGMA foreign_keys = OFF") == 0;
	/* Hold the write lock from the roster read to the commit, so that no respondent's
	 * answer written meanwhile is overwritten with an older value. */
	int result = store_begin(s);
	/* The kept tally is changed by the import's differences when it is current, and recounted
	 * otherwise (core/livetally.h). */
	struct livetally *lt = NULL;
	if (!result)
		result = livetally_begin(s, fiscal_year, q, &lt);
	if (!result)
		result = load_roster(&im, s, fiscal_year);
	if (!result && lt) {
		im.before = xmalloc(im.answers_len + 1);
		memcpy(im.before, im.answers, im.answers_len);
	}
	if (!result)
		result = read_answers(&im, res);
	if (!result)
		result = write_answers(&im, s, fiscal_year, res, lt);
	if (!result)
		result = lt ? livetally_commit(lt) : livetally_recount(s, fiscal_year, q, NULL);
	else
		livetally_free(lt);
	lt = NULL;
	if (!result)
		result = store_log(s, fiscal_year, "survey", "import",
				   "%s: %llu answers read; changes for %llu %s; %llu marked submitted", path, res->rows,
				   res->people, res->people == 1 ? "person" : "people", res->submitted);
	if (!result)
		result = store_commit(s);
	if (result)
		store_rollback(s);
	if (keys_off && store_exec(s, "PRAGMA foreign_keys = ON"))
		result = -1;
	importer_release(&im);
	quest_free(q);
	return result;
}
