#!/usr/bin/env python3
"""The architecture stays visible: no loop of files that use each other.

Reads the library's object files with nm: file A depends on file B when A
uses a symbol B defines. Any cycle (A -> B -> ... -> A) is a loop of files
reaching into each other's internals, which the layout forbids (a stage's
dispatcher depends on its parts, never the reverse). Also checks that the
writers include no private model header (they read the model through the
public API only).
  usage: no_loops.py SOURCE_DIR OBJECT_FILE...   (the library's objects,
  from CMake's $<TARGET_OBJECTS:...>, so stale objects of renamed files in
  a build tree never count)"""
import collections
import glob
import os
import re
import subprocess
import sys


def graph(objs):
    defs, uses = {}, collections.defaultdict(set)
    if not objs:
        sys.exit("no object files given")
    for o in objs:
        name = re.sub(r"^.*?\.dir/", "", o)[:-2]
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBR":
                defs[p[2]] = name
            elif len(p) == 2 and p[0] == "U":
                uses[name].add(p[1])
    g = collections.defaultdict(set)
    why = {}
    for f, syms in uses.items():
        for s in syms:
            d = defs.get(s)
            if d and d != f:
                g[f].add(d)
                why.setdefault((f, d), s)
    return g, why, set(defs.values()) | set(uses)


def loops(g, nodes):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(100000)

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main():
    src, objs = sys.argv[1], sys.argv[2:]
    g, why, nodes = graph(objs)
    bad = 0
    for comp in loops(g, nodes):
        bad += 1
        print("FAIL: loop of files:", " ".join(comp))
        for a in comp:
            for b in sorted(g[a] & set(comp)):
                print(f"   {a} uses {why[(a, b)]} from {b}")
    for w in sorted(glob.glob(os.path.join(src, "libreader", "write_*.c"))):
        text = open(w, encoding="utf-8").read()
        for h in re.findall(r'#include "((?:model|doc_internal|doc_build)\.h)"', text):
            bad += 1
            print(f"FAIL: {os.path.basename(w)} includes the private {h}: writers read the public API")
    print(f"{len(nodes)} files, {sum(len(v) for v in g.values())} dependencies, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
