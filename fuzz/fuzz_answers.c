/* fuzz_answers: any bytes as an answers CSV (survey/import, survey/csvread), imported into a
 * store of fiscal year 2026 over the mini questionnaire with a roster of four people, inside a
 * transaction that is rolled back after each input, so every input meets the same store. An
 * input starting with a NUL byte is read as CP932 (the byte is dropped). Each import either
 * succeeds or leaves the store as it was. */
#include "fuzz/fuzz.h"

#include "core/store.h"
#include "survey/collect.h"
#include "survey/import.h"
#include "survey/roster.h"

static struct store *store;

static const char roster[] =
	"person_id,name,unit,role,status\n"
	"p001,山田 太郎,総務局/情報システム課,staff,active\n"
	"p001,山田 太郎,総務局/情報システム課,division_officer,active\n"
	"p002,\"Smith, Anna\",総務局/人事課,staff,active\n"
	"p003,佐藤 花子,主計局,staff,excluded\n"
	"p004,鈴木 一郎,主計局/調査課,system_admin,active\n";

static long long count_rows(const char *sql)
{
	sqlite3_stmt *st;
	if (store_prepare(store, sql, &st) || store_step(store, st) != SQLITE_ROW)
		abort();
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store) {
		fuzz_quiet();
		char *db = malloc(128), *quest = malloc(4096);
		snprintf(db, 128, "%s/ministry.db", fuzz_tmpdir());
		snprintf(quest, 4096, "%s/tests/data/survey-mini.yaml", FUZZ_SRC_DIR);
		struct roster_options o = {.encoding = CSVREAD_UTF8};
		if (collect_init(db, "mof", "財務省", 2026, quest, false) || store_open(db, STORE_EXISTING, &store) ||
		    roster_import(store, 2026, fuzz_path((const uint8_t *)roster, sizeof roster - 1), &o))
			abort();
		free(db);
		free(quest);
	}
	enum csvread_encoding encoding = CSVREAD_UTF8;
	if (size > 0 && data[0] == 0) {
		encoding = CSVREAD_CP932;
		data++;
		size--;
	}
	if (store_begin(store))
		abort();
	long long before = count_rows("SELECT count(*) FROM response");
	struct import_result res;
	int rc = import_answers(store, 2026, fuzz_path(data, size), encoding, &res);
	if (rc == 0) {
		FUZZ_CHECK(res.rows > 0);
		FUZZ_CHECK(store->depth == 1);
	} else {
		/* A refused import leaves nothing: the store's own rollback has ended the outer
		 * transaction too, or the rows are as before. */
		FUZZ_CHECK(store->depth == 0 || count_rows("SELECT count(*) FROM response") == before);
	}
	store_rollback(store);
	return 0;
}
