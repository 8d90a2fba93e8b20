#!/usr/bin/env python3
"""Writes samples/agencies/*.yaml (one tally file per body for the FY2012 round of the agencies'
survey, 資料編F) and samples/history-agencies.yaml (the published shares of the two earlier
rounds), so that the compiled shares and N reproduce the published ones exactly.

The published figures (shares in integer percent and N per round) are copied from the FY2012
annual report's 資料編F; the bodies, their names and which body gave which answer are made up:
the report publishes only the totals. Run from the repository root:
    python3 samples/generate/gen_agencies.py
"""
import itertools
import os
import random
import sys

# Rounds: fiscal year 2010 (survey at the end of March 2011, "H23"), 2011 ("H24"), 2012 ("H25").
ROUNDS = [2010, 2011, 2012]
POPULATION = 191

# item: (multiple, {round: (N, shares)})
PUBLISHED = {
    "AG-01": (False, {2010: (194, [71, 26, 3]), 2011: (192, [82, 17, 1]), 2012: (191, [87, 12, 1])}),
    "AG-02": (False, {2010: (194, [90, 4, 6, 1]), 2011: (192, [92, 3, 5, 0]), 2012: (191, [95, 2, 3, 0])}),
    "AG-03": (False, {2010: (173, [13, 68, 19]), 2011: (176, [14, 75, 11]), 2012: (182, [16, 76, 8])}),
    "AG-04": (False, {2010: (174, [39, 40, 21]), 2011: (176, [45, 35, 20]), 2012: (182, [46, 36, 18])}),
    "AG-05": (True, {2010: (212, [30, 32, 7, 9, 3, 9, 10]), 2011: (212, [29, 35, 8, 9, 3, 10, 5]),
                     2012: (225, [25, 34, 11, 12, 4, 9, 4])}),
    "AG-06": (False, {2010: (194, [63, 24, 13, 1]), 2011: (192, [66, 21, 13, 0]), 2012: (191, [71, 18, 10, 0])}),
    "AG-07": (False, {2010: (194, [19, 78, 3]), 2011: (192, [19, 78, 3]), 2012: (191, [14, 84, 2])}),
    "AG-08": (False, {2010: (194, [23, 65, 12]), 2011: (192, [23, 66, 10]), 2012: (191, [26, 65, 8])}),
    "AG-09": (True, {2010: (468, [27, 23, 27, 17, 2, 3]), 2011: (472, [27, 24, 28, 15, 3, 3]),
                     2012: (481, [28, 25, 28, 15, 3, 2])}),
    "AG-10": (True, {2010: (228, [39, 57, 3, 0]), 2011: (226, [42, 57, 1, 0]), 2012: (227, [43, 56, 2, 0])}),
    "AG-11": (False, {2010: (192, [25, 69, 4, 1, 2]), 2011: (192, [30, 66, 5, 0, 0]), 2012: (191, [34, 63, 4, 0, 0])}),
    "AG-12": (False, {2010: (194, [20, 24, 54, 3]), 2011: (196, [24, 29, 43, 4]), 2012: (191, [34, 24, 38, 5])}),
    "AG-13": (False, {2010: (83, [88, 8, 4]), 2011: (100, [89, 7, 4]), 2012: (110, [97, 3, 0])}),
    "AG-14": (False, {2010: (194, [23, 38, 35, 5]), 2011: (192, [35, 34, 27, 4]), 2012: (191, [48, 28, 20, 4])}),
    "AG-15": (False, {2012: (82, [70, 10, 21])}),
}
# The eight-measure table (rates per round) and the item each row reads.
TABLE = {"AG-02": [90, 92, 95], "AG-03": [81, 89, 92], "AG-04": [79, 80, 82], "AG-01": [97, 99, 99],
         "AG-08": [88, 90, 92], "AG-07": [97, 97, 98], "AG-10": [100, 100, 100], "AG-09": [92, 94, 96]}
IMPLEMENTED = {"AG-01": {1, 2}, "AG-02": {1}, "AG-03": {1, 2}, "AG-04": {1, 2}, "AG-05": {1, 2, 3, 4, 5, 6},
               "AG-06": {1}, "AG-07": {1, 2}, "AG-08": {1, 2}, "AG-09": {1, 2, 3, 4, 5}, "AG-10": {1, 2, 3},
               "AG-11": {1, 2, 3}, "AG-13": {1}, "AG-15": {1}}
ALONE = {"AG-05": 7, "AG-09": 6, "AG-10": 4}
ITEMS = list(PUBLISHED)


def half_up(count, n):
    return (200 * count + n) // (2 * n)


def ranges(n, shares):
    out = []
    for s in shares:
        r = [c for c in range(n + 1) if half_up(c, n) == s]
        if not r:
            sys.exit(f"no count of {n} rounds to {s}%")
        out.append(r)
    return out


def solve(n, shares, accept):
    """Counts per option summing to n with the published shares, the first that accept() takes."""
    rs = ranges(n, shares)
    for combo in itertools.product(*rs):
        if sum(combo) == n and accept(combo):
            return list(combo)
    sys.exit(f"no counts for N={n} shares={shares}")


def counts_2012():
    c = {}
    y = 2012
    n = lambda i: PUBLISHED[i][1][y][0]
    sh = lambda i: PUBLISHED[i][1][y][1]
    rate = lambda i: TABLE[i][2]
    c["AG-02"] = solve(n("AG-02"), sh("AG-02"), lambda x: x[0] == n("AG-03") and half_up(x[0], sum(x)) == rate("AG-02"))
    for i in ["AG-01", "AG-03", "AG-04", "AG-07", "AG-08"]:
        c[i] = solve(n(i), sh(i), lambda x, i=i: half_up(sum(x[k - 1] for k in IMPLEMENTED[i]), sum(x)) == rate(i))
    c["AG-06"] = solve(n("AG-06"), sh("AG-06"), lambda x: True)
    c["AG-11"] = solve(n("AG-11"), sh("AG-11"), lambda x: True)
    c["AG-12"] = solve(n("AG-12"), sh("AG-12"), lambda x: x[0] + x[1] == n("AG-13"))
    c["AG-13"] = solve(n("AG-13"), sh("AG-13"), lambda x: True)
    c["AG-14"] = solve(n("AG-14"), sh("AG-14"), lambda x: x[0] >= n("AG-15"))
    c["AG-15"] = solve(n("AG-15"), sh("AG-15"), lambda x: True)
    # Multiple choices: N counts answers. The option that stands alone is picked by bodies that
    # pick nothing else; the table's rate is the share of bodies that picked any other option.
    for i in ["AG-05", "AG-09", "AG-10"]:
        alone = ALONE[i]
        def ok(x, i=i, alone=alone):
            rest = POPULATION - x[alone - 1]
            if sum(x) - x[alone - 1] < rest or max(x) > POPULATION:
                return False
            return i not in TABLE or half_up(rest, POPULATION) == rate(i)
        c[i] = solve(n(i), sh(i), ok)
    return c


def assign(counts):
    """Each body's answer to each item: an option number, a set of them, or None (not asked)."""
    rng = random.Random(2013)
    bodies = list(range(POPULATION))
    ans = {i: [None] * POPULATION for i in ITEMS}

    def deal(item, who, cnt):
        who = list(who)
        rng.shuffle(who)
        pos = 0
        for opt, k in enumerate(cnt, 1):
            for b in who[pos:pos + k]:
                ans[item][b] = opt
            pos += k
        return who[pos:]                 # asked but not answering

    for i in ["AG-01", "AG-02", "AG-06", "AG-07", "AG-08", "AG-11", "AG-12", "AG-14"]:
        assert not deal(i, bodies, counts[i])
    with_policy = [b for b in bodies if ans["AG-02"][b] == 1]
    assert not deal("AG-03", with_policy, counts["AG-03"])
    assert not deal("AG-04", with_policy, counts["AG-04"])
    attacked = [b for b in bodies if ans["AG-12"][b] in (1, 2)]
    assert not deal("AG-13", attacked, counts["AG-13"])
    cloud = [b for b in bodies if ans["AG-14"][b] == 1]
    deal("AG-15", cloud, counts["AG-15"])  # some bodies that use cloud services left it unanswered
    for i, alone in ALONE.items():
        cnt = counts[i]
        who = bodies[:]
        rng.shuffle(who)
        lone = who[:cnt[alone - 1]]
        rest = who[cnt[alone - 1]:]
        for b in lone:
            ans[i][b] = {alone}
        picks = [opt for opt in range(1, len(cnt) + 1) if opt != alone for _ in range(cnt[opt - 1])]
        # every remaining body gets one pick first, then the rest dealt round the bodies;
        # picks sorted by option never give one body the same option twice (each count <= bodies)
        sets = {b: set() for b in rest}
        for k, opt in enumerate(picks):
            sets[rest[k % len(rest)]].add(opt)
        assert sum(len(s) for s in sets.values()) == len(picks), i
        for b, s in sets.items():
            ans[i][b] = s
    return ans


MINISTRIES = [("cao", 4), ("fsa", 1), ("caa", 1), ("mic", 5), ("moj", 1), ("mofa", 3), ("mof", 4), ("mext", 23),
              ("mhlw", 16), ("maff", 13), ("meti", 11), ("mlit", 16), ("env", 2), ("mod", 1)]


def bodies_list():
    out = []
    k = 0
    for sup, n in MINISTRIES:
        for _ in range(n):
            k += 1
            out.append((f"ag{k:03d}", f"見本独立行政法人{k:03d}", f"Sample agency {k:03d}", "agency", sup))
    for j in range(1, POPULATION - k + 1):
        out.append((f"nu{j:02d}", f"見本国立大学法人{j:02d}", f"Sample national university corporation {j:02d}",
                    "national_university", "mext"))
    assert len(out) == POPULATION
    return out


OPTIONS = {i: len(PUBLISHED[i][1][2012][1]) for i in ITEMS}


def write_tallies(ans, outdir):
    os.makedirs(outdir, exist_ok=True)
    for f in os.listdir(outdir):
        if f.endswith(".yaml"):
            os.remove(os.path.join(outdir, f))
    for b, (code, name, name_en, kind, sup) in enumerate(bodies_list()):
        impl = oblig = 0
        lines = []
        for i in ITEMS:
            a = ans[i][b]
            opts = [0] * OPTIONS[i]
            resp = 0
            im = ni = 0
            if a is not None:
                picked = a if isinstance(a, set) else {a}
                resp = 1
                for o in picked:
                    opts[o - 1] += 1
                if i in IMPLEMENTED:
                    if picked & IMPLEMENTED[i]:
                        im = 1
                    else:
                        ni = 1
            impl += im
            oblig += im + ni
            lines.append(f"      {i}: {{implemented: {im}, not_implemented: {ni}, not_applicable: 0, "
                         f"choices: {{respondents: {resp}, n: {sum(opts)}, options: [{', '.join(map(str, opts))}]}}}}")
        at = [1 if oblig and 100 * impl >= t * oblig else 0 for t in (100, 95, 90)]
        with open(os.path.join(outdir, f"{code}.yaml"), "w") as f:
            f.write("# Generated by samples/generate/gen_agencies.py: a made-up body whose answers, with\n"
                    "# the other 190, reproduce the published FY2012 round of the agencies' survey.\n")
            f.write(f"format: selfcheck-tally/2\nfiscal_year: 2012\norganization:\n  code: {code}\n"
                    f"  name: \"{name}\"\n  name_en: \"{name_en}\"\n  kind: {kind}\n  supervisor: {sup}\n"
                    "questionnaire: agencies-2012\npersons:\n  targets: 1\n  submitted_all: 1\nroles:\n"
                    "  chief_officer:\n    targets: 1\n    submitted: 1\n"
                    f"    attainment: {{obligated: {1 if oblig else 0}, at_100: {at[0]}, at_95: {at[1]}, at_90: {at[2]}}}\n"
                    "    items:\n")
            f.write("\n".join(lines) + "\n")


def write_history(path):
    with open(path, "w") as f:
        f.write("""# The published earlier rounds of the agencies' survey (資料編F of the FY2012 annual report):
# per item the N of each round, each option's share in whole percent as printed, and the rate
# of the report's eight-measure table where it has a row. Fiscal year 2010 is the round of the
# end of March 2011 (printed H23), 2011 that of the end of March 2012 (H24). Generated by
# samples/generate/gen_agencies.py.
format: selfcheck-history/2
years:
""")
        for y in ROUNDS[:2]:
            f.write(f"  - fiscal_year: {y}\n    choices:\n")
            for i in ITEMS:
                if y not in PUBLISHED[i][1]:
                    continue
                n, shares = PUBLISHED[i][1][y]
                rate = f", rate: {TABLE[i][ROUNDS.index(y)]}" if i in TABLE else ""
                f.write(f"      {i}: {{n: {n}, shares: [{', '.join(map(str, shares))}]{rate}}}\n")


def write_published(path):
    """The published values as one CSV for the tests: round, item, option, share, n, rate."""
    with open(path, "w") as f:
        f.write("fiscal_year,item,option,share,n,rate\n")
        for i in ITEMS:
            for y, (n, shares) in sorted(PUBLISHED[i][1].items()):
                rate = TABLE[i][ROUNDS.index(y)] if i in TABLE else ""
                for o, s in enumerate(shares, 1):
                    f.write(f"{y},{i},{o},{s},{n},{rate}\n")


def main():
    counts = counts_2012()
    ans = assign(counts)
    # check: recount from the answers
    for i in ITEMS:
        cnt = [0] * OPTIONS[i]
        for a in ans[i]:
            for o in (a if isinstance(a, set) else ({a} if a else set())):
                cnt[o - 1] += 1
        n, shares = PUBLISHED[i][1][2012]
        assert sum(cnt) == n and [half_up(c, n) for c in cnt] == shares, (i, cnt)
    write_tallies(ans, "samples/agencies")
    write_history("samples/history-agencies.yaml")
    write_published("tests/data/agencies-published.csv")
    for i in ITEMS:
        print(i, counts[i], file=sys.stderr)


if __name__ == "__main__":
    main()
