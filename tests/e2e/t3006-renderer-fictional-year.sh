#!/usr/bin/env bash
# A year the renderer has never seen: a fictional FY2031 whose organisations all have long
# names (Japanese and English) and one of which falls below the government-wide rate on most
# items. Both reports come out whole: no text cut short with an ellipsis, every name in full on
# every figure that lists the organisations, each "N items … the lowest M are listed" followed
# by M rows, and the PDF checks of pdfcheck.py (no page ending with a heading, nothing
# printed over anything else, tagged, links, labels).
source "$(dirname "$0")/lib.sh"

T="$WORK/tallies"
N="$WORK/national.db"
python3 "$SRC_DIR/tests/data/renderer/fictional-year.py" "$SRC_DIR/samples/h24" 2031 "$T" || fail "generator"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2031 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$T"/*.yaml
for lang in ja en; do
	expect_status 0 "$RENDERER" report --db "$N" --year 2031 --lang "$lang" -o "$WORK/$lang.pdf"
	python3 "$SRC_DIR/tests/e2e/pdfcheck.py" "$WORK/$lang.pdf" "$lang" > "$WORK/check.txt" || fail "$lang: $(cat "$WORK/check.txt")"
done

python3 - "$WORK" "$T" <<'PY'
import os, re, subprocess, sys
w, tallies = sys.argv[1], sys.argv[2]
for lang in ('ja', 'en'):
    key = 'name' if lang == 'ja' else 'name_en'
    names = []
    for f in sorted(os.listdir(tallies)):
        t = open(os.path.join(tallies, f), encoding='utf-8').read()
        names.append(re.search(r'^  %s: "?([^"\n]*)"?$' % key, t, re.M).group(1))
    text = subprocess.run(['pdftotext', os.path.join(w, lang + '.pdf'), '-'], capture_output=True, text=True).stdout
    assert '…' not in text and '...' not in text, (lang, 'text cut short')
    pages = text.split('\f')
    # the figures that list every organisation: heat map, grade matrix, five bar charts
    caps = ['参考図 ２-%s' % k for k in ('２', '４', '５', '６', '７', '８', '９')] if lang == 'ja' else \
           ['Reference figure 2-%d ' % k for k in (2, 4, 5, 6, 7, 8, 9)]
    for cap in caps:
        page = next(p for p in pages if cap in p)
        flat = re.sub(r'\s+', '', page)
        for nm in names:
            assert re.sub(r'\s+', '', nm) in flat, (lang, cap, 'drops', nm)
    # "N items below …; the lowest M are listed": M rows follow (item ids) before the next part
    flat = text
    lead = r'(\d+)項目であり、実施率の低いものから(\d+)項目を以下に示す' if lang == 'ja' else \
           r'(\d+) check items were below the government-wide implementation rate; the lowest (\d+) are listed'
    found, most = 0, 0
    for m in re.finditer(lead, re.sub(r'\s+', ' ', flat) if lang == 'en' else re.sub(r'\s+', '', flat)):
        found += 1
        n, shown = int(m.group(1)), int(m.group(2))
        assert shown == min(n, 8), (lang, n, shown)
        most = max(most, n)
    assert found >= 15, (lang, 'low item leads', found)
    assert most >= 20, (lang, 'the organisation that fell behind', most)
    # rows: in each ministry's section, the item ids of its low items table
    secs = re.split(r'\n(?=\d+ \S)', text)
    for sec in secs:
        m = re.search(lead, re.sub(r'\s+', ' ', sec) if lang == 'en' else re.sub(r'\s+', '', sec))
        if not m:
            continue
        cap = '政府機関全体の実施率を下回った点検項目' if lang == 'ja' else 'check items below the government-wide implementation rate'
        start = re.sub(r'\s+', ' ', sec).find(cap)
        part = re.sub(r'\s+', ' ', sec)[start:]
        end = min([i for i in (part.find('重点検査の結果'), part.find('results of the focused inspection')) if i > 0] or [len(part)])
        ids = re.findall(r'(?<![\w-])[SOY]-\d\d(?![\w-])', part[:end])
        assert len(ids) == int(m.group(2)), (lang, m.group(0), len(ids))
PY
[ $? -eq 0 ] || fail "fictional year"
