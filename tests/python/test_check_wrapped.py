"""bindings/check_wrapped.py, the build step that keeps every public
function in both bindings: it fails on a function neither wrapped nor
%ignore'd with a reason, and on a stale %ignore."""
import pathlib
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR

SCRIPT = SOURCE_DIR / "bindings" / "check_wrapped.py"
IFACE = SOURCE_DIR / "bindings" / "reader.i"


def _run(tmp_path, iface_text, wrapper_text):
    iface = tmp_path / "reader.i"
    iface.write_text(iface_text, encoding="utf-8")
    wrap = tmp_path / "wrap.c"
    wrap.write_text(wrapper_text, encoding="utf-8")
    module = tmp_path / "_native.so"
    module.write_bytes(b"x")
    r = subprocess.run([sys.executable, str(SCRIPT), "--remove-on-failure", str(module), str(SOURCE_DIR / "include"),
                        str(iface), str(wrap)], capture_output=True, text=True)
    return r, module


def _all_wrapped():
    import re
    names = set()
    for h in (SOURCE_DIR / "include" / "reader").glob("*.h"):
        names |= set(re.findall(r"RD_EXPORT[^;(]*?\b(rd_\w+)\s*\(", h.read_text(encoding="utf-8")))
    return names


def test_every_function_wrapped_passes(tmp_path):
    code = "".join(f"static void _wrap__{n[3:]}(void) {{}}\n" for n in sorted(_all_wrapped()))
    r, module = _run(tmp_path, "", code)
    assert r.returncode == 0, r.stderr
    assert module.exists()


def test_a_missing_function_fails_and_removes_the_module(tmp_path):
    names = sorted(_all_wrapped())
    code = "".join(f"static void _wrap__{n[3:]}(void) {{}}\n" for n in names if n != "rd_doc_parse")
    r, module = _run(tmp_path, "", code)
    assert r.returncode == 1
    assert "rd_doc_parse" in r.stderr and "neither wrapped nor" in r.stderr
    assert not module.exists()


def test_an_ignore_needs_a_reason_and_a_real_name(tmp_path):
    names = sorted(_all_wrapped())
    code = "".join(f"static void _wrap__{n[3:]}(void) {{}}\n" for n in names if n not in ("rd_free",))
    r, _ = _run(tmp_path, "%ignore rd_free;\n%ignore rd_no_such_function; /* gone */\n", code)
    assert r.returncode == 1
    assert "rd_free needs a comment" in r.stderr
    assert "rd_no_such_function: no public header declares it" in r.stderr
    r, _ = _run(tmp_path, "%ignore rd_free; /* the wrappers free buffers */\n", code)
    assert r.returncode == 0, r.stderr


def test_the_real_interface_lists_reasons():
    text = IFACE.read_text(encoding="utf-8")
    assert "%ignore rd_doc_write;" in text and "RD_SWIG_HAVE" not in text and "#ifdef" not in text
