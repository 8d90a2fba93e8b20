#!/usr/bin/env bash
# The reports use the terms of docs/glossary.md: one English name for each Japanese term,
# in the templates' text, in the renderer's own labels and in the charts. The English report
# is English throughout (no Japanese text left untranslated).
source "$(dirname "$0")/lib.sh"

N="$WORK/national.db"
S="$SRC_DIR/samples"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$S"/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$S/history.yaml"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --narratives "$S/narratives" --practices "$S/practices/h24.yaml" -o "$WORK/ja.pdf"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang en --narratives "$S/narratives" --practices "$S/practices/h24.en.yaml" -o "$WORK/en.pdf"
pdftotext "$WORK/ja.pdf" "$WORK/ja.txt"
pdftotext "$WORK/en.pdf" "$WORK/en.txt"

python3 - "$WORK" <<'PY'
import re, sys, os
w = sys.argv[1]
ja = open(os.path.join(w, 'ja.txt'), encoding='utf-8').read()
en = open(os.path.join(w, 'en.txt'), encoding='utf-8').read()
flat = re.sub(r'\s+', ' ', en)
# English throughout: only ASCII and the bullet.
other = sorted(set(re.findall(r'[^\x00-\x7f•]', en)))
assert not other, ('non-English characters in the English report', other)
# one name per term
for term in ('All-groups average', 'Not applicable', 'Government-wide', 'grasp rate', 'implementation rate',
             'attainment', 'focused inspection', 'Table 2-8'):
    assert term.lower() in flat.lower(), ('missing', term)
for drift in ('All groups average', 'no answers', 'Government-wide value', 'by organisation', 'Organisation',
              'Government\n', 'Impl. rate\n(All'):
    assert drift not in en, ('a second name', drift)
assert '政府全体' not in ja, '政府全体: the glossary writes 政府機関全体'
assert '全主体平均' in ja and '政府機関全体' in ja
PY
[ $? -eq 0 ] || fail "terms"
