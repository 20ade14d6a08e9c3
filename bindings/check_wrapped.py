#!/usr/bin/env python3
"""Fail the build when a public function is missing from a binding.

Usage: check_wrapped.py [--remove-on-failure MODULE] INCLUDE_DIR READER_I GENERATED_WRAPPER.c

Every RD_EXPORT function of INCLUDE_DIR/reader/*.h must either have a
wrapper in the generated code (SWIG names it _wrap_ + the renamed name,
rd_doc_parse -> _wrap__doc_parse) or be %ignore'd in READER_I, on a line
that gives the reason in a comment. A %ignore naming a function no header
declares is an error too, so the list stays the true set of what is
deliberately not exposed. Exit status 1 lists what is wrong; MODULE (the
built extension) is then removed, so the next build checks again instead
of finding it up to date."""
import pathlib
import re
import sys


def main(argv):
    remove = None
    if len(argv) > 2 and argv[1] == "--remove-on-failure":
        remove = pathlib.Path(argv[2])
        argv = argv[:1] + argv[3:]
    status = check(argv)
    if status and remove is not None and remove.exists():
        remove.unlink()
    return status


def check(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    inc, iface, wrap = pathlib.Path(argv[1]), pathlib.Path(argv[2]), pathlib.Path(argv[3])
    exported = {}
    for h in sorted((inc / "reader").glob("*.h")):
        text = re.sub(r"/\*.*?\*/", " ", h.read_text(encoding="utf-8"), flags=re.S)
        for m in re.finditer(r"\bRD_EXPORT\b[^;(]*?\b(rd_\w+)\s*\(", text):
            exported[m.group(1)] = h.name
    if not exported:
        print(f"check_wrapped: no RD_EXPORT function found under {inc}", file=sys.stderr)
        return 2
    ignored, problems = {}, []
    declared = set()
    for h in (inc / "reader").glob("*.h"):
        declared |= set(re.findall(r"\b(rd_\w+|RD_\w+)\b", h.read_text(encoding="utf-8")))
    for no, line in enumerate(iface.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"\s*%ignore\s+(rd_\w+)\s*;(.*)$", line)
        if not m:
            continue
        name, rest = m.group(1), m.group(2)
        if name not in declared:
            problems.append(f"{iface.name}:{no}: %ignore {name}: no public header declares it (renamed?)")
        elif name in exported and not re.search(r"/\*\s*\S.*\*/|//\s*\S", rest):
            problems.append(f"{iface.name}:{no}: %ignore {name} needs a comment saying why it is not exposed")
        ignored[name] = no
    code = wrap.read_text(encoding="utf-8", errors="replace")
    wrapped = set(re.findall(r"\b_wrap_(\w+)\s*\(", code))
    for fn, hdr in sorted(exported.items()):
        if "_" + fn[3:] in wrapped or fn in wrapped:
            if fn in ignored:
                problems.append(f"{iface.name}:{ignored[fn]}: {fn} is %ignore'd but wrapped")
            continue
        if fn not in ignored:
            problems.append(f"{wrap.name}: {fn} (reader/{hdr}) is neither wrapped nor %ignore'd with a reason "
                            f"in {iface.name}")
    if problems:
        print("check_wrapped: the binding does not match the public API:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
