#!/usr/bin/env bash
# Soak test of a ministry store under kill -9: rounds of concurrent line-mode respondents, an
# answers import and a tally, a random subset of them killed with SIGKILL at a random moment.
# After every round the store must pass PRAGMA integrity_check, the tally the store keeps must
# equal a recount ('aggregator tally --verify'), 'aggregator tally' must
# succeed, and the tally it stores must equal an independent count of the answers made here
# from the store's tables (targets, submitted sheets, attainment and every item's counts per
# role; persons counted once).
#
#   bench/soak.sh [ROUNDS [PEOPLE]]      (default 20 rounds, 600 people; run from the repository)
#
# Needs sqlite3 and python3. Prints one line per round and exits 1 at the first round that
# fails (the store is then kept; set KEEP=1 to keep it anyway). Not part of "make test".
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ROUNDS=${1:-20}
PEOPLE=${2:-600}
QUEST=questionnaires/selfcheck-2026.yaml
make -s "$BUILD/survey" "$BUILD/aggregator" >/dev/null
SURVEY=$PWD/$BUILD/survey AGGREGATOR=$PWD/$BUILD/aggregator
dir=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
keep=${KEEP:-0}
trap '[ "$keep" = 1 ] || rm -rf "$dir"' EXIT
db=$dir/store.db

# Roles on the roster: everyone staff; every fifth also division_officer; every seventh a
# system_admin instead; every eleventh staff role excluded.
python3 - "$dir/roster.csv" "$PEOPLE" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
with open(out, "w") as f:
    f.write("person_id,name,unit,role,status\n")
    for i in range(n):
        pid, name, unit = "s%04d" % i, "職員 %d" % i, "試験局/第%d課" % (i % 7)
        if i % 7 == 3:
            f.write("%s,%s,%s,system_admin,active\n" % (pid, name, unit))
            continue
        f.write("%s,%s,%s,staff,%s\n" % (pid, name, unit, "excluded" if i % 11 == 5 else "active"))
        if i % 5 == 0:
            f.write("%s,%s,%s,division_officer,active\n" % (pid, name, unit))
PY
"$SURVEY" init --db "$db" --org soak --name 耐久試験省 --year 2026 --questionnaire "$QUEST" >/dev/null
"$SURVEY" roster import --db "$db" --year 2026 "$dir/roster.csv" >/dev/null
"$SURVEY" tokens --db "$db" --year 2026 >"$dir/tokens.csv" 2>/dev/null

# The questionnaire's items of each role, in sheet order, for the two scripts below.
python3 - "$QUEST" "$dir/items.json" <<'PY'
import json, re, sys
quest, out = sys.argv[1], sys.argv[2]
items, cur = {}, None
for line in open(quest, encoding="utf-8"):
    m = re.match(r"  - id: (\S+)", line)
    if m:
        cur = m.group(1)
    m = re.match(r"    roles: \[(.*)\]", line)
    if m and cur:
        for r in m.group(1).split(","):
            items.setdefault(r.strip(), []).append(cur)
json.dump(items, open(out, "w"))
PY

# answers_file N FILE: answers of N random people for an import (a random part of their items).
answers_file() {
	python3 - "$dir/items.json" "$dir/roster.csv" "$1" "$2" "$RANDOM" <<'PY'
import json, random, sys
items_json, roster, n, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
random.seed(seed)
items = json.load(open(items_json))
rows = [l.strip().split(",") for l in open(roster, encoding="utf-8")][1:]
people = random.sample(rows, min(n, len(rows)))
with open(out, "w") as f:
    f.write("person_id,role,item,answer\n")
    for p in people:
        if p[4] != "active":
            continue
        for it in items[p[3]]:
            if random.random() < 0.9:
                f.write("%s,%s,%s,%d\n" % (p[0], p[3], it, random.randint(1, 3)))
PY
}

# recount: compares the stored tally with a count of the answers made from the tables.
recount() {
	python3 - "$dir/items.json" "$db" <<'PY'
import json, sqlite3, sys
items_json, db = sys.argv[1], sys.argv[2]
items = json.load(open(items_json))
c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
rows = c.execute("SELECT t.person_id, t.role, r.answers, r.submitted_at IS NOT NULL FROM target t"
                 " JOIN person p ON p.fiscal_year = t.fiscal_year AND p.person_id = t.person_id"
                 " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
                 " AND r.role = t.role WHERE t.fiscal_year = 2026 AND t.excluded = 0"
                 " AND p.removed_at IS NULL").fetchall()
want_roles, want_items, persons = {}, {}, {}
for person, role, answers, submitted in rows:
    tr = want_roles.setdefault(role, [0, 0, 0, 0, 0, 0])
    tr[0] += 1
    persons.setdefault(person, []).append(bool(submitted))
    if not submitted:
        continue
    tr[1] += 1
    impl = sum(1 for a in answers if a == "1")
    obl = impl + sum(1 for a in answers if a == "2")
    if obl:
        tr[2] += 1
        for k, pct in enumerate((100, 95, 90)):
            if impl * 100 >= obl * pct:
                tr[3 + k] += 1
    for k, a in enumerate(answers):
        counts = want_items.setdefault((role, items[role][k]), [0, 0, 0])
        if a in "123":
            counts["123".index(a)] += 1
want_persons = (len(persons), sum(1 for v in persons.values() if all(v)))
got_roles = {r[0]: list(r[1:]) for r in c.execute(
    "SELECT role, targets, submitted, att_obligated, att_100, att_95, att_90 FROM tally_role"
    " WHERE org = 'soak' AND fiscal_year = 2026")}
got_items = {(r[0], r[1]): list(r[2:]) for r in c.execute(
    "SELECT role, item, implemented, not_implemented, not_applicable FROM tally_item"
    " WHERE org = 'soak' AND fiscal_year = 2026") if any(r[2:])}
got_persons = c.execute("SELECT targets, submitted_all FROM tally_persons WHERE org = 'soak'"
                        " AND fiscal_year = 2026").fetchone()
want_items = {k: v for k, v in want_items.items() if any(v)}
problems = []
if got_roles != want_roles:
    problems.append("roles: tally %s, recount %s" % (got_roles, want_roles))
if got_items != want_items:
    diff = [k for k in set(got_items) | set(want_items) if got_items.get(k) != want_items.get(k)][:5]
    problems.append("items differ at %s" % diff)
if tuple(got_persons or ()) != want_persons:
    problems.append("persons: tally %s, recount %s" % (got_persons, want_persons))
if problems:
    print("; ".join(problems))
    sys.exit(1)
print("%d sheets (%d submitted), %d item counts" % (sum(v[0] for v in want_roles.values()),
      sum(v[1] for v in want_roles.values()), len(want_items)))
PY
}

total_killed=0 total_started=0
for round in $(seq 1 "$ROUNDS"); do
	pids=()
	# Respondents: twenty to fifty, each answering every item and submitting; an import of a
	# few dozen people's answers; a tally. Inputs are written first, so that all start at once.
	n=$((20 + RANDOM % 30))
	tail -n +2 "$dir/tokens.csv" | shuf -n "$n" | awk -F, '{print $1, $NF}' >"$dir/chosen"
	{ for _ in $(seq 1 60); do echo $((1 + RANDOM % 3)); done; echo y; } >"$dir/in"
	answers_file $((5 + RANDOM % 30)) "$dir/answers.csv"
	while read -r person token; do
		SURVEY_TOKEN=$token "$SURVEY" --db "$db" --year 2026 --person "$person" --plain \
			<"$dir/in" >/dev/null 2>&1 &
		pids+=($!)
	done <"$dir/chosen"
	"$SURVEY" import --db "$db" --year 2026 "$dir/answers.csv" >/dev/null 2>&1 &
	pids+=($!)
	"$AGGREGATOR" tally --db "$db" --year 2026 >/dev/null 2>&1 &
	pids+=($!)
	sleep "$(printf '0.%03d' $((RANDOM % 150)))"
	killed=0
	for pid in "${pids[@]}"; do
		if [ $((RANDOM % 2)) = 0 ] && kill -9 "$pid" 2>/dev/null; then
			killed=$((killed + 1))
		fi
	done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	total_killed=$((total_killed + killed))
	total_started=$((total_started + ${#pids[@]}))
	integrity=$(sqlite3 "$db" "PRAGMA integrity_check")
	if [ "$integrity" != ok ]; then
		keep=1
		echo "round $round: integrity_check: $integrity (store kept in $dir)"
		exit 1
	fi
	# The counts kept as the answers arrived, through the killed processes, equal a recount.
	if ! "$AGGREGATOR" tally --db "$db" --year 2026 --verify >"$dir/verify.out" 2>&1; then
		keep=1
		echo "round $round: the kept tally differs from a recount: $(cat "$dir/verify.out") (store kept in $dir)"
		exit 1
	fi
	if ! "$AGGREGATOR" tally --db "$db" --year 2026 >/dev/null 2>"$dir/tally.err"; then
		keep=1
		echo "round $round: aggregator tally failed: $(cat "$dir/tally.err") (store kept in $dir)"
		exit 1
	fi
	if ! counted=$(recount); then
		keep=1
		echo "round $round: the tally differs from the recount: $counted (store kept in $dir)"
		exit 1
	fi
	printf 'round %3d: %2d of %2d processes killed; integrity ok; tally = recount: %s\n' "$round" "$killed" \
		"${#pids[@]}" "$counted"
done
echo "$ROUNDS rounds, $total_killed of $total_started processes killed with SIGKILL: the store stayed whole and every tally equalled the recount"
