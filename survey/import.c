/* import: streaming validation of an answers CSV against the roster, then one write. */
#include "survey/import.h"
#include "core/choice.h"
#include "core/diag.h"
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

/* 24 bytes per person: the roster, not the file, decides the memory used. */
struct person {
	uint32_t id;                 /* offset of the id in the ids arena */
	uint16_t roles;              /* held (active) roles */
	uint16_t stored;             /* held roles that already have a response row */
	bool touched;                /* the file answers for this person */
	bool changed;                /* ... and changes at least one stored answer */
	bool submitted;              /* every held role was submitted before the import */
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
	size_t item_mask;
	long *position[ROLE_COUNT];  /* position[r][item] on role r's sheet, or -1 */
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

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
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

static long find_person(const struct importer *im, const char *id)
{
	size_t i = (size_t)hash_str(id) & im->table_mask;
	for (;; i = (i + 1) & im->table_mask) {
		uint32_t v = im->table[i];
		if (!v)
			return -1;
		if (strcmp(person_id(im, &im->people[v - 1]), id) == 0)
			return (long)v - 1;
	}
}

static long find_item(const struct importer *im, const char *id)
{
	size_t i = (size_t)hash_str(id) & im->item_mask;
	for (;; i = (i + 1) & im->item_mask) {
		long v = im->item_table[i];
		if (!v)
			return -1;
		if (strcmp(im->quest->items[v - 1].id, id) == 0)
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
			strbuf_add(&im->ids, id, strlen(id) + 1);
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
	free(im->table);
	free(im->item_table);
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
	char role_buf[128] = "";
	long last_item = -1;
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
		sc->rows++;
		if (person < 0 || strcmp(person_id(im, &im->people[person]), id) != 0) {
			person = find_person(im, id);
			if (person < 0) {
				row_error(sc, r->line, "unknown person '%s' (not an active target of the roster)", id);
				continue;
			}
		}
		if (!role_buf[0] || strcmp(role_buf, role_code) != 0) {
			role = roster_role_from_text(role_code);
			snprintf(role_buf, sizeof role_buf, "%s", role_code);
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
		/* Files usually list a role's items in sheet order: try the next item first. */
		long item;
		if (last_item >= 0 && (size_t)last_item + 1 < im->quest->item_count &&
		    strcmp(im->quest->items[last_item + 1].id, item_id) == 0)
			item = last_item + 1;
		else
			item = find_item(im, item_id);
		if (item < 0) {
			row_error(sc, r->line, "unknown item '%s' (not in questionnaire %s)", item_id, im->quest->id);
			continue;
		}
		last_item = item;
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
 * CSVREAD_ERROR_LIMIT, then how many more there are). */
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

static int write_answers(struct importer *im, struct store *s, int fiscal_year, struct import_result *res)
{
	char now[32];
	store_now(now, sizeof now);
	/* The roster read told which rows exist: new ones are inserted, the others updated by
	 * key (one b-tree search each, where an upsert would take two). */
	sqlite3_stmt *ins = NULL, *upd = NULL, *sub = NULL;
	if (store_prepare(s, "INSERT INTO response(fiscal_year, person_id, role, answers, answered, updated_at,"
			     " submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &ins) ||
	    store_prepare(s, "UPDATE response SET answers = ?4, answered = ?5, updated_at = ?6,"
			     " submitted_at = coalesce(?7, submitted_at)"
			     " WHERE fiscal_year = ?1 AND person_id = ?2 AND role = ?3", &upd) ||
	    store_prepare(s, "INSERT INTO submission(fiscal_year, person_id, submitted_at, answer_count,"
			     " answers_digest) VALUES (?1, ?2, ?3, ?4, ?5)", &sub)) {
		sqlite3_finalize(ins);
		sqlite3_finalize(upd);
		return -1;
	}
	sqlite3_bind_int(ins, 1, fiscal_year);
	sqlite3_bind_text(ins, 6, now, -1, SQLITE_STATIC);
	sqlite3_bind_int(upd, 1, fiscal_year);
	sqlite3_bind_text(upd, 6, now, -1, SQLITE_STATIC);
	sqlite3_bind_int(sub, 1, fiscal_year);
	sqlite3_bind_text(sub, 3, now, -1, SQLITE_STATIC);
	int result = 0;
	for (size_t k = 0; k < im->count && !result; k++) {
		struct person *p = &im->people[k];
		if (!p->touched)
			continue;
		bool complete = person_complete(im, p);
		/* Re-importing what is already stored and submitted changes nothing. */
		if (!p->changed && (p->submitted || !complete))
			continue;
		res->people++;
		const char *packed[ROLE_COUNT] = {0};
		size_t lens[ROLE_COUNT] = {0};
		size_t total = 0;
		for (int r = 0; r < ROLE_COUNT && !result; r++) {
			if (!(p->roles & (1u << r)))
				continue;
			size_t n = im->quest->role_item_count[r], answered = 0;
			const char *a = im->answers + slot(im, p, r);
			for (size_t i = 0; i < n; i++)
				answered += a[i] != '0';
			packed[r] = a;
			lens[r] = n;
			total += answered;
			sqlite3_stmt *up = p->stored & (1u << r) ? upd : ins;
			sqlite3_bind_text(up, 2, person_id(im, p), -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 3, role_info((enum role)r)->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 4, a, (int)n, SQLITE_STATIC);
			sqlite3_bind_int64(up, 5, (sqlite3_int64)answered);
			if (complete)
				sqlite3_bind_text(up, 7, now, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(up, 7);
			if (store_step(s, up) != SQLITE_DONE)
				result = -1;
			sqlite3_reset(up);
		}
		if (result || !complete)
			continue;
		res->submitted++;
		char digest[SHEET_DIGEST_SIZE];
		sheet_digest_packed(packed, lens, digest);
		sqlite3_bind_text(sub, 2, person_id(im, p), -1, SQLITE_STATIC);
		sqlite3_bind_int64(sub, 4, (sqlite3_int64)total);
		sqlite3_bind_text(sub, 5, digest, -1, SQLITE_TRANSIENT);
		if (store_step(s, sub) != SQLITE_DONE)
			result = -1;
		sqlite3_reset(sub);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(sub);
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
	/* Hold the write lock from the roster read to the commit, so that no respondent's
	 * answer written meanwhile is overwritten with an older value. */
	int result = store_begin(s);
	if (!result)
		result = load_roster(&im, s, fiscal_year);
	if (!result)
		result = read_answers(&im, res);
	if (!result)
		result = write_answers(&im, s, fiscal_year, res);
	if (!result)
		result = store_log(s, fiscal_year, "survey", "import",
				   "%s: %llu answers read; changes for %llu %s; %llu marked submitted", path, res->rows,
				   res->people, res->people == 1 ? "person" : "people", res->submitted);
	if (!result)
		result = store_commit(s);
	if (result)
		store_rollback(s);
	importer_release(&im);
	quest_free(q);
	return result;
}
