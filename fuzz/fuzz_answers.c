/* fuzz_answers: any bytes as an answers CSV (survey/import, survey/csvread), imported into a
 * store of fiscal year 2026 over the mini questionnaire with a roster of four people, inside a
 * transaction that is rolled back after each input, so every input meets the same store. An
 * input starting with a NUL byte is read as CP932 (the byte is dropped). Each import either
 * succeeds or leaves the store as it was. */
#include "fuzz/ministry.h"

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
	fuzz_quiet();
	if (!store) {
		store = fuzz_ministry_store(STORE_EXISTING);
		struct roster_options o = {.encoding = CSVREAD_UTF8};
		if (roster_import(store, 2026, fuzz_path((const uint8_t *)roster, sizeof roster - 1), &o))
			abort();
	}
	enum csvread_encoding encoding = fuzz_encoding(&data, &size);
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
