#!/usr/bin/env bash
# A ministry's section has a place for every part of the published sections: B) with ア) the
# self-check, イ) information systems, ウ) audit, エ) education, オ) other measures, and C)
# incidents, numbered without gaps when a ministry leaves a part out; the national part has
# the recommended practices and table 2-8 from a practices file. The English report prints
# the English texts and marks a text that has no translation; it has the same headings,
# tables and figures as the Japanese one. Bad narrative and practices files are refused with
# FILE:LINE:COL and status 2, and no PDF is written.
source "$(dirname "$0")/lib.sh"

N="$WORK/national.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"

# The bad-input corpora: each case beside the exact error it must produce.
corpus="$SRC_DIR/tests/data/bad-narratives"
count=0
cd "$corpus"
for d in */; do
	c=${d%/}
	lang=ja
	[ -e "$c/env.en.yaml" ] && lang=en
	expect_status 2 "$RENDERER" report --db "$N" --year 2012 --lang "$lang" --narratives "$c" -o "$WORK/bad.pdf"
	expect_corpus_messages "$c"
	[ ! -e "$WORK/bad.pdf" ] || fail "a PDF was written for the bad narrative $c"
	count=$((count + 1))
done
[ "$count" -ge 6 ] || fail "the narrative corpus has only $count cases"
corpus="$SRC_DIR/tests/data/bad-practices"
count=0
cd "$corpus"
for f in *.yaml; do
	expect_status 2 "$RENDERER" report --db "$N" --year 2012 --practices "$f" -o "$WORK/bad.pdf"
	expect_corpus_messages "$f"
	[ ! -e "$WORK/bad.pdf" ] || fail "a PDF was written for the bad practices file $f"
	count=$((count + 1))
done
[ "$count" -ge 6 ] || fail "the practices corpus has only $count cases"
cd "$WORK"

S="$SRC_DIR/samples"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --narratives "$S/narratives" --practices "$S/practices/h24.yaml" -o "$WORK/ja.pdf"
ja_stats=$(sed -n 's/.*pages, //p' "$WORK/err")
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang en --narratives "$S/narratives" --practices "$S/practices/h24.en.yaml" -o "$WORK/en.pdf"
en_stats=$(sed -n 's/.*pages, //p' "$WORK/err")
# the same tables, charts and narratives in both languages
expect_equal "$ja_stats" "$en_stats" "tables, charts and narratives of the two reports"
pdftotext "$WORK/ja.pdf" "$WORK/ja.txt"
pdftotext "$WORK/en.pdf" "$WORK/en.txt"
pdftohtml -q -xml -i -stdout "$WORK/ja.pdf" > "$WORK/ja.xml"
pdftohtml -q -xml -i -stdout "$WORK/en.pdf" > "$WORK/en.xml"

python3 - "$WORK" <<'PY'
import re, sys, os
w = sys.argv[1]
def read(f): return open(os.path.join(w, f), encoding='utf-8').read()
ja, en = read('ja.txt'), read('en.txt')

def section(text, start, end):
    # the heading's last occurrence (the first is in the table of contents)
    i = text.rindex(start)
    j = text.find(end, i)
    return text[i:j if j >= 0 else len(text)]

def heads(sec):
    return re.findall(r'^((?:[A-Z]|[ア-ン]|[a-z])\) [^\n]*)$', sec, re.M)

# 環境省 (every part): A) summary, B) ア)–オ), C) incidents
env = section(ja, '\n20 環境省', '\n21 防衛省')
want = ['A) 平成24年度の総括', 'ア) 平成24年度の評価', 'イ) 平成25年度の目標', 'B) 情報セキュリティ対策の実施状況',
        'ア) 省庁対策基準に関する自己点検結果', 'イ) 情報システムごとの状況', 'ウ) 監査の状況', 'エ) 教育・啓発',
        'オ) その他取り組んだ事項', 'C) 情報セキュリティに関する障害・事故報告']
assert heads(env) == want, heads(env)
assert '架空' in env and '（記載例）' in env, 'the sample texts say they are fictional'
assert '再発防止策：外部宛ての電子メール' in env.replace('\n', ''), 'incident details'
# 復興庁 has no audit text: education follows information systems as ウ)
rec = section(ja, '\n10 復興庁', '\n11 総務省')
assert heads(rec) == ['A) 平成24年度の総括', 'ア) 平成24年度の評価', 'イ) 平成25年度の目標',
                      'B) 情報セキュリティ対策の実施状況', 'ア) 省庁対策基準に関する自己点検結果',
                      'イ) 情報システムごとの状況', 'ウ) 教育・啓発', 'エ) その他取り組んだ事項',
                      'C) 情報セキュリティに関する障害・事故報告'], heads(rec)
# a ministry without texts: its data parts only, lettered from A)
mod = section(ja, '\n21 防衛省', '\n\x00')
assert heads(mod)[:3] == ['A) 情報セキュリティ対策の実施状況', 'ア) 省庁対策基準に関する自己点検結果',
                          'イ) 情報システムごとの状況'], heads(mod)
# the same parts in English
env_en = section(en, '\n20 Ministry of the Environment', '\n21 Ministry of Defense')
assert heads(env_en) == ['A) Summary of FY2012', 'a) Review of FY2012', 'b) Goals for FY2013',
                         'B) Information security measures',
                         "a) Self-check against the ministry's security policy", 'b) Information systems',
                         'c) Audits', 'd) Education and awareness', 'e) Other measures',
                         'C) Information security incidents'], heads(env_en)
assert 'fictional' in env_en and '(Sample text)' in env_en
# the recommended practices and table 2-8 with every organisation named
for name in ('a) コピー・プリンタ複合機を情報セキュリティ監査の対象に追加（金融庁）', '選定理由', '表 ２-８ 推奨事例以外の参考となる取組'):
    assert name in ja, name
t28 = ja[ja.index('表 ２-８'):]
for org in ('公正取引委員会', '総務省', '外務省', '内閣官房', '警察庁', '文部科学省', '経済産業省', '人事院', '防衛省', '復興庁', '環境省'):
    assert org in t28[:6000], ('table 2-8', org)
assert 'Table 2-8 Practices worth following besides the recommended practices' in re.sub(r'\s+', ' ', en)
assert 'a) Multifunction copiers and printers added to the security audit (Financial Services Agency)' in re.sub(r'\s+', ' ', en)

# The two outlines have the same shape: as many entries at each depth.
def outline(xml):
    depth, counts = 0, {}
    for tok in re.findall(r'<outline>|</outline>|<item ', xml):
        if tok == '<outline>': depth += 1
        elif tok == '</outline>': depth -= 1
        else: counts[depth] = counts.get(depth, 0) + 1
    return counts
oj, oe = outline(read('ja.xml')), outline(read('en.xml'))
assert oj == oe, (oj, oe)
assert sum(oj.values()) > 60, oj
PY
[ $? -eq 0 ] || fail "ministry parts"

# A ministry whose texts have no English translation: its places are marked in English.
mkdir "$WORK/only-ja"
cp "$S/narratives/env.yaml" "$WORK/only-ja/"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang en --narratives "$WORK/only-ja" -o "$WORK/mark.pdf"
pdftotext "$WORK/mark.pdf" "$WORK/mark.txt"
n=$(grep -c "^\[Not translated: this part of the ministry" "$WORK/mark.txt")
# the CISO message, the summary, the goals, five parts, the incidents and the adviser's message
expect_equal 10 "$n" "marked untranslated texts"
tr '\n' ' ' < "$WORK/mark.txt" > "$WORK/mark1.txt"
expect_grep "1 of 21 ministries" "$WORK/mark1.txt"
