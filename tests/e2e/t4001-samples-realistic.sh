#!/usr/bin/env bash
# The FY2012 sample tallies (samples/h24, selfcheck-tally/2) checked without the toolkit and
# without their generator's own check:
#   - every file keeps the tally/2 count rules, names exactly the items the questionnaire binds
#     to each role, and its attainment and person counts are possible for real sheets and
#     people (necessary conditions);
#   - in no organisation is any group's answers more than 40% "not applicable";
#   - re-running build/gen/gen_h24 writes the committed files byte for byte;
#   - the published figures of tests/data/h24-published, recomputed here with exact fractions
#     under method nisc, come out as printed, among them 復興庁's staff attainment by persons
#     at each of 100, 95 and 90%;
#   - the focused inspection: every file counts each kind of system with each of its items
#     (no more answers than systems), and the fifteen rates of table 2-7 over the systems of
#     every organisation pooled, and the server counts, come out as printed.
source "$(dirname "$0")/lib.sh"

P="$SRC_DIR/tests/data/h24-published"
GEN="$BUILD_DIR/gen/gen_h24"
[ -x "$GEN" ] || fail "$GEN is not built (make generators)"

# The generator is deterministic: the same files, byte for byte, and no others.
expect_status 0 "$GEN" -q "$SRC_DIR/questionnaires/nisc-2012.yaml" "$WORK/h24"
expect_grep "0 figure(s) missed" "$WORK/out"
diff -r "$SRC_DIR/samples/h24" "$WORK/h24" >"$WORK/diff" ||
	{ head -n 40 "$WORK/diff" >&2; fail "gen_h24 does not reproduce samples/h24"; }

python3 - "$SRC_DIR" "$P" <<'PY'
import csv, glob, math, os, re, sys
from fractions import Fraction as Fr

src, pub = sys.argv[1], sys.argv[2]
errors = []
def err(msg): errors.append(msg)

# ---- a reader for the YAML the tally files use: block mappings, one-line flow mappings,
# plain or double-quoted scalars, comments
def scalar(text):
    text = text.strip()
    if text.startswith('"'):
        return text[1:-1].replace('\\"', '"').replace('\\\\', '\\')
    if re.fullmatch(r'-?[0-9]+', text):
        return int(text)
    return text

def strip_comment(line):
    out, quoted = [], False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        if ch == '#' and not quoted and (i == 0 or line[i - 1] in ' \t'):
            break
        out.append(ch)
    return ''.join(out).rstrip()

def flow(text, where):
    body = text.strip()
    if not (body.startswith('{') and body.endswith('}')):
        err(f'{where}: not a flow mapping: {text}')
        return {}
    out = {}
    for part in body[1:-1].split(','):
        if not part.strip():
            continue
        k, sep, v = part.partition(':')
        if not sep:
            err(f'{where}: bad entry {part!r}')
            continue
        if k.strip() in out:
            err(f'{where}: duplicate key {k.strip()}')
        out[k.strip()] = scalar(v)
    return out

def load(path):
    root = {}
    stack = [(-1, root)]
    for n, raw in enumerate(open(path, encoding='utf-8'), 1):
        line = strip_comment(raw.rstrip('\n'))
        if not line.strip():
            continue
        ind = len(line) - len(line.lstrip(' '))
        while stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1][1]
        key, sep, rest = line.strip().partition(':')
        where = f'{os.path.basename(path)}:{n}'
        if not sep:
            err(f'{where}: not a mapping entry')
            continue
        if key in parent:
            err(f'{where}: duplicate key {key}')
        if not rest.strip():
            parent[key] = {}
            stack.append((ind, parent[key]))
        elif rest.strip().startswith('{'):
            parent[key] = flow(rest, where)
        else:
            parent[key] = scalar(rest)
    return root

# ---- the questionnaire: items, their roles and categories (a line scan of its block style)
bound, category = {}, {}
item = None
for line in open(os.path.join(src, 'questionnaires/nisc-2012.yaml'), encoding='utf-8'):
    m = re.match(r'\s*- id:\s*(\S+)', line)
    if m:
        item = m.group(1)
        continue
    m = re.match(r'\s*roles:\s*\[(.*)\]', line)
    if m and item:
        for r in m.group(1).split(','):
            bound.setdefault(r.strip(), []).append(item)
    m = re.match(r'\s*category:\s*(\S+)', line)
    if m and item:
        category[item] = m.group(1)

GROUP = {'ciso': 'officers', 'audit_officer': 'officers', 'chief_officer': 'officers',
         'security_officer': 'officers', 'division_officer': 'officers', 'area_officer': 'officers',
         'incident_officer': 'officers', 'system_officer': 'system_officers',
         'system_admin': 'system_officers', 'staff': 'staff'}
GROUPS = ['officers', 'system_officers', 'staff']
THRESHOLDS = {100: 'at_100', 95: 'at_95', 90: 'at_90'}

def count(v, where):
    if not isinstance(v, int) or v < 0:
        err(f'{where}: {v!r} is not a non-negative integer')
        return 0
    return v

# ---- every file: the tally/2 rules and what real sheets and people allow
orgs = []
files = sorted(glob.glob(os.path.join(src, 'samples/h24/*.yaml')))
if len(files) != 21:
    err(f'{len(files)} tally files, expected 21')
for path in files:
    f = os.path.basename(path)
    d = load(path)
    if d.get('format') != 'selfcheck-tally/2' or d.get('fiscal_year') != 2012 or d.get('questionnaire') != 'nisc-2012':
        err(f'{f}: format, fiscal_year or questionnaire wrong')
    org = d.get('organization', {})
    if not org.get('code') or not org.get('name') or f != f"{org.get('code')}.yaml":
        err(f'{f}: organization block')
    roles = d.get('roles', {})
    persons = d.get('persons', {})
    PT = count(persons.get('targets'), f'{f}: persons.targets')
    PS = count(persons.get('submitted_all'), f'{f}: persons.submitted_all')
    missing = []
    answers = {g: 0 for g in GROUPS}
    na = {g: 0 for g in GROUPS}
    for r, v in roles.items():
        w = f'{f}: {r}'
        if r not in GROUP:
            err(f'{w}: unknown role')
            continue
        T = count(v.get('targets'), f'{w}.targets')
        U = count(v.get('submitted'), f'{w}.submitted')
        if U > T:
            err(f'{w}: submitted {U} > targets {T}')
        missing.append(T - U)
        if T > PT:
            err(f'{w}: targets {T} > persons.targets {PT}')
        its = v.get('items', {})
        if sorted(its) != sorted(bound.get(r, [])):
            err(f'{w}: items {sorted(its)} are not those the questionnaire binds to the role')
        A = {}
        Nn = {}
        for i, c in its.items():
            if set(c) != {'implemented', 'not_implemented', 'not_applicable'}:
                err(f'{w} {i}: keys {sorted(c)}')
            im, ni, nap = (count(c.get(k), f'{w} {i}.{k}') for k in ('implemented', 'not_implemented', 'not_applicable'))
            if im + ni + nap > U:
                err(f'{w} {i}: {im}+{ni}+{nap} answers > submitted {U}')
            A[i], Nn[i] = im + ni, ni
            answers[GROUP[r]] += im + ni + nap
            na[GROUP[r]] += nap
        a = v.get('attainment', {})
        if set(a) != {'obligated', 'at_100', 'at_95', 'at_90'}:
            err(f'{w}: attainment keys {sorted(a)}')
            continue
        ob, a100, a95, a90 = (count(a[k], f'{w}.attainment.{k}') for k in ('obligated', 'at_100', 'at_95', 'at_90'))
        if not (a100 <= a95 <= a90 <= ob <= U):
            err(f'{w}: attainment {a} out of order (submitted {U})')
        # sheets with a duty: at least the busiest item's, at most every duty on its own sheet
        if not (max(A.values(), default=0) <= ob <= min(U, sum(A.values()))):
            err(f'{w}: {ob} sheets with a duty cannot hold item duties {A}')
        # sheets below 100%: each holds at least one miss and at most one per item
        weak, M, n = ob - a100, sum(Nn.values()), len(its)
        if (weak == 0) != (M == 0) or weak > M or weak < max(Nn.values(), default=0) or weak * n < M:
            err(f'{w}: {weak} sheets below 100% cannot hold the misses {Nn}')
        # one miss costs 1/k: a sheet of fewer than 20 (10) items cannot sit in [95, 100) ([90, 100))
        if n < 20 and a95 != a100:
            err(f'{w}: {n} items, yet {a95 - a100} sheets between 95% and 100%')
        if n < 10 and a90 != a100:
            err(f'{w}: {n} items, yet {a90 - a100} sheets between 90% and 100%')
    # people: everyone holds the staff role; one person may hold several roles
    staff = roles.get('staff', {})
    Tsum = sum(v.get('targets', 0) for v in roles.values())
    if not (PS <= PT <= Tsum):
        err(f'{f}: persons {PS}/{PT} against {Tsum} role targets')
    if PS > staff.get('submitted', 0):
        err(f'{f}: {PS} people complete, but only {staff.get("submitted")} staff sheets submitted')
    incomplete = PT - PS
    if missing and not (max(missing) <= incomplete <= min(PT, sum(missing))):
        err(f'{f}: {incomplete} incomplete people cannot come from non-submitters {missing}')
    for g in GROUPS:
        if answers[g] and Fr(na[g], answers[g]) > Fr(2, 5):
            err(f'{f}: {g}: {na[g]} of {answers[g]} answers not applicable ({100 * na[g] / answers[g]:.1f}% > 40%)')
    orgs.append(d)

# ---- method nisc, exactly
def tenths(x):
    t = math.floor(x * 1000 + Fr(1, 2))
    if t >= 1000 and x < 1:
        t = 999
    elif t == 800 and x < Fr(4, 5):
        t = 799
    elif t == 600 and x < Fr(3, 5):
        t = 599
    return f'{t // 10}.{t % 10}'

def grade(x):
    return 'A' if x == 1 else 'B' if x >= Fr(4, 5) else 'C' if x >= Fr(3, 5) else 'D'

def mean(values):
    values = [v for v in values if v is not None]
    return sum(values, Fr(0)) / len(values)

def role_impl(v, cat=None):
    a = n = 0
    for i, c in v['items'].items():
        if cat is None or category[i] == cat:
            a += c['implemented'] + c['not_implemented']
            n += c['not_implemented']
    return a, n

def grasp(d, g):
    if g == 'all':
        return Fr(d['persons']['submitted_all'], d['persons']['targets'])
    T = sum(v['targets'] for r, v in d['roles'].items() if GROUP[r] == g)
    U = sum(v['submitted'] for r, v in d['roles'].items() if GROUP[r] == g)
    return Fr(U, T) if T else None

def impl(d, g, cat=None):
    if g == 'all':   # each role with an obligated answer counts once
        rates = [Fr(a - n, a) for a, n in (role_impl(v) for v in d['roles'].values()) if a]
        return mean(rates) if rates else None
    a = n = 0
    for r, v in d['roles'].items():
        if GROUP[r] == g:
            ra, rn = role_impl(v, cat)
            a, n = a + ra, n + rn
    return Fr(a - n, a) if a else None

def attainment(d, g, kind, t):
    if kind == 'persons':
        ob = sum(v['attainment']['obligated'] for r, v in d['roles'].items() if GROUP[r] == g)
        at = sum(v['attainment'][THRESHOLDS[t]] for r, v in d['roles'].items() if GROUP[r] == g)
        return Fr(at, ob)
    per_item = {}
    for r, v in d['roles'].items():
        if GROUP[r] == g:
            for i, c in v['items'].items():
                a, n = per_item.get(i, (0, 0))
                per_item[i] = (a + c['implemented'] + c['not_implemented'], n + c['not_implemented'])
    counted = [(a, n) for a, n in per_item.values() if a]
    return Fr(sum(1 for a, n in counted if 100 * (a - n) >= t * a), len(counted))

def rows(name):
    return list(csv.DictReader(open(os.path.join(pub, name), encoding='utf-8')))

def check(what, got, want):
    if got != want:
        err(f'{what}: computed {got}, published {want}')

for r in rows('table-2-2.csv'):
    check(f"table 2-2 grasp {r['group']}", tenths(mean(grasp(d, r['group']) for d in orgs)), r['grasp_rate'])
for r in rows('table-2-3.csv'):
    check(f"table 2-3 implementation {r['group']}", tenths(mean(impl(d, r['group']) for d in orgs)), r['2012'])
for r in rows('table-2-4.csv'):
    check(f"table 2-4 {r['category']}", tenths(mean(impl(d, 'staff', r['category']) for d in orgs)), r['rate'])
by_name = {d['organization']['name']: d for d in orgs}
for r in rows('table-2-5.csv'):
    d = by_name[r['name']]
    check(f"table 2-5 {r['name']}", (grade(grasp(d, 'all')), grade(impl(d, 'all'))),
          (r['grasp_grade'], r['implementation_grade']))
for r in rows('ministry-figures.csv'):
    d = by_name[r['name']]
    v = grasp(d, r['group']) if r['metric'] == 'grasp' else impl(d, r['group'])
    check(f"{r['name']} {r['metric']} {r['group']}", tenths(v), r['rate'])
rc = {r['threshold'] for r in rows('ministry-attainment.csv')
      if (r['name'], r['kind'], r['group']) == ('復興庁', 'persons', 'staff')}
if rc != {'100', '95', '90'}:
    err(f'ministry-attainment.csv: 復興庁 staff (persons) at thresholds {sorted(rc)}, not 100, 95 and 90')
for r in rows('ministry-attainment.csv'):
    d = by_name[r['name']]
    check(f"{r['name']} attainment {r['kind']} {r['group']} {r['threshold']}%",
          tenths(attainment(d, r['group'], r['kind'], int(r['threshold']))), r['rate'])

# ---- the focused inspection: its items and kinds (a line scan after the 'inspection:' key)
kind_of, inside, item = {}, False, None
for line in open(os.path.join(src, 'questionnaires/nisc-2012.yaml'), encoding='utf-8'):
    inside = inside or line.startswith('inspection:')
    m = re.match(r'\s*- id:\s*(\S+)', line)
    if inside and m:
        item = m.group(1)
    m = re.match(r'\s*kind:\s*(\S+)', line)
    if inside and m and item:
        kind_of[item] = m.group(1)
kinds = sorted(set(kind_of.values()))
pool = {i: [0, 0] for i in kind_of}
systems = {k: 0 for k in kinds}
for d in orgs:
    f = d['organization']['code']
    ins = d.get('inspection')
    if not isinstance(ins, dict) or ins.get('reference_date') != '2012-12-01':
        err(f'{f}: no inspection section with the reference date 2012-12-01')
        continue
    ks, its = ins.get('kinds', {}), ins.get('items', {})
    if sorted(ks) != kinds or sorted(its) != sorted(kind_of):
        err(f'{f}: inspection kinds {sorted(ks)} or items {sorted(its)} are not the questionnaire\'s')
        continue
    for k, v in ks.items():
        systems[k] += count(v.get('systems'), f'{f}: {k}.systems')
    for i, c in its.items():
        im, ni, nap = (count(c.get(x), f'{f}: {i}.{x}') for x in ('implemented', 'not_implemented', 'not_applicable'))
        if im + ni + nap > ks[kind_of[i]]['systems']:
            err(f'{f}: {i}: {im}+{ni}+{nap} answers > {ks[kind_of[i]]["systems"]} systems of kind {kind_of[i]}')
        pool[i][0] += im
        pool[i][1] += im + ni
for r in rows('table-2-7.csv'):
    im, ob = pool[r['item']]
    if kind_of.get(r['item']) != r['kind']:
        err(f"table 2-7 {r['item']}: kind {kind_of.get(r['item'])} in the questionnaire, {r['kind']} printed")
    # whole percent, half up, over every organisation's systems
    check(f"table 2-7 {r['item']} ({im} of {ob} systems)", str(int(Fr(100 * im, ob) + Fr(1, 2))) if ob else '', r['rate'])
for r in rows('servers.csv'):
    n = systems[r['kind']]
    check(f"about {r['about']} {r['kind']}s ({n})", str((n + 5) // 10 * 10), r['about'])

if errors:
    print('\n'.join(errors[:60]), file=sys.stderr)
    sys.exit(f'{len(errors)} problem(s)')
print('21 tallies checked; the published figures recomputed')
PY
