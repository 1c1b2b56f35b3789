#!/usr/bin/env python3
"""Writes a translation skeleton for one chapter: every markdown cell (keyed by cell id, with the fingerprint
of its English text) and every exercise's title/hint/requirement, each followed by its English text to replace."""
import json, hashlib, re, sys, pathlib

def fp(text): return hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]

def unescape(s): return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)

lit = r'"((?:[^"\\]|\\.)*)"'
def skeleton(path):
    nb = json.load(open(path, encoding='utf-8'))
    out = [f"<!-- translation of {pathlib.Path(path).stem} into zh-CN -->", ""]
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            out += [f"<!-- cell {c['id']} · en {fp(src)} -->", src.rstrip('\n'), ""]
        elif c['cell_type'] == 'code':
            for m in re.finditer(r'Exercise\.(?:Check|CheckExact|Satisfies)(?:<[^>]*>)?\(\s*' + lit, src):
                eid = unescape(m.group(1)); num = eid.split(' ')[0]
                tail = src[m.end():]
                out += [f"<!-- exercise {num} title · en {fp(eid)} -->", eid, ""]
                for key in ('requirement', 'hint'):
                    h = re.search(key + r':\s*' + lit, tail)
                    if h:
                        t = unescape(h.group(1))
                        out += [f"<!-- exercise {num} {key} · en {fp(t)} -->", t, ""]
    return '\n'.join(out)

if __name__ == '__main__':
    for p in sys.argv[1:]:
        print(skeleton(p))
