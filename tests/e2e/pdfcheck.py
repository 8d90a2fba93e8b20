#!/usr/bin/env python3
"""Checks a report PDF as a reader and a printer would meet it; prints one line per problem
and exits 1 when there is any.

usage: pdfcheck.py REPORT.pdf LANG

- the file is sound: qpdf --check passes without a warning;
- it is tagged (a structure tree, /MarkInfo), its catalog names the language LANG, and every
  Figure structure element has an alternative text;
- every link annotation has a destination, and every named destination exists;
- its page labels are the folios printed on the pages ("-N-" prints as label N);
- no page carries only headings, and none ends with one (a heading is kept with what
  follows it);
- no two words overlap on a page (nothing is printed over something else)."""
import re, subprocess, sys, os, html
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qdf

pdf, lang = sys.argv[1], sys.argv[2]
problems = []
def problem(s):
    problems.append(s)

r = subprocess.run(['qpdf', '--check', pdf], capture_output=True, text=True)
if r.returncode != 0 or 'WARNING' in r.stdout + r.stderr:
    problem('qpdf --check: ' + ' | '.join(l for l in (r.stdout + r.stderr).splitlines() if 'WARN' in l or 'rror' in l)[:400])

info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
if not re.search(r'^Tagged:\s+yes', info, re.M):
    problem('not tagged')
pages = int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))

objs, page_order = qdf.read(pdf, check=False)
cat = next((v for v in objs.values() if '/Type /Catalog' in v), '')
if '/StructTreeRoot' not in cat or '/MarkInfo' not in cat:
    problem('no structure tree or /MarkInfo in the catalog')
m = re.search(r'/Lang \(([^)]*)\)', cat)
if not m or m.group(1) != lang:
    problem('catalog /Lang is %r, expected %r' % (m.group(1) if m else None, lang))
figs = [v for v in objs.values() if re.search(r'/S /Figure\b', v)]
if not figs:
    problem('no Figure structure element')
for v in figs:
    if '/Alt' not in v:
        problem('a Figure without /Alt')
        break
# links and named destinations
names = set()
for v in objs.values():
    for d in re.finditer(r'/Dests (\d+) 0 R', v):
        names.update(re.findall(r'\(([^)]*)\)\s*\[', objs.get(int(d.group(1)), '')))
links = [v for v in objs.values() if '/Subtype /Link' in v]
for v in links:
    if '/Dest' not in v and '/A ' not in v and '/A\n' not in v:
        problem('a link without /Dest or /A')
        break
    m = re.search(r'/Dest \(([^)]*)\)', v)
    if m and m.group(1) not in names:
        problem('a link to the unknown destination %r' % m.group(1))
        break
# page labels against the printed folios
text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout.split('\f')
labels = {}
pl = re.search(r'/PageLabels (\d+) 0 R', cat)
if not pl:
    problem('no /PageLabels')
else:
    nums = re.findall(r'(\d+)\s*<<((?:[^<>]|<[0-9a-fA-F]*>)*)>>', objs.get(int(pl.group(1)), ''))
    starts = [(int(i), d) for i, d in nums]
    for p in range(pages):
        st = [s for s in starts if s[0] <= p]
        if not st:
            continue
        i, d = st[-1]
        prefix = re.search(r'/P \(([^)]*)\)', d)
        hexp = re.search(r'/P <([0-9a-fA-F]*)>', d)
        pre = prefix.group(1) if prefix else bytes.fromhex(hexp.group(1)).decode('utf-16') if hexp else ''
        first = re.search(r'/St (\d+)', d)
        label = pre + (str(int(first.group(1) if first else 1) + p - i) if '/S /D' in d else '')
        labels[p] = label
    for p in range(pages):
        folio = re.findall(r'^-(\d+)-\s*$', text[p], re.M) if p < len(text) else []
        if folio and labels.get(p) != folio[-1]:
            problem('page %d prints -%s- but its label is %r' % (p + 1, folio[-1], labels.get(p)))
            break
# structure of each page's content: marked content tags in the page streams
page_objs = [v for v in objs.values() if re.search(r'/Type /Page\b', v)]
order = [(str(i + 1), str(oid)) for i, oid in enumerate(page_order)]
contents = {}
for pno, oid in order:
    v = objs.get(int(oid), '')
    c = re.search(r'/Contents (\d+) 0 R', v)
    if c:
        stream = re.search(r'stream\n(.*?)endstream', objs.get(int(c.group(1)), ''), re.S)
        contents[int(pno)] = stream.group(1) if stream else ''
for pno, s in sorted(contents.items()):
    tags = re.findall(r'/([A-Za-z0-9]+) <<\s*/MCID \d+\s*>>\s*BDC', s)
    real = [t for t in tags if t not in ('Artifact',)]
    if real and all(re.fullmatch(r'H\d', t) for t in real):
        problem('page %d carries only headings' % pno)
    body = [t for t in real if t != 'Note']
    if body and re.fullmatch(r'H\d', body[-1]) and pno < len(contents):
        problem('page %d ends with a heading' % pno)
# overlapping words
bbox = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True, text=True).stdout
for pno, page in enumerate(re.findall(r'<page [^>]*>(.*?)</page>', bbox, re.S), 1):
    words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
    words.sort()
    hit = None
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[0] >= a[2]:
                break
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w <= 0.5 or h <= 0.5:
                continue
            small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            # the line boxes of tightly set lines touch: a real overprint shares most of the
            # smaller word's height
            lower = min(a[3] - a[1], b[3] - b[1])
            if small > 0 and w * h > 0.08 * small and h > 0.5 * lower:
                hit = (a[4], b[4])
                break
        if hit:
            break
    if hit:
        problem('page %d: %r printed over %r' % (pno, hit[0], hit[1]))
for p in problems:
    print('%s: %s' % (pdf, p))
sys.exit(1 if problems else 0)
