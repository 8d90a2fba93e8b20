/* sheet: the flat sequence of a respondent's items and their answers. */
#include "survey/sheet.h"
#include "core/responses.h"
#include "survey/msg.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sheet_init(struct sheet *s, const struct quest *quest, unsigned roles)
{
	memset(s, 0, sizeof *s);
	s->quest = quest;
	s->roles = roles;
	size_t total = 0;
	for (int r = 0; r < ROLE_COUNT; r++)
		if (roles & (1u << r))
			total += quest->role_item_count[r];
	s->entries = xcalloc(total ? total : 1, sizeof *s->entries);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(roles & (1u << r)))
			continue;
		size_t n = quest->role_item_count[r];
		s->answers[r] = response_packed(NULL, 0, n);
		for (size_t k = 0; k < n; k++)
			s->entries[s->count++] = (struct sheet_entry){
				.role = (enum role)r, .pos = k, .item = quest->role_items[r][k]};
	}
}

void sheet_release(struct sheet *s)
{
	if (!s)
		return;
	for (int r = 0; r < ROLE_COUNT; r++)
		free(s->answers[r]);
	free(s->entries);
	memset(s, 0, sizeof *s);
}

bool sheet_is_answer(char c)
{
	return response_is_answer(c);
}

int sheet_load_role(struct sheet *s, enum role role, const char *packed, size_t len)
{
	if (!s->answers[role] || len != s->quest->role_item_count[role])
		return -1;
	for (size_t i = 0; i < len; i++) {
		const struct choice *c = s->quest->items[s->quest->role_items[role][i]].choice;
		if (c ? !choice_code_valid(c, packed[i]) : (packed[i] != RESPONSE_UNANSWERED && !sheet_is_answer(packed[i])))
			return -1;
	}
	memcpy(s->answers[role], packed, len);
	return 0;
}

char sheet_get(const struct sheet *s, size_t index)
{
	const struct sheet_entry *e = &s->entries[index];
	return s->answers[e->role][e->pos];
}

void sheet_set(struct sheet *s, size_t index, char code)
{
	if (index >= s->count || !sheet_code_fits(s, index, code))
		DIAG_BUG("sheet_set(%zu, %d) out of range", index, code);
	const struct sheet_entry *e = &s->entries[index];
	s->answers[e->role][e->pos] = code;
}

void sheet_unset(struct sheet *s, size_t index)
{
	if (index >= s->count)
		DIAG_BUG("sheet_unset(%zu) out of range", index);
	const struct sheet_entry *e = &s->entries[index];
	s->answers[e->role][e->pos] = RESPONSE_UNANSWERED;
}

size_t sheet_answered(const struct sheet *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->count; i++)
		n += sheet_get(s, i) != RESPONSE_UNANSWERED;
	return n;
}

size_t sheet_first_unanswered(const struct sheet *s)
{
	for (size_t i = 0; i < s->count; i++)
		if (sheet_get(s, i) == RESPONSE_UNANSWERED && sheet_asked(s, i))
			return i;
	return s->count;
}

bool sheet_next(struct sheet *s)
{
	size_t i = s->cursor + 1;
	while (i < s->count && !sheet_asked(s, i))
		i++;
	if (i >= s->count)
		return false;
	s->cursor = i;
	return true;
}

bool sheet_prev(struct sheet *s)
{
	size_t i = s->cursor;
	while (i > 0 && !sheet_asked(s, i - 1))
		i--;
	if (i == 0)
		return false;
	s->cursor = i - 1;
	return true;
}

const struct choice *sheet_choice(const struct sheet *s, size_t index)
{
	return s->quest->items[s->entries[index].item].choice;
}

bool sheet_asked(const struct sheet *s, size_t index)
{
	const struct sheet_entry *e = &s->entries[index];
	return choice_asked(s->quest, e->item, e->role, s->answers[e->role]);
}

bool sheet_code_fits(const struct sheet *s, size_t index, char code)
{
	const struct choice *c = sheet_choice(s, index);
	return c ? code != RESPONSE_UNANSWERED && choice_code_valid(c, code) : sheet_is_answer(code);
}

void sheet_answer_text(const struct sheet *s, size_t index, const char *lang, char *buf, size_t size)
{
	char code = sheet_get(s, index);
	const struct choice *c = sheet_choice(s, index);
	if (!c || code == RESPONSE_UNANSWERED) {
		snprintf(buf, size, "%s", msg_answer(lang, code));
		return;
	}
	unsigned mask = choice_decode(c, code);
	size_t used = 0;
	buf[0] = '\0';
	bool en = lang && strcmp(lang, "en") == 0;
	for (size_t k = 0; k < c->option_count && used + 1 < size; k++)
		if (mask >> k & 1u)
			used += (size_t)snprintf(buf + used, size - used, "%s%zu %s", used ? ", " : "", k + 1,
						 en ? c->options[k].en : c->options[k].ja);
}

void sheet_goto(struct sheet *s, size_t index)
{
	s->cursor = s->count == 0 ? 0 : index < s->count ? index : s->count - 1;
}

void sheet_digest(const struct sheet *s, char out[SHEET_DIGEST_SIZE])
{
	const char *answers[ROLE_COUNT];
	size_t lens[ROLE_COUNT];
	for (int r = 0; r < ROLE_COUNT; r++) {
		answers[r] = s->answers[r];
		lens[r] = s->answers[r] ? strlen(s->answers[r]) : 0;
	}
	sheet_digest_packed(answers, lens, out);
}

void sheet_digest_packed(const char *const answers[ROLE_COUNT], const size_t lens[ROLE_COUNT],
			 char out[SHEET_DIGEST_SIZE])
{
	struct sha256 h;
	sha256_init(&h);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!answers[r])
			continue;
		const char *code = role_info((enum role)r)->code;
		sha256_update(&h, code, strlen(code));
		sha256_update(&h, ":", 1);
		sha256_update(&h, answers[r], lens[r]);
		sha256_update(&h, "\n", 1);
	}
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_final(&h, digest);
	sha256_hex(digest, out, SHEET_DIGEST_SIZE);
}
