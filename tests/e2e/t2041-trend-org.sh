#!/usr/bin/env bash
# aggregator trend --org: one organisation against its previous years. Two compiled years
# (tally files of format /2) and two published ones (history of format /2, one of them under
# the pooled method) for 環境省; the csv must equal values computed here independently from
# the same counts (exact fractions, one decimal half up, never up to an unreached grade
# threshold), with the years of nothing known marked none and the series breaks where the
# history declares one and where the method changes. Unknown organisations and bad spans are
# refused.
source "$(dirname "$0")/lib.sh"

N="$WORK/national.db"
Q="$SRC_DIR/tests/data/survey-mini.yaml"

# The counts, written as tally files and kept for the independent computation.
python3 - "$WORK" <<'PY'
import json, os, sys
w = sys.argv[1]
# role -> (targets, submitted, attainment (obligated, at_100, at_95, at_90), {item: (impl, not, na)})
data = {
    ("env", 2025): {
        "persons": (120, 113),
        "roles": {
            "staff": (120, 115, (115, 80, 90, 100),
                      {"S-01": (110, 5, 0), "S-02": (100, 10, 5), "S-03": (115, 0, 0)}),
            "division_officer": (10, 9, (9, 7, 7, 8), {"S-02": (9, 0, 0), "O-01": (7, 2, 0)}),
            "system_admin": (3, 3, (3, 3, 3, 3), {"Y-01": (3, 0, 0)}),
        },
    },
    ("env", 2026): {
        "persons": (125, 125),
        "roles": {
            "staff": (125, 125, (125, 125, 125, 125),
                      {"S-01": (125, 0, 0), "S-02": (125, 0, 0), "S-03": (125, 0, 0)}),
            "division_officer": (10, 10, (10, 8, 9, 10), {"S-02": (10, 0, 0), "O-01": (8, 2, 0)}),
            "system_admin": (3, 3, (3, 2, 2, 2), {"Y-01": (2, 1, 0)}),
        },
    },
    ("moj", 2026): {
        "persons": (40, 20),
        "roles": {
            "staff": (40, 20, (20, 1, 2, 3), {"S-01": (1, 19, 0), "S-02": (1, 19, 0), "S-03": (1, 19, 0)}),
        },
    },
}
names = {"env": ("環境省", 20), "moj": ("法務省", 8)}
for (org, year), d in data.items():
    lines = ["format: selfcheck-tally/2", f"fiscal_year: {year}",
             f"organization: {{code: {org}, name: {names[org][0]}, order: {names[org][1]}}}",
             "questionnaire: survey-mini",
             f"persons: {{targets: {d['persons'][0]}, submitted_all: {d['persons'][1]}}}", "roles:"]
    for role, (t, s, a, items) in d["roles"].items():
        lines += [f"  {role}:", f"    targets: {t}", f"    submitted: {s}",
                  f"    attainment: {{obligated: {a[0]}, at_100: {a[1]}, at_95: {a[2]}, at_90: {a[3]}}}",
                  "    items:"]
        lines += [f"      {i}: {{implemented: {c[0]}, not_implemented: {c[1]}, not_applicable: {c[2]}}}"
                  for i, c in items.items()]
    with open(os.path.join(w, f"{org}-{year}.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
with open(os.path.join(w, "counts.json"), "w") as f:
    json.dump({f"{o} {y}": d for (o, y), d in data.items()}, f)
PY

cat >"$WORK/history.yaml" <<'YAML'
format: selfcheck-history/2
source: {ja: 年次報告, en: Annual report}
series_breaks:
  - fiscal_year: 2024
    note: {ja: 点検項目を改めたため比べられない。, en: The items were revised.}
organizations:
  - {code: env, name: 環境省, name_en: Ministry of the Environment, order: 20}
years:
  - fiscal_year: 2023
    method: nisc
    organizations:
      env:
        grasp: {all: 96.4}
        implementation: {officers: 98.0, system_officers: 95.6, staff: 91.0}
        attainment_items: {staff: {100: 50.0, 95: 66.7, 90: 83.3}}
        grades: {grasp: B, implementation: B}
  - fiscal_year: 2024
    method: pooled
    organizations:
      env:
        implementation: {all: 97.2}
        attainment_persons: {all: {100: 88.0}}
  - fiscal_year: 2025
    organizations:
      env: {implementation: {staff: 10.0}}
YAML

expect_status 0 "$AGGREGATOR" history import --db "$N" "$WORK/history.yaml"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2025 --questionnaire "$Q" "$WORK/env-2025.yaml"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2026 --questionnaire "$Q" "$WORK/env-2026.yaml" "$WORK/moj-2026.yaml"

expect_status 0 "$AGGREGATOR" trend --db "$N" --org env --from 2022 --to 2026 --format csv
cp "$WORK/out" "$WORK/env.csv"
expect_status 0 "$AGGREGATOR" trend --db "$N" --org env --from 2022 --to 2026 --format csv --method pooled
cp "$WORK/out" "$WORK/env-pooled.csv"

python3 - "$WORK" <<'PY'
import csv, json, math, os, sys
from fractions import Fraction as F
w = sys.argv[1]
counts = json.load(open(os.path.join(w, "counts.json")))
GROUP = {"staff": "staff", "division_officer": "officers", "system_admin": "system_officers"}
THRESHOLDS = (100, 95, 90)

def show(v):
    """One decimal half up; never up to a grade threshold (100/80/60) not reached."""
    if v is None:
        return ""
    x = v * 1000
    q = math.floor(x + F(1, 2))
    for t in (1000, 800, 600):
        if q >= t and x < t:
            q = t - 1
    return f"{q // 10}.{q % 10}"

def grade(v):
    return "" if v is None else "A" if v >= 1 else "B" if v >= F(8, 10) else "C" if v >= F(6, 10) else "D"

def ratio(a, b):
    return F(a, b) if b else None

def expected(org, year, method):
    d = counts[f"{org} {year}"]
    roles = d["roles"]
    rows = {}
    for g in ("officers", "system_officers", "staff", "all"):
        rs = [r for r in roles if g == "all" or GROUP[r] == g]
        if not rs:
            continue
        tg = sum(roles[r][0] for r in rs)
        sb = sum(roles[r][1] for r in rs)
        impl = sum(c[0] for r in rs for c in roles[r][3].values())
        obl = sum(c[0] + c[1] for r in rs for c in roles[r][3].values())
        grasp, rate = ratio(sb, tg), ratio(impl, obl)
        if g == "all" and method == "nisc":
            grasp = ratio(d["persons"][1], d["persons"][0])
            per_role = [ratio(sum(c[0] for c in roles[r][3].values()),
                              sum(c[0] + c[1] for c in roles[r][3].values())) for r in rs]
            per_role = [v for v in per_role if v is not None]
            rate = sum(per_role) / len(per_role)
        items = {}
        for r in rs:
            for i, c in roles[r][3].items():
                a = items.setdefault(i, [0, 0])
                a[0] += c[0]
                a[1] += c[0] + c[1]
        rated = [F(a, b) for a, b in items.values() if b]
        att = [ratio(sum(1 for v in rated if v * 100 >= t), len(rated)) for t in THRESHOLDS]
        pobl = sum(roles[r][2][0] for r in rs)
        patt = [ratio(sum(roles[r][2][k + 1] for r in rs), pobl) for k in range(3)]
        rows[g] = [show(grasp), grade(grasp), show(rate), grade(rate)] + [show(v) for v in att] + \
                  [show(v) for v in patt]
    return rows

def check(path, method_2025, method_2026, breaks):
    got = list(csv.DictReader(open(path, encoding="utf-8")))
    cols = ["grasp_rate", "grasp_grade", "implementation_rate", "implementation_grade",
            "attainment_100", "attainment_95", "attainment_90",
            "persons_attainment_100", "persons_attainment_95", "persons_attainment_90"]
    # a row per year and listed group: the three subject groups (known in some year) and all
    assert [(r["fiscal_year"], r["group"]) for r in got] == \
        [(str(y), g) for y in range(2022, 2027) for g in ("officers", "system_officers", "staff", "all")], got
    by = {(int(r["fiscal_year"]), r["group"]): r for r in got}
    for y in range(2022, 2027):
        for g in ("officers", "system_officers", "staff", "all"):
            r = by[(y, g)]
            assert r["organization"] == "env", r
            assert r["series_break"] == ("before" if y in breaks else ""), (y, r)
    # FY2022: nothing known
    for g in ("officers", "system_officers", "staff", "all"):
        r = by[(2022, g)]
        assert r["source"] == "none" and r["method"] == "" and all(r[c] == "" for c in cols), r
    # FY2023: published, nisc; the grade of the whole published without its rate
    want = {"officers": ["", "", "98.0", "B"] + [""] * 6,
            "system_officers": ["", "", "95.6", "B"] + [""] * 6,
            "staff": ["", "", "91.0", "B", "50.0", "66.7", "83.3", "", "", ""],
            "all": ["96.4", "B", "", "B"] + [""] * 6}
    for g, v in want.items():
        r = by[(2023, g)]
        assert [r[c] for c in cols] == v, (g, r)
        assert r["source"] == "history" and r["method"] == "nisc", r
    # FY2024: published under the pooled method, only the whole
    r = by[(2024, "all")]
    assert [r[c] for c in cols] == ["", "", "97.2", "B", "", "", "", "88.0", "", ""], r
    assert r["source"] == "history" and r["method"] == "pooled", r
    for g in ("officers", "system_officers", "staff"):
        assert by[(2024, g)]["source"] == "none", by[(2024, g)]
    # FY2025, FY2026: from the tallies, not the history row (staff 10.0)
    for y, m in ((2025, method_2025), (2026, method_2026)):
        exp = expected("env", y, m)
        for g in ("officers", "system_officers", "staff", "all"):
            r = by[(y, g)]
            assert [r[c] for c in cols] == exp[g], (y, g, [r[c] for c in cols], exp[g])
            assert r["source"] == "tally" and r["method"] == m, r

check(os.path.join(w, "env.csv"), "nisc", "nisc", {2024, 2025})
check(os.path.join(w, "env-pooled.csv"), "pooled", "pooled", {2024})
# the values that tell the methods apart: 2025 grasp of the whole counts persons under nisc
e = expected("env", 2025, "nisc")["all"]
assert e[0] == "94.2" and expected("env", 2025, "pooled")["all"][0] == "95.5", e
PY

# The same grid as json and, for reading, as a table with the break notes and the source.
expect_status 0 "$AGGREGATOR" trend --db "$N" --org env --from 2024 --to 2026 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["rows"]) == 12, d; assert d["rows"][3]["source"] == "history", d' "$WORK/out"
expect_status 0 "$AGGREGATOR" trend --db "$N" --org env --from 2022 --to 2026
expect_grep "| 令和6年度の前で系列が断絶: 点検項目を改めたため比べられない。 算出方法が変わった（主体ごとの平均（NISC方式）→全回答の合算）。" "$WORK/out"
expect_grep "| 令和7年度の前で系列が断絶: 算出方法が変わった（全回答の合算→主体ごとの平均（NISC方式））。" "$WORK/out"
expect_grep "過去の数値の出典: 年次報告" "$WORK/out"
expect_grep "2022  env   全体" "$WORK/out"
expect_status 0 "$AGGREGATOR" trend --db "$N" --org env --from 2025 --to 2025 --lang en
expect_grep "Persons attainment 100%" "$WORK/out"
grep -qE "^2025 +env +All +94.2% +B +" "$WORK/out" || fail "no English row of the whole in: $(cat "$WORK/out")"
expect_no_grep "series break" "$WORK/out"

# Another organisation's counts do not leak in; one with no history at all.
expect_status 0 "$AGGREGATOR" trend --db "$N" --org moj --from 2025 --to 2026 --format csv
expect_grep "2025,moj,all,,,,,,,,,,,none,," "$WORK/out"
expect_grep "2026,moj,staff,50.0,D,5.0,D,0.0,0.0,0.0,5.0,10.0,15.0,tally,nisc," "$WORK/out"
expect_grep "2026,moj,all,50.0,D,5.0,D,0.0,0.0,0.0,5.0,10.0,15.0,tally,nisc," "$WORK/out"
expect_no_grep "officers" "$WORK/out"

# Errors: an organisation the store does not know (exit 2, nothing on stdout), a bad span or
# a missing option (usage, exit 1), a store that does not exist.
expect_status 2 "$AGGREGATOR" trend --db "$N" --org mof --from 2025 --to 2026
expect_grep "national.db: organisation 'mof' is not in the store" "$WORK/err"
expect_equal 0 "$(wc -c <"$WORK/out")" "stdout of a refused trend"
expect_status 2 "$AGGREGATOR" trend --db "$N" --org "$(printf 'x\033[31m')" --from 2025 --to 2026
expect_grep "organisation 'x�[31m' is not in the store" "$WORK/err"
expect_no_grep "$(printf '\033')" "$WORK/err"
expect_status 1 "$AGGREGATOR" trend --db "$N" --org env --from 2026 --to 2025
expect_grep "--from 2026 comes after --to 2025" "$WORK/err"
expect_status 1 "$AGGREGATOR" trend --db "$N" --org env --from 2025
expect_status 1 "$AGGREGATOR" trend --db "$N" --org env --from 2025 --to 2026 --format xml
expect_status 2 "$AGGREGATOR" trend --db "$WORK/none.db" --org env --from 2025 --to 2026
