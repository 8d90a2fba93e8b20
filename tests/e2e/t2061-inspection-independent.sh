#!/usr/bin/env bash
# The focused inspection's rates against an independent computation. A fictional year of
# random tally files with inspection sections (some organisations count only some kinds, one
# counts none, one has no section at all) is compiled into a national store; 'aggregator rates
# --by inspection --format csv' must equal what this script computes itself from the same files
# with exact fractions: per organisation and item the systems of its kind, the three counts and
# the rate as a whole percent rounded half up, and for the government (ALL) the systems of
# every organisation pooled — never the mean of the organisations' rates.
source "$(dirname "$0")/lib.sh"

Q="$SRC_DIR/questionnaires/nisc-2012.yaml"
mkdir "$WORK/tallies"
python3 - "$Q" "$WORK/tallies" <<'PY'
import random, re, sys
random.seed(20301201)
# The inspection items and their kinds, read from the questionnaire with a plain scan.
kind_of, order, inside, cur = {}, [], False, None
for line in open(sys.argv[1], encoding='utf-8'):
    if line.startswith('inspection:'):
        inside = True
    if not inside:
        continue
    m = re.match(r'\s*- id: (\S+)', line)
    if m:
        cur = m.group(1)
    m = re.match(r'\s*kind: (\S+)', line)
    if m and cur:
        kind_of[cur] = m.group(1)
        order.append(cur)
        cur = None
kinds = sorted(set(kind_of.values()))
assert len(order) == 15 and len(kinds) == 4, (order, kinds)
for o in range(9):
    code = 'org%d' % o
    lines = ['format: selfcheck-tally/2', 'fiscal_year: 2031',
             'organization: {code: %s, name: 架空省%d, order: %d}' % (code, o, o + 1),
             'questionnaire: nisc-2012', 'persons: {targets: 5, submitted_all: 4}',
             'roles:', '  staff:', '    targets: 5', '    submitted: 5',
             '    attainment: {obligated: 5, at_100: 3, at_95: 3, at_90: 4}', '    items: {}']
    if o != 8:   # org8 says nothing of its systems
        counted = [] if o == 7 else [k for k in kinds if random.random() < 0.8]
        lines += ['inspection:', '  reference_date: 2031-12-01', '  kinds:' + ('' if counted else ' {}')]
        systems = {}
        for k in counted:
            systems[k] = random.choice([0, 1, 2, 8, 40, 200, random.randint(0, 999)])
            lines.append('    %s: {systems: %d}' % (k, systems[k]))
        lines.append('  items:' + ('' if counted else ' {}'))
        for i in order:
            k = kind_of[i]
            if k not in systems:
                continue
            n = systems[k]
            if o == 0 and n >= 8:   # rates exactly at a half: 12.5% and 87.5% print 13 and 88
                imp, no, na = (1, 7, n - 8) if i.endswith('1') else (7, 1, n - 8)
            else:
                na = random.randint(0, n) if random.random() < 0.3 else 0
                imp = random.randint(0, n - na)
                no = random.randint(0, n - na - imp)
            lines.append('    %s: {implemented: %d, not_implemented: %d, not_applicable: %d}' % (i, imp, no, na))
    open('%s/%s.yaml' % (sys.argv[2], code), 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
PY
expect_status 0 "$AGGREGATOR" compile --db "$WORK/n.db" --year 2031 --questionnaire "$Q" "$WORK"/tallies/*.yaml
expect_status 0 "$AGGREGATOR" rates --db "$WORK/n.db" --year 2031 --by inspection --format csv
cp "$WORK/out" "$WORK/inspection.csv"
# The weighting of organisations does not touch the inspection: systems are pooled either way.
expect_status 0 "$AGGREGATOR" rates --db "$WORK/n.db" --year 2031 --by inspection --format csv --weighting headcount
cmp -s "$WORK/out" "$WORK/inspection.csv" || fail "--weighting changed the inspection rates"

python3 - "$Q" "$WORK/tallies" "$WORK/inspection.csv" <<'PY'
import csv, glob, re, sys
from fractions import Fraction as F
kind_of, order, inside, cur = {}, [], False, None
for line in open(sys.argv[1], encoding='utf-8'):
    if line.startswith('inspection:'):
        inside = True
    if not inside:
        continue
    m = re.match(r'\s*- id: (\S+)', line)
    if m:
        cur = m.group(1)
    m = re.match(r'\s*kind: (\S+)', line)
    if m and cur:
        kind_of[cur] = m.group(1); order.append(cur); cur = None
orgs = []
for path in sorted(glob.glob(sys.argv[2] + '/*.yaml')):
    o = {'systems': {}, 'items': {}, 'section': False}
    for line in open(path, encoding='utf-8'):
        m = re.match(r'organization: \{code: (\w+)', line)
        if m: o['code'] = m.group(1)
        if line.startswith('inspection:'): o['section'] = True
        m = re.match(r'    (\w+): \{systems: (\d+)\}', line)
        if m: o['systems'][m.group(1)] = int(m.group(2))
        m = re.match(r'    (\S+): \{implemented: (\d+), not_implemented: (\d+), not_applicable: (\d+)\}', line)
        if m and o['section']: o['items'][m.group(1)] = [int(x) for x in m.groups()[1:]]
    orgs.append(o)
orgs.sort(key=lambda o: int(o['code'][3:]))   # report order: the files' order key

def half_up(num, den):
    if den == 0: return ''
    q = F(100 * num, den)
    return str(int(q + F(1, 2)))   # floor(x + 1/2): half up for non-negative x

want = []
pool = {}
for o in orgs:
    for i in order:
        k = kind_of[i]
        if k not in o['systems']:
            continue
        imp, no, na = o['items'].get(i, [0, 0, 0])
        n = o['systems'][k]
        want.append([o['code'], k, i, str(n), str(imp), str(no), str(na), half_up(imp, imp + no)])
        p = pool.setdefault(i, [0, 0, 0, 0])
        p[0] += n; p[1] += imp; p[2] += no; p[3] += na
for i in order:
    if i in pool:
        n, imp, no, na = pool[i]
        want.append(['ALL', kind_of[i], i, str(n), str(imp), str(no), str(na), half_up(imp, imp + no)])
rows = list(csv.reader(open(sys.argv[3], encoding='utf-8')))
assert rows[0] == ['organization', 'kind', 'item', 'systems', 'implemented', 'not_implemented',
                   'not_applicable', 'rate'], rows[0]
got = rows[1:]
problems = []
if len(got) != len(want):
    problems.append('%d rows, expected %d' % (len(got), len(want)))
for g, w in zip(got, want):
    if g != w:
        problems.append('got %s, expected %s' % (','.join(g), ','.join(w)))
# the half-way rates really were exercised, and the pooling differs from a mean somewhere
assert any(w[7] in ('13', '88') and w[0] == 'org0' for w in want), 'no half-way rate in the data'
if problems:
    sys.exit('\n'.join(problems[:20]))
print('%d rows agree' % len(got))
PY
