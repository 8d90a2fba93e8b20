#!/usr/bin/env python3
"""Writes the tally files of a fictional fiscal year from the FY2012 samples: every
organisation renamed to a long name (Japanese and English), the year moved, and one
organisation made to fall below the government-wide rate on most items. The renderer must
draw such a year without cutting or dropping any name.

usage: fictional-year.py SAMPLES_H24_DIR YEAR OUT_DIR"""
import os, re, sys

src, year, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
LONG_JA = ['デジタル社会形成・情報セキュリティ基盤整備推進本部事務局', '国立研究開発法人情報通信安全保障研究機構',
           '沿岸域総合管理及び海洋資源持続的利用推進庁', '地域公共交通活性化・再生総合推進委員会']
LONG_EN = ['Secretariat of the Headquarters for the Digital Society and Information Security Infrastructure',
           'National Research and Development Agency for the Security of Information and Communications',
           'Agency for Integrated Coastal Zone Management and the Sustainable Use of Marine Resources',
           'Commission for the Revitalisation and Renewal of Regional Public Transport']
os.makedirs(out, exist_ok=True)
files = sorted(f for f in os.listdir(src) if f.endswith('.yaml'))
for n, f in enumerate(files):
    text = open(os.path.join(src, f), encoding='utf-8').read()
    text = re.sub(r'^fiscal_year: \d+$', 'fiscal_year: %d' % year, text, flags=re.M)
    ja = LONG_JA[n % len(LONG_JA)] + ('第%d' % (n + 1))
    en = LONG_EN[n % len(LONG_EN)] + (' No. %d' % (n + 1))
    text = re.sub(r'^(  name: ).*$', lambda m: m.group(1) + ja, text, count=1, flags=re.M)
    text = re.sub(r'^(  name_en: ).*$', lambda m: m.group(1) + '"' + en + '"', text, count=1, flags=re.M)
    if n == 0:
        # most items below the government-wide rate: a quarter of the implemented answers
        # become not implemented
        def worse(m):
            i, ni, na = int(m.group(2)), int(m.group(3)), int(m.group(4))
            moved = i // 4
            return '%s{implemented: %d, not_implemented: %d, not_applicable: %d}' % (m.group(1), i - moved, ni + moved, na)
        text = re.sub(r'^(\s+[A-Z]-\d+: )\{implemented: (\d+), not_implemented: (\d+), not_applicable: (\d+)\}',
                      worse, text, flags=re.M)
        text = re.sub(r'attainment: \{obligated: (\d+), at_100: \d+, at_95: \d+, at_90: \d+\}',
                      lambda m: 'attainment: {obligated: %s, at_100: 0, at_95: 0, at_90: 0}' % m.group(1), text)
    open(os.path.join(out, f), 'w', encoding='utf-8').write(text)
