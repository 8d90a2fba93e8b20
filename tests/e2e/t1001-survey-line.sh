#!/usr/bin/env bash
# The questionnaire in line mode: login, answers, back, explanation, quit and resume, submit,
# resubmit, both languages, and text from the questionnaire shown without control characters.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
survey_setup "$db"
t1=$(token_of p001)

# Wrong token and unknown person give the same message and change nothing.
printf 'p001\nAAAA-BBBB-CCCC-DDDD-EEEE\n' >"$WORK/in"
expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
tail -1 "$WORK/out" >"$WORK/msg1"
printf 'p999\n%s\n' "$t1" >"$WORK/in"
expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
tail -1 "$WORK/out" >"$WORK/msg2"
cmp -s "$WORK/msg1" "$WORK/msg2" || fail "login failures differ: $(cat "$WORK/msg1") / $(cat "$WORK/msg2")"
expect_grep "Login failed: the person ID or the token is not correct." "$WORK/msg1"
# Another person's token does not open p001.
printf 'p001\n%s\n' "$(token_of p002)" >"$WORK/in"
expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
# The excluded person has no token and cannot log in.
printf 'p003\n\n' >"$WORK/in"
expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM response")" "responses after failed logins"

# Session 1: the token typed in lower case without hyphens; answer 1, ask for the
# explanation, answer 2, go back, change it to 3, give an invalid answer, then quit.
low=$(echo "${t1//-/}" | tr A-Z a-z)
printf 'p001\n%s\n1\n?\n2\nb\n3\nx\nq\n' "$low" >"$WORK/in"
expect_status 0 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
out=$WORK/out
expect_grep "Welcome: 山田 太郎 (総務局/情報システム課) — 0 / 5 answered" "$out"
# Piped input is not echoed: each prompt still ends its own line.
grep -qx "Person ID: " "$out" || fail "the person-id prompt does not end its line"
grep -qx "Token: " "$out" || fail "the token prompt does not end its line"
expect_grep "[1 / 5] Role: Division information security officer | Category: Handling information | Clause: 3.1.1(4)(b) (S-02)" "$out"
expect_grep "Explanation:" "$out"
expect_grep "Train them at least once a year." "$out"
expect_grep "Current answer: 2 not implemented" "$out"
expect_grep "Please answer 1, 2 or 3" "$out"
expect_grep "Your answers are saved." "$out"
expect_equal 13 "$(answers_of "$db" p001 division_officer)" "after session 1"
expect_equal "" "$(answers_of "$db" p001 staff)" "staff untouched"

# Session 2 (--person, Japanese): resumes at the first unanswered item (3 / 5, staff S-01).
printf '2\n\n' >"$WORK/in"
SURVEY_TOKEN=$t1 expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p001 --lang ja <"$WORK/in"
expect_grep "ようこそ: 山田 太郎 (総務局/情報システム課) — 2 / 5 回答済" "$out"
expect_grep "[3 / 5] 役割: 行政事務従事者 | 分類: 情報の取扱い | 基準の項番: 3.1.1(3)(a) (S-01)" "$out"
expect_grep "作成した情報に、格付と取扱制限を決めて明示していますか。" "$out"
expect_no_grep "[1 / 5]" "$out"
expect_equal 200 "$(answers_of "$db" p001 staff)" "after session 2"

# Session 3: finish, go back from the submit prompt, keep an answer with an empty line, submit.
printf '1\n3\nb\n\ny\n' >"$WORK/in"
SURVEY_TOKEN=$t1 expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p001 --lang en <"$WORK/in"
expect_grep "Submitted (receipt)" "$out"
expect_grep "Answers: 5" "$out"
digest=$(sed -n 's/^Digest of the answers: //p' "$out")
[[ $digest =~ ^[0-9a-f]{16}$ ]] || fail "receipt digest '$digest'"
expect_equal "13|213" "$(answers_of "$db" p001 division_officer)|$(answers_of "$db" p001 staff)" "after session 3"
expect_equal "1|5|$digest" "$(sqlite3 "$db" "SELECT count(*), answer_count, answers_digest FROM submission WHERE person_id = 'p001'")" "submission row"
expect_equal 2 "$(sqlite3 "$db" "SELECT count(*) FROM response WHERE person_id = 'p001' AND submitted_at IS NOT NULL")" "rows submitted"

# Session 4: everything answered, so it asks to submit at once; go back, change the last
# answer, resubmit: the history keeps both submissions, with different digests.
printf 'b\n1\ny\n' >"$WORK/in"
SURVEY_TOKEN=$t1 expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p001 --lang en <"$WORK/in"
expect_grep "Submitted: " "$out"
expect_equal "13|211" "$(answers_of "$db" p001 division_officer)|$(answers_of "$db" p001 staff)" "after session 4"
expect_equal 2 "$(sqlite3 "$db" "SELECT count(DISTINCT answers_digest) FROM submission WHERE person_id = 'p001'")" "two submissions"

# Declining to submit keeps the answers and records nothing.
printf '1\n1\n1\nn\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p002) expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p002 --lang en <"$WORK/in"
expect_grep "Not submitted." "$out"
expect_equal 111 "$(answers_of "$db" p002 staff)" "p002 answers"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM submission WHERE person_id = 'p002'")" "p002 not submitted"

# --person without SURVEY_TOKEN is a usage error.
env -u SURVEY_TOKEN "$SURVEY" --db "$db" --year 2026 --person p001 </dev/null >/dev/null 2>"$WORK/err" && fail "no token accepted"
expect_grep "SURVEY_TOKEN" "$WORK/err"

# The default language follows the locale: English for LANG=en_US.UTF-8, Japanese when unset.
printf 'q\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p004) LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p004 <"$WORK/in"
expect_grep "Welcome" "$out"
SURVEY_TOKEN=$(token_of p004) env -u LANG -u LC_ALL -u LC_MESSAGES "$SURVEY" --db "$db" --year 2026 --person p004 <"$WORK/in" >"$out"
expect_grep "ようこそ" "$out"

# Control characters in questionnaire text never reach the terminal: the questionnaire is
# refused when it is read, an escape such as \e in a quoted string included.
db2=$WORK/esc.db
sed 's/      en: Do you lock your terminal when you leave your desk?/      en: "Do you lock \\e[31myour terminal\\x07?"/' "$MINI" >"$WORK/esc.yaml"
grep -q 'e\[31m' "$WORK/esc.yaml" || fail "fixture not patched"
expect_status 2 "$SURVEY" init --db "$db2" --org mof --name 財務省 --year 2026 --questionnaire "$WORK/esc.yaml"
expect_grep "esc.yaml:42:11: control character U+001B is not allowed (only tab and line breaks)" "$WORK/err"
if grep -q $'[\e\a]' "$WORK/err"; then fail "control character in the message"; fi
echo ok
