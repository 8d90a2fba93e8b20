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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

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

/* The roster's hash table: each slot holds what a row needs of its person, so that finding
 * the person of a row reads one slot (32 bytes, two to a cache line) and nothing else. */
struct person_slot {
	uint64_t key;                /* the person's key (struct person) */
	uint64_t base;               /* the person's base (struct person) */
	uint32_t person;             /* index in people + 1; 0: an empty slot */
	uint16_t roles;              /* the person's held roles */
	uint8_t id_len;              /* length of the id */
	uint8_t unused[9];
};

struct importer {
	const struct quest *quest;
	const char *path;
	struct person *people;
	size_t count, cap;
	struct strbuf ids;
	char *answers;               /* every target's packed answers */
	uint64_t answers_len;
	struct person_slot *table;   /* open addressing over the person ids (id_hash) */
	size_t table_mask;
	long *item_table;            /* open addressing over item ids: item index + 1 */
	size_t *item_len;            /* length of each item id */
	uint64_t *key_table;         /* open addressing over the short_key of every item id
				      * of at most 8 bytes (0: empty) ... */
	long *key_item;              /* ... and the item index of each */
	size_t key_mask;
	size_t item_mask;
	long *position[ROLE_COUNT];  /* position[r][item] on role r's sheet, or -1 */
	/* The answers of the held roles before a role, by the roles as a mask split in bytes:
	 * sheets_low[m] adds up the sheets of the roles 0-7 in m, sheets_high[m] of 8 and on
	 * (sheet_offset), so that a row of a file in any order finds its sheet in two reads. */
	uint32_t sheets_low[256], sheets_high[256];
	char single_code[256];       /* import_answer_code of each one-byte answer (0: none) */
	char *before;                /* the answers as stored before the import (a copy of the
				      * arena, when the kept tally is to be changed), else NULL */
	enum csvread_encoding encoding;
	size_t col[4];               /* field of person_id, role, item, answer (from the header) */
	size_t nfields;              /* fields per record (the header's) */
	char *header;                /* the header as read, for messages */
};

/* The bit of an answers-arena byte that says the file gave it (struct scan). */
#define GIVEN 0x80

/* One row of a batch (scan_rows), as read and looked up before it is applied. */
struct scan_row {
	long line;
	size_t nfields;              /* fields of the record */
	const char *f[4];            /* person_id, role, item, answer: the reader's fields in a
				      * pass of one row at a time; in a batch the id, copied or in
				      * the reader's buffer (the others empty: a batched pass is
				      * quiet) */
	size_t len[4];
	size_t id_at;                /* in a batch: offset of the id in the batch's texts ... */
	bool id_copied;              /* ... when it was copied there */
	uint64_t id_key;             /* short_key of the person id */
	uint64_t hash;               /* id_hash of the person id */
	int role;                    /* -1: unknown */
	long item;                   /* -1: unknown */
	long pos;                    /* on the role's sheet; -1: not on it (or unknown) */
	char code;                   /* the answer packed; 0: not a valid answer for the item */
	long person;                 /* -1: not an active target */
	bool held;                   /* the person holds the role */
	uint64_t at;                 /* offset of the answer in the arena, once everything checks */
};

/*
 * One pass over (part of) the file. The answers arena is shared: an answer the file gives is
 * written with GIVEN set (answer codes are ASCII), which tells a second answer to the same
 * item, whichever pass meets it; two passes over two halves of a file mark the bytes with
 * atomic operations. The people a pass answers for are recorded in its own bitmaps.
 */
struct scan {
	struct importer *im;
	struct csvread r;            /* counts the pass's errors */
	bool quiet;                  /* count errors without reporting (a trial pass) */
	bool shared;                 /* another pass marks the same answers at the same time */
	unsigned long long rows;
	uint8_t *touched;            /* bit per person: answered for by this pass */
	uint8_t *changed;            /* bit per person: a stored answer changed */
	size_t batch;                /* rows read before they are applied */
	char *texts;                 /* the current batch's person ids, copied */
	size_t texts_len, texts_cap;
	/* The last role text: as two keys when it is at most 16 bytes, else as text. */
	int role;
	uint64_t role_key[2];
	char role_text[128];
	size_t role_len_last;        /* SIZE_MAX: no role text kept */
	const struct person_slot *person; /* the last row's person, NULL none */
	long slot_person;            /* the person and role whose sheet starts at slot_base */
	int slot_role;
	uint64_t slot_base;
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

/* The hash of a person id of len bytes, a word at a time: s must be followed by readable
 * bytes up to the end of its last word (a field copied by text_copy is). */
static inline uint64_t id_hash(const char *s, size_t len)
{
	uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ull;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 32;
	}
	if (i < len)
		h ^= short_key(s + i, len - i);
	/* Every bit of the id reaches the low bits, which pick the slot (MurmurHash3's mix). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* Memory for an array reached at random (the roster's hash table, the answers, their bits):
 * size bytes, zeroed, in huge pages where the system gives them when asked, so that reaching
 * any place of it seldom misses the TLB as well as the cache. Release with free(). */
static void *random_access_alloc(size_t size)
{
	const size_t huge = 2u << 20;
	void *p = NULL;
	if (size < huge)
		return xcalloc(size, 1);
	size_t rounded = (size + huge - 1) / huge * huge;
	if (posix_memalign(&p, huge, rounded) != 0)
		return xcalloc(size, 1);
#ifdef MADV_HUGEPAGE
	madvise(p, rounded, MADV_HUGEPAGE);
#endif
	memset(p, 0, rounded);
	return p;
}

/* Answers of the roles in held that come before role r in the catalogue. */
static inline uint64_t sheet_offset(const struct importer *im, unsigned held, int r)
{
	unsigned before = held & ((1u << r) - 1);
	return (uint64_t)im->sheets_low[before & 0xFF] + im->sheets_high[(before >> 8) & 0xFF];
}

/* Offset in the answers arena of role r's sheet for person p (r must be held). */
static uint64_t slot(const struct importer *im, const struct person *p, int r)
{
	return p->base + sheet_offset(im, p->roles, r);
}

static const char *person_id(const struct importer *im, const struct person *p)
{
	return im->ids.buf + p->id;
}

/* Where the search for a hash starts: the first slot of a cache line (two slots to a line,
 * the table being aligned to its huge pages), so that the first two lines hold four slots. */
static inline size_t first_slot(const struct importer *im, uint64_t hash)
{
	return (size_t)hash & im->table_mask & ~(size_t)1;
}

/* Whether the slot is the person with the id (len bytes) whose short_key is key. */
static inline bool is_slot(const struct importer *im, const struct person_slot *e, uint64_t key, const char *id,
			   size_t len)
{
	return e->id_len == len && e->key == key &&
	       (len <= 8 || same_text(person_id(im, &im->people[e->person - 1]), len, id, len));
}

/* The slot of the person with the id (len bytes, its id_hash and short_key given), or NULL. */
static const struct person_slot *find_person(const struct importer *im, uint64_t hash, uint64_t key, const char *id,
					     size_t len)
{
	for (size_t i = first_slot(im, hash);; i = (i + 1) & im->table_mask) {
		const struct person_slot *e = &im->table[i];
		if (!e->person)
			return NULL;
		if (is_slot(im, e, key, id, len))
			return e;
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

static bool text_has_high_bit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] & GIVEN)
			return true;
	return false;
}

/* Loads the roster's targets and stored answers of the year. */
static int load_roster(struct importer *im, struct store *s, int fiscal_year)
{
	/* The targets and the stored rows, both in key order, walked together (one pass over
	 * each table instead of a search of the stored rows per target). */
	sqlite3_stmt *st, *stored_st;
	if (store_prepare(s, "SELECT person_id, role FROM target WHERE fiscal_year = ?1 AND excluded = 0"
			     " ORDER BY person_id, role", &st))
		return -1;
	if (store_prepare(s, "SELECT person_id, role, answers, submitted_at IS NOT NULL FROM response"
			     " WHERE fiscal_year = ?1 ORDER BY person_id, role", &stored_st)) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_int(stored_st, 1, fiscal_year);
	int stored_rc = store_step(s, stored_st);
	size_t answers_cap = 1 << 20;
	im->answers = xmalloc(answers_cap);
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *role_code = (const char *)sqlite3_column_text(st, 1);
		/* the stored row of this target, if any: stored rows before it have no target */
		int d = 1;
		while (stored_rc == SQLITE_ROW) {
			d = strcmp((const char *)sqlite3_column_text(stored_st, 0), id);
			if (d == 0)
				d = strcmp((const char *)sqlite3_column_text(stored_st, 1), role_code);
			if (d >= 0)
				break;
			stored_rc = store_step(s, stored_st);
		}
		bool has_row = stored_rc == SQLITE_ROW && d == 0;
		int role = role_from_code(role_code);
		if (role < 0)
			continue;
		if (im->count == 0 || strcmp(person_id(im, &im->people[im->count - 1]), id) != 0) {
			im->people = xgrow(im->people, im->count, &im->cap, sizeof *im->people, 1024);
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
		bool sent = has_row && sqlite3_column_int(stored_st, 3);
		p->submitted = p->submitted && sent;
		if (sent)
			p->sent |= (uint16_t)(1u << role);
		p->roles |= (uint16_t)(1u << role);
		/* Rows come in role-code order; keep the person's sheets in catalogue order by
		 * opening a gap at this role's place. */
		uint64_t at = slot(im, p, role);
		memmove(im->answers + at + n, im->answers + at, im->answers_len - at);
		const char *stored = has_row ? (const char *)sqlite3_column_text(stored_st, 2) : NULL;
		if (stored)
			p->stored |= (uint16_t)(1u << role);
		/* Answer codes are ASCII (struct scan): a stored row that is not is no row. */
		if (stored && (size_t)sqlite3_column_bytes(stored_st, 2) == n && !text_has_high_bit(stored, n))
			memcpy(im->answers + at, stored, n);
		else
			memset(im->answers + at, '0', n);
		im->answers_len += n;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(stored_st);
	if (rc != SQLITE_DONE || (stored_rc != SQLITE_ROW && stored_rc != SQLITE_DONE))
		result = -1;
	/* The file's rows reach the answers at random: moved where that costs least. */
	char *answers = random_access_alloc(im->answers_len + 1);
	memcpy(answers, im->answers, im->answers_len);
	free(im->answers);
	im->answers = answers;
	size_t size = 1024;
	while (size < im->count + im->count / 3)
		size *= 2;
	im->table = random_access_alloc(size * sizeof *im->table);
	im->table_mask = size - 1;
	for (size_t k = 0; k < im->count; k++) {
		/* A stored id may end its arena: hashed from a copy with room after it. */
		char id[ROSTER_ID_MAX + 8] = {0};
		memcpy(id, person_id(im, &im->people[k]), im->people[k].id_len);
		size_t i = first_slot(im, id_hash(id, im->people[k].id_len));
		while (im->table[i].person)
			i = (i + 1) & im->table_mask;
		const struct person *p = &im->people[k];
		im->table[i] = (struct person_slot){p->key, p->base, (uint32_t)k + 1, p->roles, p->id_len, {0}};
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
	_Static_assert(ROLE_COUNT <= 16, "sheets_low and sheets_high cover 16 roles");
	for (unsigned m = 0; m < 256; m++) {
		im->sheets_low[m] = im->sheets_high[m] = 0;
		for (int k = 0; k < 8; k++) {
			if (!(m & (1u << k)))
				continue;
			im->sheets_low[m] += (uint32_t)q->role_item_count[k];
			if (k + 8 < ROLE_COUNT)
				im->sheets_high[m] += (uint32_t)q->role_item_count[k + 8];
		}
	}
	for (unsigned c = 1; c < 256; c++) {
		char one[2] = {(char)c, '\0'};
		im->single_code[c] = import_answer_code(one);
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

/* Files at least this large are first read quietly in batches (scan_trial), and at least
 * PARALLEL_MIN_BYTES large in two halves at once (on two processors). */
#define TRIAL_MIN_BYTES (1u << 20)
#define PARALLEL_MIN_BYTES (8u << 20)

static void scan_init(struct scan *sc, struct importer *im, bool quiet)
{
	memset(sc, 0, sizeof *sc);
	sc->im = im;
	sc->quiet = quiet;
	sc->r.fd = -1;
	sc->role = -1;
	sc->role_len_last = SIZE_MAX;
	sc->person = NULL;
	sc->slot_person = -1;
	sc->slot_role = -1;
	sc->touched = xcalloc(im->count / 8 + 1, 1);
	sc->changed = xcalloc(im->count / 8 + 1, 1);
}

static void scan_release(struct scan *sc)
{
	csvread_close(&sc->r);
	free(sc->touched);
	free(sc->changed);
	free(sc->texts);
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

/*
 * Rows are read SCAN_BATCH at a time and looked up in stages before they are applied in file
 * order: each stage starts fetching from memory what the next one reads (the roster's hash
 * slot, then the person, then the answers and their bits) for every row of the batch, so
 * that the rows' cache misses overlap instead of following one another. In a file whose rows
 * are in no particular order each row reaches four places of the roster's arrays that are
 * nowhere near the previous row's: waiting for each in turn is what made such a file slow.
 * A pass that reports (batch of one row) applies each row before reading the next, so that
 * its messages keep the file's order with the reader's own.
 */
#define SCAN_BATCH 128

/* Readable bytes after each text copied into a batch (short_key reads a word at a time). */
#define TEXT_SLACK 8

/* Copies len bytes of s into the batch's texts, NUL-terminated and followed by TEXT_SLACK
 * zero bytes. Returns its offset there. */
static size_t text_copy(struct scan *sc, const char *s, size_t len)
{
	size_t need = sc->texts_len + len + 1 + TEXT_SLACK;
	if (need > sc->texts_cap) {
		while (need > sc->texts_cap)
			sc->texts_cap = sc->texts_cap ? sc->texts_cap * 2 : 4096;
		sc->texts = xrealloc(sc->texts, sc->texts_cap);
	}
	size_t at = sc->texts_len;
	memcpy(sc->texts + at, s, len);
	memset(sc->texts + at + len, 0, 1 + TEXT_SLACK);
	sc->texts_len = at + len + 1;
	return at;
}

/* Stage one: a record (nfields fields, read at line) copied into row with everything that
 * does not depend on the person (role, item, answer code), and the person's hash slot
 * fetched. copy_id: the record's fields go when the next record is read (csvread_next), so
 * a batch keeps a copy of the id; else they stay until the batch is applied (csvread_plain). */
static inline __attribute__((always_inline)) void parse_row(struct scan *sc, struct scan_row *row,
							    char *const *fields, const size_t *lens, size_t nfields,
							    long line, bool copy_id)
{
	struct importer *im = sc->im;
	/* Field by field, not memset: what a row reads later is set here or in resolve_rows (a
	 * memset of the whole row was a tenth of this loop). */
	row->line = line;
	row->nfields = nfields;
	row->person = -1;
	row->code = 0;
	row->held = false;
	row->at = 0;
	row->id_at = 0;
	row->id_copied = false;
	if (nfields != im->nfields)
		return;
	const size_t *col = im->col;
	for (int k = 0; k < 4; k++) {
		row->len[k] = lens[col[k]];
		row->f[k] = fields[col[k]];
	}
	/* The role: the last one's text remembered as two keys when it is at most 16 bytes (the
	 * codes), else as text (the Japanese names). */
	const char *role_code = fields[col[1]];
	size_t role_len = row->len[1];
	bool same_role;
	uint64_t key[2] = {0, 0};
	if (role_len <= 16) {
		key[0] = short_key(role_code, role_len);
		key[1] = role_len > 8 ? short_key(role_code + 8, role_len - 8) : 0;
		same_role = role_len == sc->role_len_last && key[0] == sc->role_key[0] && key[1] == sc->role_key[1];
	} else {
		same_role = same_text(sc->role_text, sc->role_len_last, role_code, role_len);
	}
	if (!same_role) {
		sc->role = roster_role_from_text(role_code);
		/* A text too long to keep is looked up again on the next row. */
		sc->role_len_last = role_len < sizeof sc->role_text ? role_len : SIZE_MAX;
		sc->role_key[0] = key[0];
		sc->role_key[1] = key[1];
		if (role_len > 16 && role_len < sizeof sc->role_text)
			memcpy(sc->role_text, role_code, role_len);
	}
	row->role = sc->role;
	/* Item ids are short: looked up by their bytes as one number. */
	const char *item_id = fields[col[2]];
	size_t item_len = row->len[2];
	row->item = item_len && item_len <= 8 ? find_item_key(im, short_key(item_id, item_len))
					      : find_item(im, item_id, item_len);
	row->pos = row->role >= 0 && row->item >= 0 ? im->position[row->role][row->item] : -1;
	if (row->item >= 0) {
		const struct choice *ch = im->quest->items[row->item].choice;
		if (ch) {
			const char *why;
			unsigned mask = import_choice_mask(ch, fields[col[3]], &why);
			row->code = mask ? choice_encode(ch, mask) : 0;
		} else {
			row->code = row->len[3] == 1 ? im->single_code[(unsigned char)fields[col[3]][0]]
						     : import_answer_code(fields[col[3]]);
		}
	}
	const char *id = row->f[0];
	size_t id_len = row->len[0];
	row->id_key = short_key(id, id_len < 8 ? id_len : 8);
	row->hash = id_hash(id, id_len);
	if (sc->batch > 1) {
		/* A batched pass prints no message: of the fields it keeps the id, to find the
		 * person, copied when the reader's fields go before the batch is applied. */
		if (copy_id) {
			row->id_at = text_copy(sc, id, id_len);
			row->id_copied = true;
			row->f[0] = NULL;
		}
		row->f[1] = row->f[2] = row->f[3] = "";
	}
	/* The first four slots of the search: two cache lines (it seldom goes further). */
	const struct person_slot *e = &im->table[first_slot(im, row->hash)];
	__builtin_prefetch(e);
	__builtin_prefetch(e + 2);
}

/* Stages two and three: each row's person fetched, then found, and the place of its answer
 * fetched. */
static void resolve_rows(struct scan *sc, struct scan_row *rows, size_t n)
{
	struct importer *im = sc->im;
	for (size_t k = 0; k < n; k++) {
		struct scan_row *row = &rows[k];
		if (row->nfields != im->nfields)
			continue;
		const char *id = row->f[0];
		/* Consecutive rows usually share the person and the role: remember the last ones. */
		if (!sc->person || !is_slot(im, sc->person, row->id_key, id, row->len[0]))
			sc->person = find_person(im, row->hash, row->id_key, id, row->len[0]);
		const struct person_slot *e = sc->person;
		row->person = e ? (long)e->person - 1 : -1;
		row->held = e && row->role >= 0 && (e->roles & (1u << row->role));
		if (!row->held || row->pos < 0)
			continue;
		if (sc->slot_person != row->person || sc->slot_role != row->role) {
			sc->slot_base = e->base + sheet_offset(im, e->roles, row->role);
			sc->slot_person = row->person;
			sc->slot_role = row->role;
		}
		row->at = sc->slot_base + (uint64_t)row->pos;
		__builtin_prefetch(im->answers + row->at, 1);
	}
}

/* The last stage: the row checked in the order of its fields and applied, or reported. */
static void finish_row(struct scan *sc, const struct scan_row *row)
{
	struct importer *im = sc->im;
	if (row->nfields != im->nfields) {
		row_error(sc, row->line, "expected %zu fields (%s), found %zu", im->nfields, im->header, row->nfields);
		return;
	}
	const char *id = row->f[0], *role_code = row->f[1], *item_id = row->f[2], *answer = row->f[3];
	sc->rows++;
	if (row->person < 0) {
		row_error(sc, row->line, "unknown person '%s' (not an active target of the roster)", id);
		return;
	}
	if (row->role < 0) {
		row_error(sc, row->line, "unknown role '%s'", role_code);
		return;
	}
	if (!row->held) {
		row_error(sc, row->line, "person '%s' does not hold role %s", id, role_code);
		return;
	}
	if (row->item < 0) {
		row_error(sc, row->line, "unknown item '%s' (not in questionnaire %s)", item_id, im->quest->id);
		return;
	}
	if (row->pos < 0) {
		row_error(sc, row->line, "item %s is not on the sheet of role %s", item_id, role_code);
		return;
	}
	const struct choice *ch = im->quest->items[row->item].choice;
	if (ch && !row->code) {
		const char *why = "not an option";
		import_choice_mask(ch, answer, &why);
		csvread_error_at(&sc->r, row->line, (int)im->col[3] + 1,
				 "item %s: answer '%s': %s (a %s choice of options 1 to %zu%s)", item_id, answer, why,
				 ch->multiple ? "multiple" : "single", ch->option_count,
				 ch->multiple ? ", several separated by commas" : "");
		return;
	}
	if (!row->code) {
		row_error(sc, row->line,
			  "unknown answer '%s' (expected implemented, not_implemented, not_applicable or 1, 2, 3)", answer);
		return;
	}
	unsigned char *a = (unsigned char *)im->answers + row->at, was;
	if (sc->shared) {
		was = __atomic_fetch_or(a, GIVEN, __ATOMIC_RELAXED);
	} else {
		was = *a;
		*a = (unsigned char)(was | GIVEN);
	}
	if (was & GIVEN) {
		row_error(sc, row->line, "duplicate answer for person '%s', role %s, item %s", id, role_code, item_id);
		return;
	}
	set_bit(sc->touched, (uint64_t)row->person);
	if (was != (unsigned char)row->code) {
		set_bit(sc->changed, (uint64_t)row->person);
		if (sc->shared)
			__atomic_store_n(a, (unsigned char)(row->code | GIVEN), __ATOMIC_RELAXED);
		else
			*a = (unsigned char)(row->code | GIVEN);
	}
}

/* Reads records to the end of the pass's range, applying each valid row to the shared
 * answers: a quiet pass SCAN_BATCH rows at a time, stopping at its first error; a reporting
 * pass one row at a time, counting every error to the end. A batch takes the plain records
 * (csvread_plain) where the buffer is, and each other record through csvread_next — but
 * only before the batch has a plain one, as it may move the buffer. Returns 0 or -1. */
static int scan_rows(struct scan *sc)
{
	struct csvread *r = &sc->r;
	struct scan_row rows[SCAN_BATCH];
	/* A pass that reports applies each row before it reads the next. */
	sc->batch = sc->quiet ? SCAN_BATCH : 1;
	size_t nf = sc->im->nfields;
	char **plain_fields = sc->batch > 1 ? xmalloc(sc->batch * nf * sizeof *plain_fields) : NULL;
	size_t *plain_lens = sc->batch > 1 ? xmalloc(sc->batch * nf * sizeof *plain_lens) : NULL;
	bool end = false;
	while (!end && !(sc->quiet && r->errors)) {
		size_t n = 0;
		bool in_buffer = false;   /* rows of the batch point into the reader's buffer */
		sc->texts_len = 0;
		while (n < sc->batch) {
			if (plain_fields) {
				long line;
				size_t got = csvread_plain(r, nf, plain_fields, plain_lens, sc->batch - n, &line);
				for (size_t k = 0; k < got; k++)
					parse_row(sc, &rows[n++], plain_fields + k * nf, plain_lens + k * nf, nf, line + (long)k,
						  false);
				if (got) {
					in_buffer = true;
					continue;
				}
				if (in_buffer)
					break;
			}
			int rc = csvread_next(r);
			if (rc == CSVREAD_BAD_RECORD)
				continue;
			if (rc <= 0) {
				end = true;
				break;
			}
			parse_row(sc, &rows[n++], r->fields, r->lens, r->nfields, r->line, true);
		}
		for (size_t k = 0; k < n; k++)
			if (rows[k].id_copied)
				rows[k].f[0] = sc->texts + rows[k].id_at;
		resolve_rows(sc, rows, n);
		for (size_t k = 0; k < n && !(sc->quiet && r->errors); k++)
			finish_row(sc, &rows[k]);
	}
	free(plain_fields);
	free(plain_lens);
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
 * Trial: the file read quietly in batches — in two halves in two threads when it is large
 * enough and in UTF-8. Succeeds only when the file is clean (and no item is answered in both
 * halves); anything else (a bad row, a quoted field running across the middle, a duplicate)
 * makes it give up, restoring the answers, so that a reporting pass finds and reports the
 * errors in file order. A file read from standard input, or a small one, is not tried.
 * Returns 1 with the pass (merged) in *out, or 0.
 */
static int scan_trial(struct importer *im, struct scan *out)
{
	struct stat st;
	if (strcmp(im->path, "-") == 0 || stat(im->path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)TRIAL_MIN_BYTES)
		return 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	bool halves = im->encoding == CSVREAD_UTF8 && st.st_size >= (off_t)PARALLEL_MIN_BYTES && cpus >= 2;
	struct scan a, b;
	scan_init(&a, im, true);
	scan_init(&b, im, true);
	/* The answers as they were: the copy kept for the tally's differences when there is one. */
	char *saved = NULL;
	if (!im->before) {
		saved = xmalloc(im->answers_len + 1);
		memcpy(saved, im->answers, im->answers_len);
	}
	bool ok;
	if (halves) {
		/* Half A: the header and the records before the middle; half B: the rest. */
		a.shared = b.shared = true;
		ok = scan_open(&a) == 0 && scan_open(&b) == 0;
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
		}
		if (ok) {
			for (size_t i = 0; i < im->count / 8 + 1; i++) {
				a.touched[i] |= b.touched[i];
				a.changed[i] |= b.changed[i];
			}
			a.rows += b.rows;
		}
	} else {
		ok = scan_open(&a) == 0 && check_header(&a) == 0 && scan_rows(&a) == 0;
	}
	if (ok) {
		csvread_close(&a.r);
		*out = a;
	} else {
		memcpy(im->answers, saved ? saved : im->before, im->answers_len);
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
	if (!scan_trial(im, &sc)) {
		scan_init(&sc, im, false);
		if (scan_open(&sc) || check_header(&sc) || scan_rows(&sc)) {
			csvread_error_summary(&sc.r);
			scan_release(&sc);
			return -1;
		}
	}
	for (uint64_t i = 0; i < im->answers_len; i++)
		im->answers[i] = (char)(im->answers[i] & ~GIVEN);
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

/*
 * The roster's units, for the kept tally: every person's unit of the year in id order, read
 * on a connection of its own in a thread started as soon as the import holds the write lock,
 * while the import reads the targets and the file. It sees what the import's transaction sees
 * (the import holds the write lock and changes no person row).
 */
struct unit_reader {
	const char *file;
	int fiscal_year;
	struct strbuf ids;           /* the ids, each NUL-terminated, in id order */
	struct strbuf units;         /* the distinct units, each NUL-terminated */
	uint32_t (*rows)[2];         /* per person: offset of the id in ids, of the unit in units */
	size_t count;
	pthread_t thread;
	bool started;
	int result;
};

static int read_units(struct unit_reader *u)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_ERROR;
	if (sqlite3_open_v2(u->file, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, STORE_BUSY_LIMIT_MS) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT person_id, unit FROM person WHERE fiscal_year = ?1 ORDER BY person_id", -1,
			       &st, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_bind_int(st, 1, u->fiscal_year);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *unit = (const char *)sqlite3_column_text(st, 1);
		u->rows = xgrow(u->rows, u->count, &cap, sizeof *u->rows, 4096);
		gpointer at;
		if (!g_hash_table_lookup_extended(seen, unit, NULL, &at)) {
			at = GUINT_TO_POINTER((unsigned)u->units.len);
			strbuf_add(&u->units, unit, strlen(unit) + 1);
			g_hash_table_insert(seen, g_strdup(unit), at);
		}
		u->rows[u->count][0] = (uint32_t)u->ids.len;
		u->rows[u->count][1] = GPOINTER_TO_UINT(at);
		u->count++;
		strbuf_add(&u->ids, id, strlen(id) + 1);
	}
	g_hash_table_destroy(seen);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void *unit_thread(void *arg)
{
	struct unit_reader *u = arg;
	u->result = read_units(u);
	return NULL;
}

/* Starts reading the units (in a thread, or at unit_wait when none can be started). */
static void unit_start(struct unit_reader *u, const char *file, int fiscal_year)
{
	memset(u, 0, sizeof *u);
	u->file = file;
	u->fiscal_year = fiscal_year;
	strbuf_init(&u->ids);
	strbuf_init(&u->units);
	u->started = pthread_create(&u->thread, NULL, unit_thread, u) == 0;
}

/* Waits for the units; returns 0 or -1 (nothing reported: it may run in a thread). */
static int unit_wait(struct unit_reader *u)
{
	if (u->started)
		pthread_join(u->thread, NULL);
	else
		u->result = read_units(u);
	u->started = false;
	return u->result;
}

static void unit_release(struct unit_reader *u)
{
	if (u->started)
		pthread_join(u->thread, NULL);
	strbuf_release(&u->ids);
	strbuf_release(&u->units);
	free(u->rows);
}

/*
 * The plan of every person; for everyone who becomes submitted, the digest; and, when the
 * tally is kept, the change of its counts by what the import does to each person it writes
 * (their sheets as they were, im->before, and as they are now). All three are worked out
 * in one pass over the planned people, in a thread of its own while the response rows are
 * written; the submission rows, which carry the digests, are written after it.
 */
struct plans {
	const struct importer *im;
	uint8_t *plan;                         /* enum person_plan per person */
	char (*digest)[SHEET_DIGEST_SIZE];     /* per person, set for PLAN_SUBMIT */
	uint32_t *answered;                    /* per person, PLAN_SUBMIT: answers on all held sheets */
	struct livetally *lt;                  /* the kept tally to change, or NULL */
	struct unit_reader *units;             /* with lt: the people's units */
	int counted;                           /* 0, or -1: the counts could not be changed */
	pthread_t thread;
	bool threaded;
};

/* The unit of each person the import writes (offset in u->units + 1, 0 for the others): the
 * roster read by the import and the units' read, both in id order, walked together. */
static uint32_t *people_units(const struct importer *im, const uint8_t *plan, const struct unit_reader *u)
{
	uint32_t *units = xcalloc(im->count + 1, sizeof *units);
	size_t j = 0;
	for (size_t k = 0; k < im->count; k++) {
		if (!plan[k])
			continue;
		const char *id = person_id(im, &im->people[k]);
		int d = 1;
		while (j < u->count && (d = strcmp(u->ids.buf + u->rows[j][0], id)) < 0)
			j++;
		if (j < u->count && d == 0)
			units[k] = u->rows[j][1] + 1;
	}
	return units;
}

/* Changes the kept counts by what the import does to person k. Returns 0 or -1. */
static int count_person(const struct plans *pl, size_t k, const char *unit)
{
	const struct importer *im = pl->im;
	const struct person *p = &im->people[k];
	struct livetally_person before = {person_id(im, p), unit, 0, {{0}}, false};
	struct livetally_person after = before;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(p->roles & (1u << r)))
			continue;
		uint64_t at = slot(im, p, r);
		size_t n = im->quest->role_item_count[r];
		bool sent = p->sent & (1u << r);
		before.targets[before.count++] = (struct livetally_target){(enum role)r, false, sent, im->before + at, n};
		after.targets[after.count++] = (struct livetally_target){(enum role)r, false,
									 sent || pl->plan[k] == PLAN_SUBMIT, im->answers + at, n};
	}
	return livetally_change_counts(pl->lt, &before, &after);
}

static void digest_person(struct plans *pl, size_t k)
{
	const struct importer *im = pl->im;
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

/* The pass: reports nothing (it may run in a thread); a failure of the counts is pl->counted. */
static void plans_work(struct plans *pl)
{
	const struct importer *im = pl->im;
	uint32_t *units = NULL;
	if (pl->lt && unit_wait(pl->units))
		pl->counted = -1;
	else if (pl->lt)
		units = people_units(im, pl->plan, pl->units);
	for (size_t k = 0; k < im->count; k++) {
		if (!pl->plan[k])
			continue;
		if (pl->lt && !pl->counted)
			/* a person written is on the roster read under the same write lock */
			pl->counted = units[k] ? count_person(pl, k, pl->units->units.buf + units[k] - 1) : -1;
		if (pl->plan[k] == PLAN_SUBMIT)
			digest_person(pl, k);
	}
	free(units);
}

static void *plans_thread(void *arg)
{
	plans_work(arg);
	return NULL;
}

/* Plans every person and starts the pass (plans_wait waits for it). lt and units: the kept
 * tally and the units' reader, or NULL. */
static void plans_make(struct plans *pl, const struct importer *im, struct livetally *lt, struct unit_reader *units)
{
	memset(pl, 0, sizeof *pl);
	pl->im = im;
	pl->lt = lt;
	pl->units = units;
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
	if (!memchr(pl->plan, PLAN_WRITE, im->count) && !memchr(pl->plan, PLAN_SUBMIT, im->count))
		pl->lt = NULL;    /* nobody changes (a re-import): the counts stay */
	pl->threaded = pthread_create(&pl->thread, NULL, plans_thread, pl) == 0;
}

/* Waits for the pass (does it here when no thread could be started). Returns 0, or -1 after
 * reporting that the kept counts could not be changed (the units unread, or a stored sheet
 * that does not fit the questionnaire, reported as it was met). */
static int plans_wait(struct plans *pl, const struct store *s)
{
	if (pl->threaded)
		pthread_join(pl->thread, NULL);
	else
		plans_work(pl);
	pl->threaded = false;
	return pl->counted ? diag_error("%s: the tally's counts could not be changed by the import", s->path) : 0;
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

/*
 * OR FAIL: a statement that fails is not undone on its own (the whole import is rolled back),
 * so SQLite keeps no statement journal. Under the default (ABORT) a multi-row INSERT, which
 * could fail part way through its rows, first copies every page it changes into a statement
 * journal, and that spills to a temporary file past 64 KiB: some two gigabytes written and
 * thrown away for a national import. The update of a stored row is written the same way.
 */
#define RESPONSE_INSERT "INSERT OR FAIL INTO response(fiscal_year, person_id, role, answers, answered, updated_at, submitted_at) VALUES"
#define RESPONSE_TUPLE "(?1, #, #, #, #, ?2, #)"
#define RESPONSE_PARAMS 5
#define SUBMISSION_INSERT "INSERT OR FAIL INTO submission(fiscal_year, person_id, submitted_at, answer_count, answers_digest) VALUES"
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
	    store_prepare(s, "UPDATE OR FAIL response SET answers = ?4, answered = ?5, updated_at = ?2,"
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

/* Writes what the file changes; lt and units: the kept tally and the units' reader, or NULL. */
static int write_answers(struct importer *im, struct store *s, int fiscal_year, struct import_result *res,
			 struct livetally *lt, struct unit_reader *units)
{
	char now[32];
	store_now(now, sizeof now);
	struct plans pl;
	plans_make(&pl, im, lt, units);
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
	if (!result)
		result = plans_wait(&pl, s);
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
	/* The units, which only the kept tally needs, are read meanwhile on a second connection. */
	struct unit_reader units;
	bool reading_units = !result && lt;
	if (reading_units)
		unit_start(&units, s->file, fiscal_year);
	if (!result)
		result = load_roster(&im, s, fiscal_year);
	if (!result && lt) {
		im.before = xmalloc(im.answers_len + 1);
		memcpy(im.before, im.answers, im.answers_len);
	}
	if (!result)
		result = read_answers(&im, res);
	if (!result)
		result = write_answers(&im, s, fiscal_year, res, lt, reading_units ? &units : NULL);
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
	if (reading_units)
		unit_release(&units);
	importer_release(&im);
	quest_free(q);
	return result;
}
