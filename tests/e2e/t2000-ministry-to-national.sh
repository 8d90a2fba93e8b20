#!/usr/bin/env bash
# The whole exchange: a ministry store filled through 'survey import', then 'aggregator tally'
# (checked against counts computed independently from the CSV files), 'submit' (counts only,
# no person), 'compile' into a national store, where 'rates' and 'grades' equal the
# ministry's own.
source "$(dirname "$0")/lib.sh"

Q="$SRC_DIR/questionnaires/selfcheck-2026.yaml"
ROSTER="$SRC_DIR/samples/ministry/roster.csv"
ANSWERS="$SRC_DIR/samples/ministry/answers.csv"
M="$WORK/ministry.db"
N="$WORK/national.db"

expect_status 0 "$SURVEY" init --db "$M" --org demo --name 沿岸整備省 --year 2026 --questionnaire "$Q"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$ROSTER"
expect_status 0 "$SURVEY" import --db "$M" --year 2026 "$ANSWERS"

# The store keeps its tally current: the rates need no tally first, and a recount agrees.
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
cp "$WORK/out" "$WORK/kept-rates.csv"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026 --verify
expect_grep "the counts kept agree with a recount" "$WORK/out"

expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
expect_grep "tally of demo for fiscal year 2026" "$WORK/err"
sqlite3 "$M" "SELECT * FROM tally_role ORDER BY role; SELECT * FROM tally_item ORDER BY role, item" >"$WORK/tally1"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
sqlite3 "$M" "SELECT * FROM tally_role ORDER BY role; SELECT * FROM tally_item ORDER BY role, item" >"$WORK/tally2"
cmp -s "$WORK/tally1" "$WORK/tally2" || fail "tallying again gave another tally"

expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
cp "$WORK/out" "$WORK/ministry-rates.csv"
cmp -s "$WORK/kept-rates.csv" "$WORK/ministry-rates.csv" || fail "the kept tally's rates differ from a recount's"
expect_equal "organization,group,targets,submitted,grasp_rate,grasp_grade,implemented,not_implemented,not_applicable,implementation_rate,implementation_grade,attainment_100,attainment_95,attainment_90,persons_attainment_100,persons_attainment_95,persons_attainment_90" \
	"$(head -1 "$WORK/ministry-rates.csv")" "csv header"

# Independent count: targets from the roster, answers of submitted targets from answers.csv.
sqlite3 -csv "$M" "SELECT person_id, role FROM response WHERE fiscal_year = 2026 AND submitted_at IS NOT NULL" >"$WORK/submitted.csv"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv --method pooled
cp "$WORK/out" "$WORK/ministry-rates-pooled.csv"
python3 - "$ROSTER" "$ANSWERS" "$WORK/submitted.csv" "$WORK/ministry-rates.csv" "$WORK/ministry-rates-pooled.csv" <<'PY'
import csv, sys
from fractions import Fraction
group = {r: 'officers' for r in ['ciso', 'audit_officer', 'chief_officer', 'security_officer',
         'division_officer', 'area_officer', 'incident_officer']}
group.update(system_officer='system_officers', system_admin='system_officers', staff='staff',
             sns_operator='others')
subject = {'officers', 'system_officers', 'staff'}
code = {'1': 'implemented', '2': 'not_implemented', '3': 'not_applicable'}
targets, active, owed = {}, set(), {}
for row in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    if row['status'] == 'excluded':
        continue
    active.add((row['person_id'], row['role']))
    owed.setdefault(row['person_id'], set()).add(row['role'])
    for g in (group[row['role']], 'all'):
        targets[g] = targets.get(g, 0) + 1
submitted = {tuple(r) for r in csv.reader(open(sys.argv[3]))} & active
subs = {}
for p, r in submitted:
    for g in (group[r], 'all'):
        subs[g] = subs.get(g, 0) + 1
counts, per_role, sheet = {}, {}, {}
for row in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    key = (row['person_id'], row['role'])
    if key not in submitted:
        continue
    a = code.get(row['answer'], row['answer'])
    for g in (group[row['role']], 'all'):
        c = counts.setdefault(g, {'implemented': 0, 'not_implemented': 0, 'not_applicable': 0})
        c[a] += 1
    c = per_role.setdefault(row['role'], {'implemented': 0, 'not_implemented': 0, 'not_applicable': 0})
    c[a] += 1
    s = sheet.setdefault(key, [0, 0])
    if a != 'not_applicable':
        s[1] += 1
        s[0] += a == 'implemented'
def shown(q):
    # one decimal, half up, never printing a grade threshold that is not reached
    t = int(1000 * q + Fraction(1, 2))
    for th in (1000, 800, 600):
        if t == th and q * 1000 < th:
            t -= 1
    return '%d.%d' % (t // 10, t % 10)
def rate(num, den):
    return shown(Fraction(num, den))
def persons_attainment(g):
    sheets = [s for (p, r), s in sheet.items() if (g == 'all' or group[r] == g) and s[1] > 0]
    return [rate(sum(1 for s in sheets if 100 * s[0] >= t * s[1]), len(sheets)) for t in (100, 95, 90)]
# nisc: the whole counts persons once and averages the subject roles' rates
persons = [p for p, roles in owed.items() if roles]
grasped = [p for p in persons if all((p, r) in submitted for r in owed[p])]
role_rates = [Fraction(c['implemented'], c['implemented'] + c['not_implemented'])
              for r, c in per_role.items() if group[r] in subject and c['implemented'] + c['not_implemented']]
nisc_all = sum(role_rates) / len(role_rates)
for path, method in ((sys.argv[4], 'nisc'), (sys.argv[5], 'pooled')):
    rows = [r for r in csv.DictReader(open(path, encoding='utf-8')) if r['organization'] == 'demo']
    assert {r['group'] for r in rows} == set(targets), (sorted(targets), [r['group'] for r in rows])
    for r in rows:
        g = r['group']
        whole = g == 'all' and method == 'nisc'
        want_t = len(persons) if whole else targets[g]
        want_s = len(grasped) if whole else subs[g]
        assert int(r['targets']) == want_t, (method, g, r['targets'], want_t)
        assert int(r['submitted']) == want_s, (method, g, r['submitted'], want_s)
        for k in ('implemented', 'not_implemented', 'not_applicable'):
            assert int(r[k]) == counts[g][k], (g, k, r[k], counts[g][k])
        assert r['grasp_rate'] == rate(want_s, want_t), (method, g, r['grasp_rate'])
        c = counts[g]
        want_i = shown(nisc_all) if whole else rate(c['implemented'], c['implemented'] + c['not_implemented'])
        assert r['implementation_rate'] == want_i, (method, g, r['implementation_rate'], want_i)
        pa = persons_attainment(g)
        assert [r['persons_attainment_100'], r['persons_attainment_95'], r['persons_attainment_90']] == pa, (g, pa)
    print('checked', len(rows), 'groups of method', method, 'against the CSV files')
PY

# The tally file holds counts only.
expect_status 0 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/demo.yaml"
expect_grep "format: selfcheck-tally/2" "$WORK/demo.yaml"
expect_grep "questionnaire: selfcheck-2026" "$WORK/demo.yaml"
for person in $(tail -n +2 "$ROSTER" | cut -d, -f1 | sort -u | head -50); do
	! grep -q "$person" "$WORK/demo.yaml" || fail "person $person appears in the tally file"
done
name=$(sed -n 2p "$ROSTER" | cut -d, -f2)
expect_no_grep "$name" "$WORK/demo.yaml"

expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2026 --questionnaire "$Q" "$WORK/demo.yaml"
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2026 --format csv
cmp -s "$WORK/out" "$WORK/ministry-rates.csv" || { diff "$WORK/ministry-rates.csv" "$WORK/out" >&2; fail "national rates differ from the ministry's"; }
for by in role item category; do
	expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by $by --format json
	cp "$WORK/out" "$WORK/m.json"
	expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2026 --by $by --format json
	cmp -s "$WORK/out" "$WORK/m.json" || fail "rates --by $by differ between ministry and national store"
done
expect_status 0 "$AGGREGATOR" grades --db "$M" --year 2026 --format csv
cp "$WORK/out" "$WORK/m-grades.csv"
expect_status 0 "$AGGREGATOR" grades --db "$N" --year 2026 --format csv
cmp -s "$WORK/out" "$WORK/m-grades.csv" || fail "grades differ between ministry and national store"
expect_equal "organization,name,grasp_rate,grasp_grade,implementation_rate,implementation_grade" "$(head -1 "$WORK/out")" "grades header"
expect_grep "demo,沿岸整備省," "$WORK/out"

# Unit rates exist only where the answers are; their ALL rows equal the ministry's totals.
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by unit --format csv
grep '^ALL,all,' "$WORK/out" | cut -d, -f3-11 >"$WORK/unit-all"
grep '^demo,all,' "$WORK/ministry-rates.csv" | cut -d, -f3-11 >"$WORK/org-all"
cmp -s "$WORK/unit-all" "$WORK/org-all" || fail "units do not add up to the ministry"
[ "$(grep -c ',all,' "$WORK/out")" -gt 5 ] || fail "too few units"
