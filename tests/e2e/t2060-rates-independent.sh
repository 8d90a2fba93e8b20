#!/usr/bin/env bash
# The rate model against an independent computation. A fictional year of random tally files
# (format /2, plus one of format /1) is compiled into a national store; 'aggregator rates'
# by group and by role, with each method and each weighting, must equal what this script
# computes itself with exact fractions from the same files: grasp and implementation rates,
# persons counted once and the mean over subjects under nisc, both kinds of attainment, the
# government-wide means (or pooled counts), grades, and the display rule at the thresholds
# (a rate just below 100%, 80% or 60% never prints as the threshold).
source "$(dirname "$0")/lib.sh"

Q="$SRC_DIR/questionnaires/nisc-2012.yaml"
mkdir "$WORK/tallies"
python3 - "$Q" "$WORK/tallies" <<'PY'
import random, re, sys
random.seed(20121201)
# Roles and their items, read from the questionnaire with a plain scan.
items, cur = {}, None
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.match(r'\s*- id: (\S+)', line)
    if m:
        cur = m.group(1)
    m = re.match(r'\s*roles: \[(.*)\]', line)
    if m and cur:
        for r in m.group(1).split(','):
            items.setdefault(r.strip(), []).append(cur)
        cur = None
roles = sorted(items)
for o in range(7):
    code = 'org%d' % o
    have = [r for r in roles if r == 'staff' or random.random() < 0.7]
    lines = ['format: selfcheck-tally/%d' % (1 if o == 6 else 2), 'fiscal_year: 2030',
             'organization: {code: %s, name: 架空省%d, order: %d}' % (code, o, o + 1),
             'questionnaire: nisc-2012']
    body, tsum, tmax = [], 0, 0
    for r in have:
        t = random.choice([1, 2, 3, 7, 40, 2000])
        s = t if random.random() < 0.4 else random.randint(0, t)
        edge = {0: (1999, 1), 1: (1599, 401), 2: (1199, 801)}.get(o) if r == 'staff' else None
        if edge:   # staff just below 100%, 80%, 60%: prints 99.9, 79.9, 59.9
            t = s = 2000
        tsum += t
        tmax = max(tmax, t)
        body.append('  %s:' % r)
        body.append('    targets: %d' % t)
        body.append('    submitted: %d' % s)
        ob = random.randint(0, s)
        a90 = random.randint(0, ob); a95 = random.randint(0, a90); a100 = random.randint(0, a95)
        if o != 6:
            body.append('    attainment: {obligated: %d, at_100: %d, at_95: %d, at_90: %d}' % (ob, a100, a95, a90))
        body.append('    items:')
        for k, i in enumerate(items[r]):
            if edge:
                imp, no = edge
            else:
                imp = random.randint(0, s)
                no = random.randint(0, s - imp) if random.random() < 0.5 else 0
            na = random.randint(0, s - imp - no)
            body.append('      %s: {implemented: %d, not_implemented: %d, not_applicable: %d}' % (i, imp, no, na))
    if o != 6:
        p = random.randint(tmax, tsum)
        lines += ['persons:', '  targets: %d' % p, '  submitted_all: %d' % random.randint(0, p)]
    lines += ['roles:'] + body
    open('%s/%s.yaml' % (sys.argv[2], code), 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
PY
expect_status 0 "$AGGREGATOR" compile --db "$WORK/n.db" --year 2030 --questionnaire "$Q" "$WORK"/tallies/*.yaml
for method in nisc pooled; do
	for w in unweighted headcount; do
		for by in group role; do
			expect_status 0 "$AGGREGATOR" rates --db "$WORK/n.db" --year 2030 --format csv \
				--method $method --weighting $w --by $by
			cp "$WORK/out" "$WORK/rates-$method-$w-$by.csv"
		done
	done
done
expect_status 0 "$AGGREGATOR" rates --db "$WORK/n.db" --year 2030 --format csv
cmp -s "$WORK/out" "$WORK/rates-nisc-unweighted-group.csv" || fail "the default is not method nisc, unweighted"

python3 - "$Q" "$WORK/tallies" "$WORK" <<'PY'
import csv, glob, os, re, sys
from fractions import Fraction as F
groups = {'officers': ['ciso', 'audit_officer', 'chief_officer', 'security_officer', 'division_officer',
                       'area_officer', 'incident_officer'],
          'system_officers': ['system_officer', 'system_admin'], 'staff': ['staff'], 'others': ['sns_operator']}
group_of = {r: g for g, rs in groups.items() for r in rs}
subject_roles = [r for g in ('officers', 'system_officers', 'staff') for r in groups[g]]
# The tally files, read back with a plain scan (the layout this test wrote).
orgs = []
for path in sorted(glob.glob(sys.argv[2] + '/*.yaml')):
    o = {'roles': {}, 'persons': None}
    role = None
    for line in open(path, encoding='utf-8'):
        m = re.match(r'organization: \{code: (\w+)', line)
        if m: o['code'] = m.group(1)
        m = re.match(r'  (targets|submitted_all): (\d+)', line)
        if m: o.setdefault('p', {})[m.group(1)] = int(m.group(2))
        m = re.match(r'  (\w+):$', line)
        if m: role = m.group(1); o['roles'][role] = {'items': {}, 'att': None}
        m = re.match(r'    (targets|submitted): (\d+)', line)
        if m: o['roles'][role][m.group(1)] = int(m.group(2))
        m = re.match(r'    attainment: \{obligated: (\d+), at_100: (\d+), at_95: (\d+), at_90: (\d+)\}', line)
        if m: o['roles'][role]['att'] = [int(x) for x in m.groups()]
        m = re.match(r'      (\S+): \{implemented: (\d+), not_implemented: (\d+), not_applicable: (\d+)\}', line)
        if m: o['roles'][role]['items'][m.group(1)] = [int(x) for x in m.groups()[1:]]
    if 'p' in o: o['persons'] = (o['p']['targets'], o['p']['submitted_all'])
    orgs.append(o)
orgs.sort(key=lambda o: o['code'])

def show(q):
    if q is None: return ''
    t = int(1000 * q + F(1, 2))
    for th in (1000, 800, 600):
        if t == th and 1000 * q < th: t -= 1
    return '%d.%d' % (t // 10, t % 10)
def grade(q):
    if q is None: return ''
    return 'A' if q >= 1 else 'B' if q >= F(8, 10) else 'C' if q >= F(6, 10) else 'D'
def frac(n, d): return F(n, d) if d else None
def mean(vals):
    vals = [v for v in vals if v is not None]
    return sum(vals) / len(vals) if vals else None

def pool(o, rs):
    p = {'t': 0, 's': 0, 'i': 0, 'n': 0, 'a': 0, 'items': {}, 'att': [0, 0, 0, 0], 'att_known': True, 'present': False}
    for r in rs:
        x = o['roles'].get(r)
        if not x: continue
        p['t'] += x['targets']; p['s'] += x['submitted']; p['present'] |= x['targets'] > 0
        for i, (a, b, c) in x['items'].items():
            p['i'] += a; p['n'] += b; p['a'] += c
            q = p['items'].setdefault(i, [0, 0])
            q[0] += a; q[1] += b
        if x['att'] is None: p['att_known'] = False
        else: p['att'] = [u + v for u, v in zip(p['att'], x['att'])]
    return p
def items_att(p):
    present = [q for q in p['items'].values() if q[0] + q[1]]
    return [frac(sum(1 for q in present if 100 * q[0] >= t * (q[0] + q[1])), len(present)) for t in (100, 95, 90)]
def persons_att(p):
    if not p['att_known']: return [None] * 3
    return [frac(p['att'][k], p['att'][0]) for k in (1, 2, 3)]

def org_row(o, g, method):
    rs = list(group_of) if g == 'all' else groups[g]
    p = pool(o, rs)
    row = {'present': p['present'], 'targets': p['t'], 'submitted': p['s'], 'grasp': frac(p['s'], p['t']),
           'impl': frac(p['i'], p['i'] + p['n']), 'counts': (p['i'], p['n'], p['a']),
           'att': items_att(p), 'patt': persons_att(p), 'known': True}
    if g == 'all' and method == 'nisc':
        if o['persons']:
            row['targets'], row['submitted'] = o['persons']
            row['grasp'] = frac(o['persons'][1], o['persons'][0])
        else:
            row['known'], row['grasp'] = False, None
        row['impl'] = mean([frac(pool(o, [r])['i'], pool(o, [r])['i'] + pool(o, [r])['n'])
                            for r in subject_roles if r in o['roles']])
    return row

def gov_row(g, method, w, role=None):
    rows = [role_row(o, role) if role else org_row(o, g, method) for o in orgs]
    have = [r for r in rows if r['present']]
    out = {'present': bool(have), 'targets': sum(r['targets'] for r in rows),
           'submitted': sum(r['submitted'] for r in rows), 'known': all(r['known'] for r in rows),
           'counts': tuple(sum(r['counts'][k] for r in rows) for k in range(3))}
    if w == 'unweighted':
        out['grasp'] = mean(r['grasp'] for r in have)
        out['impl'] = mean(r['impl'] for r in have)
        out['att'] = [mean(r['att'][k] for r in have) for k in range(3)]
        out['patt'] = [mean(r['patt'][k] for r in have) for k in range(3)]
        return out
    rs = [role] if role else (list(group_of) if g == 'all' else groups[g])
    allp = {'roles': {}}
    pooled = pool({'roles': {}}, [])
    for o in orgs:
        for r in rs:
            x = o['roles'].get(r)
            if not x: continue
            y = allp['roles'].setdefault(r, {'targets': 0, 'submitted': 0, 'items': {}, 'att': [0, 0, 0, 0]})
            y['targets'] += x['targets']; y['submitted'] += x['submitted']
            for i, c in x['items'].items():
                z = y['items'].setdefault(i, [0, 0, 0]); y['items'][i] = [u + v for u, v in zip(z, c)]
            if x['att'] is None or y['att'] is None: y['att'] = None
            else: y['att'] = [u + v for u, v in zip(y['att'], x['att'])]
    # persons attainment pooled only over organisations that have the row
    p = pool(allp, rs)
    out['grasp'] = frac(out['submitted'], out['targets']) if out['known'] else None
    out['impl'] = frac(p['i'], p['i'] + p['n'])
    if g == 'all' and method == 'nisc' and not role:
        out['impl'] = mean(frac(pool(allp, [r])['i'], pool(allp, [r])['i'] + pool(allp, [r])['n'])
                           for r in subject_roles if r in allp['roles'])
    out['att'] = items_att(p) if not role else [None] * 3
    out['patt'] = persons_att(p)
    return out

def role_row(o, r):
    p = pool(o, [r])
    return {'present': p['present'], 'targets': p['t'], 'submitted': p['s'], 'grasp': frac(p['s'], p['t']),
            'impl': frac(p['i'], p['i'] + p['n']), 'counts': (p['i'], p['n'], p['a']),
            'att': [None] * 3, 'patt': persons_att(p), 'known': True}

def expect(x):
    e = {'targets': str(x['targets']) if x['known'] else '', 'submitted': str(x['submitted']) if x['known'] else '',
         'grasp_rate': show(x['grasp']), 'grasp_grade': grade(x['grasp']),
         'implemented': str(x['counts'][0]), 'not_implemented': str(x['counts'][1]),
         'not_applicable': str(x['counts'][2]),
         'implementation_rate': show(x['impl']), 'implementation_grade': grade(x['impl'])}
    for k, t in enumerate((100, 95, 90)):
        e['attainment_%d' % t] = show(x['att'][k])
        e['persons_attainment_%d' % t] = show(x['patt'][k])
    return e

checked = 0
for method in ('nisc', 'pooled'):
    for w in ('unweighted', 'headcount'):
        got = list(csv.DictReader(open('%s/rates-%s-%s-group.csv' % (sys.argv[3], method, w), encoding='utf-8')))
        want = []
        for o in orgs:
            for g in ('officers', 'system_officers', 'staff', 'others', 'all'):
                x = org_row(o, g, method)
                if g == 'all' or x['present']:
                    want.append((o['code'], g, expect(x)))
        for g in ('officers', 'system_officers', 'staff', 'others', 'all'):
            x = gov_row(g, method, w)
            if g == 'all' or x['present']:
                want.append(('ALL', g, expect(x)))
        assert [(r['organization'], r['group']) for r in got] == [(c, g) for c, g, _ in want], (method, w)
        for r, (c, g, e) in zip(got, want):
            for k, v in e.items():
                assert r[k] == v, (method, w, c, g, k, r[k], v)
            checked += 1
        got = list(csv.DictReader(open('%s/rates-%s-%s-role.csv' % (sys.argv[3], method, w), encoding='utf-8')))
        want = []
        for o in orgs:
            for r in group_of:
                x = role_row(o, r)
                if x['present']: want.append((o['code'], r, expect(x)))
        for r in group_of:
            x = gov_row(None, method, w, role=r)
            if x['present']: want.append(('ALL', r, expect(x)))
        assert [(r['organization'], r['role']) for r in got] == [(c, g) for c, g, _ in want], (method, w, 'role')
        for r, (c, g, e) in zip(got, want):
            for k, v in e.items():
                assert r[k] == v, (method, w, 'role', c, g, k, r[k], v)
            checked += 1
staff = {r['organization']: r['implementation_rate'] + r['implementation_grade']
         for r in csv.DictReader(open(sys.argv[3] + '/rates-nisc-unweighted-role.csv', encoding='utf-8'))
         if r['role'] == 'staff'}
assert (staff['org0'], staff['org1'], staff['org2']) == ('99.9B', '79.9C', '59.9D'), staff
print('checked', checked, 'rows; staff just below the thresholds prints', staff['org0'], staff['org1'], staff['org2'])
PY
