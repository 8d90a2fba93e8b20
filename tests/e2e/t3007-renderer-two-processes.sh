#!/usr/bin/env bash
# The report painted by two processes (--jobs 2: the pages after a page break near the middle
# laid out and painted by a child, the two PDFs joined) is the same document as the one
# painted by one: the same text, page for page; the same page images; the same structure
# tree, bookmarks, page labels and named destinations; and it passes pdfcheck.py (sound,
# tagged, every link resolved, folios as labels). Both languages.
source "$(dirname "$0")/lib.sh"
command -v pdftoppm >/dev/null && command -v qpdf >/dev/null || skip "poppler-utils and qpdf are needed"

N="$WORK/national.db"
S="$SRC_DIR/samples"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$S"/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$S/history.yaml"
for lang in ja en; do
	ext=; [ "$lang" = en ] && ext=.en
	for j in 1 2; do
		expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang "$lang" --narratives "$S/narratives" \
			--practices "$S/practices/h24$ext.yaml" --jobs "$j" --timings -o "$WORK/$lang-$j.pdf"
		grep -q "timings: load" "$WORK/err" || fail "$lang --jobs $j: no timings"
	done
	python3 "$SRC_DIR/tests/e2e/pdfcheck.py" "$WORK/$lang-2.pdf" "$lang" > "$WORK/check.txt" || fail "$lang: $(cat "$WORK/check.txt")"
	pdftotext -layout "$WORK/$lang-1.pdf" "$WORK/$lang-1.txt"
	pdftotext -layout "$WORK/$lang-2.pdf" "$WORK/$lang-2.txt"
	cmp -s "$WORK/$lang-1.txt" "$WORK/$lang-2.txt" || fail "$lang: the text differs: $(diff "$WORK/$lang-1.txt" "$WORK/$lang-2.txt" | head -5)"
	mkdir -p "$WORK/img-$lang"
	pdftoppm -png -r 30 "$WORK/$lang-1.pdf" "$WORK/img-$lang/one"
	pdftoppm -png -r 30 "$WORK/$lang-2.pdf" "$WORK/img-$lang/two"
	PYTHONPATH="$SRC_DIR/tests/e2e" python3 - "$WORK/$lang-1.pdf" "$WORK/$lang-2.pdf" "$WORK/img-$lang" <<'PY' || fail "$lang: the two documents differ"
import hashlib, os, re, subprocess, sys
import qdf
one, two, imgs = sys.argv[1:]
def pictures(prefix):
    names = sorted(f for f in os.listdir(imgs) if f.startswith(prefix + '-'))
    return [hashlib.sha256(open(os.path.join(imgs, f), 'rb').read()).hexdigest() for f in names]
a, b = pictures('one'), pictures('two')
assert len(a) == len(b) > 40, (len(a), len(b))
differ = [i + 1 for i in range(len(a)) if a[i] != b[i]]
assert not differ, 'pages that look different: %s' % differ

def document(pdf):
    """The structure tree (types, depth first, with the page index of each marked-content
    reference), the bookmarks (title, destination), the page labels and the destinations
    (name -> page index), read from qpdf's uncompressed form."""
    objs, pages = qdf.read(pdf)
    page_of = {p: i for i, p in enumerate(pages)}
    cat = next(v for v in objs.values() if '/Type /Catalog' in v)
    def ref(d, key):
        m = re.search(r'/%s (\d+) 0 R' % key, d)
        return int(m.group(1)) if m else None
    tree = []
    def walk(n, depth):
        o = objs[n]
        s = re.search(r'/S /(\w+)', o)
        pg = ref(o, 'Pg')
        tree.append((depth, s.group(1) if s else '?', page_of.get(pg)))
        k = re.search(r'/K (\[.*?\]|\d+ 0 R)', o, re.S)
        if k:
            for c in re.findall(r'(\d+) 0 R', k.group(1)):
                c = int(c)
                if c in objs and '/StructElem' in objs[c]:
                    walk(c, depth + 1)
    root = objs[ref(cat, 'StructTreeRoot')]
    for c in re.findall(r'(\d+) 0 R', re.search(r'/K \[(.*?)\]', root, re.S).group(1)):
        walk(int(c), 0)
    outline = []
    def items(n, depth):
        while n:
            o = objs[n]
            outline.append((depth, re.search(r'/Title (<[^>]*>|\(.*?\))', o, re.S).group(1),
                            re.search(r'/Dest (\(.*?\)|\[.*?\])', o, re.S).group(1)))
            if ref(o, 'First'):
                items(ref(o, 'First'), depth + 1)
            n = ref(o, 'Next')
    items(ref(objs[ref(cat, 'Outlines')], 'First'), 0)
    dests = {}
    for v in objs.values():
        for m in re.finditer(r'\((h\d+)\)\s*\[\s*(\d+) 0 R\s*/XYZ\s*([-\d.]+)\s*([-\d.]+)', v):
            dests[m.group(1)] = (page_of[int(m.group(2))], m.group(3), m.group(4))
    links = []
    for p in pages:
        annots = re.search(r'/Annots \[(.*?)\]', objs[p], re.S)
        for r in re.findall(r'(\d+) 0 R', annots.group(1) if annots else ''):
            links.append((page_of[p], re.search(r'/Dest (\(.*?\))', objs[int(r)]).group(1)))
    return tree, outline, dests, links, len(pages)
d1, d2 = document(one), document(two)
for name, x, y in zip(('structure tree', 'bookmarks', 'destinations', 'links', 'pages'), d1, d2):
    assert x == y, '%s differ (%d and %d entries)' % (name, len(x) if hasattr(x, '__len__') else x, len(y) if hasattr(y, '__len__') else y)
assert len(d1[0]) > 500 and len(d1[1]) > 20 and len(d1[2]) > 20 and len(d1[3]) > 20, [len(x) for x in d1[:4]]
PY
done

# When the second process fails, before or after laying out its pages, the first writes the
# whole report alone: a warning, status 0, and the same document as with one process.
for stage in layout paint; do
	RENDERER_SECOND_PROCESS_FAILS=$stage expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang ja \
		--narratives "$S/narratives" --practices "$S/practices/h24.yaml" --jobs 2 -o "$WORK/alone-$stage.pdf"
	grep -q "warning: .*alone-$stage.pdf: the second process did not .*; one process lays out and paints the whole document" "$WORK/err" ||
		fail "$stage: no warning: $(cat "$WORK/err")"
	pdftotext -layout "$WORK/alone-$stage.pdf" "$WORK/alone.txt"
	cmp -s "$WORK/ja-1.txt" "$WORK/alone.txt" || fail "$stage: the text differs from one process's"
	[ "$(pdfinfo "$WORK/alone-$stage.pdf" | grep -c '^Tagged: *yes')" = 1 ] || fail "$stage: not tagged"
done
