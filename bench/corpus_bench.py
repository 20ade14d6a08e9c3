#!/usr/bin/python3
"""Corpus-scale benchmark (bench/corpus.sh runs it; not a test).
   corpus_bench.py BUILD_DIR DATA_DIR [REPS]
Workloads from corpus_gen.py: ~3,000 short articles (one process for all)
and one 10 MB article. Every figure is a fresh process under
/usr/bin/time: wall and CPU (user+sys) time, min and median of REPS rounds
(default 3), peak RSS and peak anonymous RSS; peak memory against the
MeCab C API (bench --run mecab). The rounds interleave: each runs every
command once, the `mecab` command first, so a ratio is the median over
the rounds of a command's time over the `mecab` command's in the same
round (this machine's speed drifts by a third within minutes: ratios of
minima taken minutes apart mislead)."""
import os, shutil, statistics, subprocess, sys, tempfile, time

build, data = sys.argv[1], sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
reader = os.path.join(build, "tools", "reader")
bench = os.path.join(build, "bench", "bench")
src = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
small = sorted(os.path.join(data, "small", f) for f in os.listdir(os.path.join(data, "small")))
out = tempfile.mkdtemp(prefix="reader-corpus-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
env = dict(os.environ)
env["PYTHONPATH"] = os.path.join(build, "bindings", "python")
env["RUBYLIB"] = os.path.join(build, "bindings", "ruby") + ":" + os.path.join(src, "bindings", "ruby", "lib")

PY = """import sys, libreader
p = libreader.Pipeline(glosses=False, summaries=False, threads=1)
n = 0
for path in sys.argv[1:]:
    for t in p.read_file(path, stages=["annotate"]).tokens():
        n += len(t.surface) + len(t.reading or "")
print(n)"""
PYB = """import sys, libreader
p = libreader.Pipeline(glosses=False, summaries=False, threads=2)
n = 0
for doc in p.read_files(sys.argv[1:], stages=["annotate"]):
    for t in doc.tokens():
        n += len(t.surface) + len(t.reading or "")
print(n)"""
RB = """require "libreader"
p = LibReader::Pipeline.new(glosses: false, summaries: false, threads: 1)
n = 0
ARGV.each { |path| p.read_file(path, stages: [:annotate]).tokens.each { |t| n += t.surface.size + (t.reading || "").size } }
puts n"""


def anon_peak(timer, pid):
    """Largest RssAnon (MiB) of process PID (run under TIMER, /usr/bin/time),
    sampled every 5 ms until it ends. Peak RSS (%M) also counts the mapped
    dictionaries (MeCab's sys.dic, our names and compounds tables), which
    this kernel maps whole, large folio by large folio, whatever the
    article: the anonymous part is what grows with the input."""
    peak = 0
    while timer.poll() is None:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        peak = max(peak, int(line.split()[1]))
                        break
        except OSError:  # ended
            break
        time.sleep(0.005)
    return peak / 1024


def child_of(proc):
    """The command /usr/bin/time started, or None if it ended first."""
    while proc.poll() is None:
        try:
            kids = open("/proc/%d/task/%d/children" % (proc.pid, proc.pid)).read().split()
        except OSError:
            return None
        if kids:
            return int(kids[0])
        time.sleep(0.0005)
    return None


def measure_once(cmd):
    """One run: wall, CPU (user+sys), peak RSS and peak anonymous RSS (MiB)."""
    shutil.rmtree(os.path.join(out, "o"), ignore_errors=True)
    tf = os.path.join(out, "time.txt")
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf] + cmd, stdout=null,
                                stderr=subprocess.PIPE, env=env)
        pid = child_of(proc)
        a = anon_peak(proc, pid) if pid else 0.0
        err = proc.communicate()[1]
    if proc.returncode:
        sys.exit("corpus_bench: %s failed:\n%s" % (" ".join(cmd[:3]), err.decode(errors="replace")[-2000:]))
    e, u, s, m = open(tf).read().split()[-4:]
    return float(e), float(u) + float(s), int(m) / 1024, a


rows = []


def render(files, threads, fmt="brackets"):
    o = os.path.join(out, "o")
    return [reader, "render"] + files + ["--format", fmt, "--no-summaries", "--threads", str(threads),
                                         "-o", o if len(files) > 1 else os.path.join(out, "o.txt")]


load = open("/proc/loadavg").read().split()[:3]
# the caches (compounds, KANJIDIC, glossary) are built by the first process
subprocess.run([reader, "render", small[0], "--format", "brackets", "--no-summaries", "-o",
                os.path.join(out, "warm.txt")], env=env, check=True, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
big = [os.path.join(data, "big.ja.txt")]
groups = [  # (name, command); the first of each group is the base of its ratios
    [("mecab command", ["mecab", os.path.join(data, "small.txt")])]
    + [("reader render, %d thread%s" % (th, "s" if th > 1 else ""), render(small, th)) for th in (1, 2)]
    + [("python, every token", ["/usr/bin/python3", "-c", PY] + small),
       ("python, read_files, 2 threads, every token", ["/usr/bin/python3", "-c", PYB] + small)]
    + ([("ruby, every token", ["ruby", "-e", RB] + small)] if shutil.which("ruby") else []),
    [("mecab command (10 MB)", ["mecab", os.path.join(data, "big.txt")]),
     ("MeCab C API (10 MB)", [bench, "--run", "mecab", os.path.join(data, "big.txt")])]
    + [("reader render 10 MB, %d thread%s" % (th, "s" if th > 1 else ""), render(big, th)) for th in (1, 2)],
]
runs = {name: [] for g in groups for name, _ in g}
for _ in range(reps):
    for g in groups:
        for name, cmd in g:
            runs[name].append(measure_once(cmd))
for gi, g in enumerate(groups):
    if gi:
        rows.append(None)
    base = runs[g[0][0]]
    api = runs.get("MeCab C API (10 MB)") if gi else None
    for name, _ in g:
        rs = runs[name]
        walls, cpus = [r[0] for r in rs], [r[1] for r in rs]
        rows.append((name, min(walls), statistics.median(walls), min(cpus),
                     statistics.median(r[0] / max(b[0], 0.01) for r, b in zip(rs, base)),
                     statistics.median(r[1] / max(b[1], 0.01) for r, b in zip(rs, base)),
                     max(r[2] for r in rs), max(r[2] for r in rs) / max(r[2] for r in api) if api else None,
                     max(r[3] for r in rs)))
shutil.rmtree(out, ignore_errors=True)

cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
load_after = open("/proc/loadavg").read().split()[:3]
print("machine: %d cores (nproc), %s; load average before: %s, after: %s; %d interleaved rounds" %
      (os.cpu_count(), cpu, " ".join(load), " ".join(load_after), reps))
print("%d short articles (%d KB), one 10 MB article; brackets view (text with furigana)" %
      (len(small), os.path.getsize(os.path.join(data, "small.txt")) // 1024))
print()
print("| workload | wall min | wall median | CPU min | x mecab wall | x mecab CPU | peak MiB | x C API mem | peak anon MiB |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    if r is None:
        continue
    name, wmin, wmed, c, xw, xc, m, xm, a = r
    print("| %s | %.2f s | %.2f s | %.2f s | %.2f | %.2f | %.0f | %s | %.0f |" %
          (name, wmin, wmed, c, xw, xc, m, "%.2f" % xm if xm else "", a))
