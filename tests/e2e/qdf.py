"""A PDF read as the tests read it: qpdf's QDF form (every object uncompressed, in order),
its objects by number and its pages in order. Used by pdfcheck.py and the renderer tests."""
import os, re, subprocess, tempfile

def read(pdf, check=True):
    """(objects, pages): {number: text between 'N 0 obj' and 'endobj'} and the page objects'
    numbers in page order. check: fail when qpdf does."""
    with tempfile.TemporaryDirectory() as tmp:
        q = os.path.join(tmp, 'q.pdf')
        subprocess.run(['qpdf', '--qdf', '--object-streams=disable', pdf, q], check=check, capture_output=True)
        data = open(q, 'rb').read().decode('latin-1') if os.path.exists(q) else ''
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(r'\n(\d+) 0 obj\n(.*?)\nendobj', data, re.S)}
    pages = [int(o) for _, o in re.findall(r'%% Page (\d+)\n%% Original object ID: \d+ 0\n(\d+) 0 obj', data)]
    return objs, pages
