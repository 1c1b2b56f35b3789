#!/usr/bin/env python3
"""check.py NOTEBOOK TRANSLATION.md — verifies a translation file against its chapter: same markers in the same
order, every entry translated (contains Chinese), formulas, inline code, links and numbers preserved."""
import re, sys, collections, importlib.util, pathlib
spec = importlib.util.spec_from_file_location('skel', pathlib.Path(__file__).with_name('skeleton.py'))
skel = importlib.util.module_from_spec(spec); spec.loader.exec_module(skel)
MARK = re.compile(r'^<!-- (cell \S+|exercise \S+ \w+) · en ([0-9a-f]{12}) -->$', re.M)

def entries(text):
    ms = list(MARK.finditer(text))
    return [(m.group(1), m.group(2), text[m.end():(ms[i+1].start() if i+1 < len(ms) else len(text))].strip('\n'))
            for i, m in enumerate(ms)]

def spans(t, pat): return collections.Counter(re.findall(pat, t, re.S))
def nums(t):
    t = re.sub(r'\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\]\([^)]*\)', ' ', t, flags=re.S)
    return collections.Counter(re.findall(r'\d+(?:\.\d+)?', t))

nb, tr = sys.argv[1], sys.argv[2]
en = entries(skel.skeleton(nb)); zh = entries(open(tr, encoding='utf-8').read())
errors = []
if [(k, f) for k, f, _ in en] != [(k, f) for k, f, _ in zh]:
    a = [(k, f) for k, f, _ in en]; b = [(k, f) for k, f, _ in zh]
    errors.append(f'markers differ: {len(a)} expected, {len(b)} found; first difference: ' +
                  str(next(((x, y) for x, y in zip(a, b) if x != y), (a[len(b):len(b)+1], b[len(a):len(a)+1]))))
for (k, f, e), (_, _, z) in zip(en, zh):
    prose = re.sub(r'\$\$.*?\$\$|\$[^$]+\$|`[^`]*`', ' ', e, flags=re.S)
    if re.search(r'[A-Za-z]{3,}', prose) and not re.search(r'[\u4e00-\u9fff]', z): errors.append(f'{k}: not translated')
    for name, pat in (('formula', r'\$\$.*?\$\$|\$[^$]+\$'), ('code', r'`[^`\n]+`'), ('link target', r'\]\(([^)]*)\)')):
        if spans(e, pat) != spans(z, pat):
            errors.append(f'{k}: {name}s differ: missing {list((spans(e, pat) - spans(z, pat)).elements())[:3]} extra {list((spans(z, pat) - spans(e, pat)).elements())[:3]}')
    missing = nums(e) - nums(z)
    if missing: errors.append(f'{k}: numbers missing from the translation: {list(missing.elements())}')
print('\n'.join(errors) if errors else f'OK: {len(zh)} entries')
sys.exit(1 if errors else 0)
