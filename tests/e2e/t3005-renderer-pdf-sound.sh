#!/usr/bin/env bash
# The FY2012 report in both languages, with the ministries' texts and the practices, is a
# sound tagged PDF that a printer and a screen reader can take as it is (tests/e2e/pdfcheck.py):
# qpdf --check passes without a warning; it is tagged, names its language and gives every
# figure an alternative text that states the figure's message and values; every contents
# entry links to a named destination that exists; the page labels are the printed folios;
# the bookmarks nest as the headings do; no page ends with a heading and no word is printed
# over another.
source "$(dirname "$0")/lib.sh"

N="$WORK/national.db"
S="$SRC_DIR/samples"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$S"/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$S/history.yaml"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --narratives "$S/narratives" --practices "$S/practices/h24.yaml" -o "$WORK/ja.pdf"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang en --narratives "$S/narratives" --practices "$S/practices/h24.en.yaml" -o "$WORK/en.pdf"

python3 "$SRC_DIR/tests/e2e/pdfcheck.py" "$WORK/ja.pdf" ja > "$WORK/check.txt" || fail "ja: $(cat "$WORK/check.txt")"
python3 "$SRC_DIR/tests/e2e/pdfcheck.py" "$WORK/en.pdf" en > "$WORK/check.txt" || fail "en: $(cat "$WORK/check.txt")"

# The contents page links to as many headings as it lists, each at its heading's page.
PYTHONPATH="$SRC_DIR/tests/e2e" python3 - "$WORK/ja.pdf" "$WORK/en.pdf" <<'PY'
import re, subprocess, sys, os
import qdf
for pdf in sys.argv[1:]:
    objs, pages = qdf.read(pdf)
    # named destinations: name -> page number
    dests = {}
    for v in objs.values():
        for m in re.finditer(r'\((h\d+)\)\s*\[\s*(\d+) 0 R', v):
            dests[m.group(1)] = pages.index(int(m.group(2))) + 1
    links = [re.search(r'/Dest \((h\d+)\)', objs[int(r)]) for r in re.findall(r'(\d+) 0 R', re.search(r'/Annots \[(.*?)\]', objs[pages[1]], re.S).group(1))]
    assert links and all(links), (pdf, 'contents entries without a named destination')
    toc = subprocess.run(['pdftotext', '-f', '2', '-l', '2', '-layout', pdf, '-'], capture_output=True, text=True).stdout
    numbers = [int(n) for n in re.findall(r'(\d+)\s*$', toc, re.M) if int(n) < 1000]
    assert len(links) == len(numbers) >= 25, (pdf, len(links), len(numbers))
    for m, n in zip(links, numbers):
        # the printed folio n is page n + 1 (after the cover)
        assert dests[m.group(1)] == n + 1, (pdf, m.group(1), dests[m.group(1)], n)
    # bookmarks nest: the ministries sit three levels down, under Section 2 under Part 2
    xml = subprocess.run(['pdftohtml', '-q', '-xml', '-i', '-stdout', pdf], capture_output=True, text=True).stdout
    depth, at = 0, {}
    for tok in re.findall(r'<outline>|</outline>|<item page="\d+">[^<]*</item>', xml):
        if tok == '<outline>': depth += 1
        elif tok == '</outline>': depth -= 1
        else: at[re.sub(r'<[^>]*>', '', tok)] = depth
    key = '20 環境省' if 'ja.pdf' in pdf else '20 Ministry of the Environment'
    assert at.get(key) == 3, (pdf, key, at.get(key))
PY
[ $? -eq 0 ] || fail "contents links and bookmarks"

# A figure's alternative text names every ministry with its value (figure 2-5).
qpdf --qdf --object-streams=disable "$WORK/en.pdf" "$WORK/q.pdf"
python3 - "$WORK/q.pdf" <<'PY'
import re, sys
d = open(sys.argv[1], 'rb').read().decode('latin-1')
alts = [bytes.fromhex(h).decode('utf-16') for h in re.findall(r'/Alt <([0-9a-fA-F]+)>', d)]
fig = next(a for a in alts if a.startswith('Reference figure 2-5'))
assert 'All-groups average 98.5%' in fig and 'Lowest: Reconstruction Agency at 78.5%' in fig, fig[:300]
assert 'Ministry of the Environment 96.4%' in fig and 'Ministry of Defense 100.0%' in fig, fig
PY
[ $? -eq 0 ] || fail "figure alternative text"
