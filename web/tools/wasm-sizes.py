#!/usr/bin/env python3
"""What each crate costs in the page's wasm: code bytes per crate, from a build with the
`name` section kept (CARGO_PROFILE_WASM_STRIP=false). Rust symbol names are demangled just
enough to read the crate (legacy `_ZN<len><name>…` and v0 `_R…` names; generic code is
counted under the crate that defines it). Data (string tables, the embedded profiles,
lexicon and schemas) is reported as one line.

    python3 web/tools/wasm-sizes.py target/wasm32-unknown-unknown/wasm/ikp_web.wasm
"""
import collections, re, sys

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return r, i

def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]; size, j = leb(b, i + 1)
        yield sid, b[j:j + size]
        i = j + size

def crate_of(name):
    m = re.match(r'_ZN(\d+)', name)
    if m:
        n = int(m.group(1)); rest = name[len(m.group(0)):]
        c = rest[:n]
        if c.startswith('_$LT$'):
            m2 = re.match(r'_\$LT\$([A-Za-z0-9_]+)', c)
            return m2.group(1) if m2 else c
        return c
    m = re.match(r'_R[^C]*C[^0-9]*?(\d+)', name)
    if m and name.startswith('_R'):
        m = re.search(r'C(?:s[0-9a-zA-Z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)', name)
        if m:
            return m.group(2)[:int(m.group(1))]
    return '(other: ' + name[:24] + ')' if not name.startswith('ikp_') else 'ikp_web'

b = open(sys.argv[1], 'rb').read()
imports = 0; code_sizes = []; names = {}; data = 0; total = len(b)
for sid, body in sections(b):
    if sid == 2:
        n, i = leb(body, 0)
        for _ in range(n):
            l, i = leb(body, i); i += l
            l, i = leb(body, i); i += l
            kind = body[i]; i += 1
            if kind == 0:
                _, i = leb(body, i); imports += 1
            elif kind == 1:
                i += 1; flags = body[i]; i += 1; _, i = leb(body, i)
                if flags & 1: _, i = leb(body, i)
            elif kind == 2:
                flags = body[i]; i += 1; _, i = leb(body, i)
                if flags & 1: _, i = leb(body, i)
            else:
                i += 2
    elif sid == 10:
        n, i = leb(body, 0)
        for _ in range(n):
            size, j = leb(body, i); code_sizes.append(size + (j - i)); i = j + size
    elif sid == 11:
        data += len(body)
    elif sid == 0:
        l, i = leb(body, 0)
        if body[i:i + l] == b'name':
            i += l
            while i < len(body):
                sub = body[i]; size, j = leb(body, i + 1)
                if sub == 1:
                    n, k = leb(body, j)
                    for _ in range(n):
                        idx, k = leb(body, k); ln, k = leb(body, k)
                        names[idx] = body[k:k + ln].decode('utf-8', 'replace'); k += ln
                i = j + size
per = collections.Counter()
for n, size in enumerate(code_sizes):
    per[crate_of(names.get(n + imports, '?'))] += size
code = sum(code_sizes)
print(f"file {total} bytes; code {code}; data {data}")
for crate, size in per.most_common(25):
    print(f"{size:>9}  {100 * size / code:5.1f} %  {crate}")
