#!/usr/bin/env python3
"""The archive's command line: ingest seed texts, build the site, check records and output.

    python build_site.py                 ingest new seeds, then build (the newcomer's command)
    python build_site.py ingest          seeds/*.txt → articles/*.md (existing records are kept)
    python build_site.py build           articles/*.md → output/
    python build_site.py check           what needs a human, in the records and the built site

Every error is one line naming the file (and line) and what to do; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from archive.config import DATA_DIR, TEMPLATES_DIR, Inputs, SiteConfig, build_date_from_env
from archive.model import BuildResult, Problem
from archive.store import check_inputs

# The stages are imported where a command needs them: a build with nothing to do
# (archive.store.check_inputs) then costs little more than starting Python.

ROOT = Path(__file__).resolve().parent
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def say(message: str) -> None:
    print(message, file=sys.stderr)


def show(problems: list[Problem]) -> None:
    for problem in problems:
        say(str(problem))


def run_ingest(args: argparse.Namespace) -> int:
    from archive.ingest import ingest  # here, not above: a `build` does not load the extractor

    if not args.seeds.is_dir():
        say(f"{args.seeds}: no such folder of seed texts; pass --seeds DIR")
        return EXIT_USAGE
    report = ingest(args.seeds, args.articles, set(args.regenerate or ()))
    for path in report.created:
        print(f"created  {path}")
    for path, backup in report.regenerated:
        print(f"regenerated {path} (your previous version is kept at {backup})")
    if report.kept and not args.quiet:
        print(f"kept     {len(report.kept)} existing record(s) unchanged (use --regenerate SLUG to redo one)")
    show(report.problems)
    return EXIT_PROBLEMS if any(p.severity == "error" for p in report.problems) else EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    config = SiteConfig(base_url=args.base_url, build_date=build_date_from_env())
    inputs = Inputs(articles=args.articles, output=args.output, seeds=args.seeds, templates=args.templates)
    if not args.articles.is_dir():
        say(f"{args.articles}: no such folder of records; run 'build_site.py ingest' first or pass --articles DIR")
        return EXIT_USAGE
    checked = None if args.no_cache else check_inputs(inputs, config, args.keep_going)
    result = checked.result if checked is not None else None
    if result is None:
        from archive.build import BuildFailed, build
        from archive.progress import for_terminal

        try:
            result = build(inputs, config, keep_going=args.keep_going, progress=for_terminal(),
                           use_cache=not args.no_cache, checked=checked)
        except BuildFailed as failure:
            show(failure.problems)
            say("build stopped: fix the records above, or use --keep-going to build what is sound")
            return EXIT_PROBLEMS
    return report_build(result, args)


def report_build(result: BuildResult, args: argparse.Namespace) -> int:
    show([p for p in result.problems if p.severity == "error" or not args.quiet])
    report = result.report
    if report:
        print(f"built {result.pages} pages into {args.output} "
              f"({report.written} files written, {report.unchanged} unchanged, {report.removed} removed)")
    broken = [p for p in result.problems if p.severity == "error"]
    if broken:
        say(f"{len(broken)} record(s) were left out (see above)")
        return EXIT_PROBLEMS
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from archive.check import check_output, check_records
    from archive.data import load_people

    problems = check_records(args.articles, load_people(DATA_DIR))
    if args.output.is_dir():
        problems += check_output(args.output)
    show(problems)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"check: {errors} error(s), {warnings} item(s) to review")
    return EXIT_PROBLEMS if errors else EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """Build, serve and rebuild on change; a broken record is reported, never fatal."""
    import jinja2

    from archive.build import BuildFailed, build
    from archive.data import DataError
    from archive.ingest import ingest
    from archive.records import RecordError
    from archive.serve import serve
    from archive.write import WriteError

    config = SiteConfig(base_url=None, build_date=build_date_from_env())
    inputs = Inputs(articles=args.articles, output=args.output, seeds=args.seeds, templates=args.templates)

    def rebuild() -> str | None:
        try:
            if args.ingest:
                ingest(args.seeds, args.articles)
            build(inputs, config, keep_going=True)
        except BuildFailed as failure:
            return "\n".join(str(p) for p in failure.problems)
        except (RecordError, WriteError, DataError, OSError, jinja2.TemplateError) as error:
            return str(error)
        return None

    folders = [args.articles, args.templates, inputs.static, inputs.data, args.seeds]
    try:
        serve(args.output, args.port, folders, rebuild, say)
    except KeyboardInterrupt:
        say("stopped")
    return EXIT_OK


def run_default(args: argparse.Namespace) -> int:
    args.regenerate, args.keep_going = None, False
    status = run_ingest(args)
    return status if status == EXIT_USAGE else max(status, run_build(args))


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build_site.py", description=__doc__.split("\n\n")[0])
    main.set_defaults(handler=run_default, seeds=ROOT / "seeds", articles=ROOT / "articles",
                      output=ROOT / "output", base_url=None, quiet=False, no_cache=False,
                      templates=TEMPLATES_DIR)
    commands = main.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        sub.add_argument("--articles", type=Path, default=ROOT / "articles", help="records folder (default: articles/)")
        sub.add_argument("--quiet", action="store_true", help="print only problems")
        return sub

    sub = command("ingest", run_ingest, "Turn seed texts into records; existing records are never overwritten.")
    sub.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seed texts folder (default: seeds/)")
    sub.add_argument("--regenerate", nargs="+", metavar="SLUG", help="redo these records from their seeds "
                     "(a slug, a seed file name, or 'all'); the previous version is kept in articles/.backups/")

    sub = command("build", run_build, "Build the static site from the records.")
    sub.add_argument("--output", type=Path, default=ROOT / "output", help="site folder (default: output/)")
    sub.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seed texts, copied to output/sources/")
    sub.add_argument("--base-url", help="public URL of the site: adds canonical links and sitemap.xml")
    sub.add_argument("--no-cache", action="store_true", help="ignore the build cache and rebuild everything")
    sub.add_argument("--keep-going", action="store_true", help="build every sound record and list the rest")
    sub.add_argument("--templates", type=Path, default=TEMPLATES_DIR, help="Jinja2 templates (default: templates/)")

    sub = command("serve", run_serve, "Build, serve on 127.0.0.1, rebuild on change and reload the page.")
    sub.add_argument("--output", type=Path, default=ROOT / "output", help="site folder (default: output/)")
    sub.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seed texts folder (default: seeds/)")
    sub.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    sub.add_argument("--no-ingest", dest="ingest", action="store_false", help="do not ingest new seeds on change")
    sub.add_argument("--templates", type=Path, default=TEMPLATES_DIR, help="Jinja2 templates (default: templates/)")

    sub = command("check", run_check, "List what needs a human: record problems, drafts, broken links.")
    sub.add_argument("--output", type=Path, default=ROOT / "output", help="built site to check (if present)")
    return main


def template_frame(error: BaseException) -> str:
    """'templates/x.html:12' — the innermost template line a runtime template error passed through."""
    where = "templates"
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            where = f"{name}:{trace.tb_lineno}"
        trace = trace.tb_next
    return where


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        say("interrupted; the previous output is left as it was")
    except Exception as error:
        return explain(error)
    return EXIT_PROBLEMS


def explain(error: Exception) -> int:
    """One line for what went wrong; the stages' error types are imported only when one is raised."""
    import jinja2

    from archive.data import DataError
    from archive.records import RecordError
    from archive.write import WriteError

    if isinstance(error, RecordError | WriteError | DataError):
        say(str(error))
    elif isinstance(error, jinja2.TemplateSyntaxError):
        say(f"{error.filename or error.name}:{error.lineno}: template error: {error.message}; fix the template")
    elif isinstance(error, jinja2.TemplateError):
        say(f"{template_frame(error)}: template error: {error}; fix the template")
    elif isinstance(error, OSError):
        say(f"{error.filename or ''}: {error.strerror or error}; check the path and permissions")
    elif os.environ.get("ARCHIVE_DEBUG"):
        raise error
    else:  # a bug of ours: one line for the user, the details on request
        say(f"internal error: {type(error).__name__}: {error}; please report it (ARCHIVE_DEBUG=1 shows details)")
        return EXIT_INTERNAL
    return EXIT_PROBLEMS


def exit_now(status: int) -> None:
    """Exit without the interpreter's teardown, which would free one by one the million objects a
    large build leaves (0.1 s at 10,000 articles). Files are closed and workers joined already."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    exit_now(main())
