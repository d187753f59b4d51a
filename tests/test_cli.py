"""The command line end to end, and the bad-input catalogue: one clear line, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_site

ROOT = Path(__file__).resolve().parent.parent
GOOD = "---\ntitle: A sound record\ndate: 2023-01-05\n---\n\nIt has a body.\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = build_site.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.fixture()
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    return folder


def build(capsys, records: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "build", "--articles", str(records), "--output", str(records.parent / "out"), *extra)


# ---------------------------------------------------------------- the happy path


def test_ingest_build_check_on_the_seeds(tmp_path: Path, capsys) -> None:
    articles, out = tmp_path / "articles", tmp_path / "out"
    status, stdout, _ = run(capsys, "ingest", "--seeds", str(ROOT / "seeds"), "--articles", str(articles))
    assert status == 0 and stdout.count("created") == 5
    status, stdout, _ = run(capsys, "build", "--articles", str(articles), "--output", str(out))
    assert status == 0 and "built" in stdout
    listed = json.loads((out / "data/articles.json").read_text())["articles"]
    assert len(listed) == 5
    status, stdout, err = run(capsys, "check", "--articles", str(articles), "--output", str(out))
    assert "draft contact(s) to review" in err  # fresh drafts need a human
    assert "points at a file" not in err and "no element with id" not in err  # no broken link


def test_ingest_never_overwrites_an_edited_record(tmp_path: Path, capsys) -> None:
    seeds, articles = tmp_path / "seeds", tmp_path / "articles"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "000_0e1faf5e22431d4b.txt", seeds)
    run(capsys, "ingest", "--seeds", str(seeds), "--articles", str(articles))
    record = next(articles.glob("*.md"))
    edited = record.read_text(encoding="utf-8").replace("kind: news", "kind: analysis") + "\nMy own note.\n"
    record.write_text(edited, encoding="utf-8")
    status, stdout, _ = run(capsys, "ingest", "--seeds", str(seeds), "--articles", str(articles))
    assert status == 0 and "kept" in stdout
    assert record.read_text(encoding="utf-8") == edited
    status, stdout, _ = run(capsys, "ingest", "--seeds", str(seeds), "--articles", str(articles),
                            "--regenerate", record.stem)
    backup = articles / ".backups" / f"{record.stem}.1.md"
    assert str(backup) in stdout
    assert backup.read_text(encoding="utf-8") == edited
    assert "My own note." not in record.read_text(encoding="utf-8")


# ---------------------------------------------------------------- bad records


@pytest.mark.parametrize("name, text, message", [
    ("yaml.md", "---\ntitle: [oops\ndate: 2023-01-01\n---\nBody\n", "yaml.md:2: error: front matter is not valid YAML"),
    ("notitle.md", "---\ndate: 2023-01-01\n---\nBody\n", "notitle.md:2: error: missing 'title'"),
    ("nodate.md", "---\ntitle: T\n---\nBody\n", "nodate.md:2: error: missing 'date'"),
    ("baddate.md", "---\ntitle: T\ndate: someday\n---\nBody\n", "baddate.md:3: error: date: 'someday' is not a date"),
    ("escape.md", "---\ntitle: T\ndate: 2023-01-01\nslug: ../../outside\n---\nB\n", "escape.md:4: error: slug"),
    ("abs.md", "---\ntitle: T\ndate: 2023-01-01\nslug: /etc/passwd\n---\nB\n", "abs.md:4: error: slug"),
    ("dupe.md", "---\ntitle: T\ndate: 2023-01-01\nslug: good\n---\nB\n", "slug 'good' is also used by"),
    ("binary.md", "---\ntitle: \x00\x01\ndate: 2023-01-01\n---\n", "binary.md"),
])
def test_bad_record_stops_the_build_with_one_line(records: Path, capsys, name: str, text: str, message: str) -> None:
    (records / name).write_text(text, encoding="utf-8")
    status, _, err = build(capsys, records)
    assert status == 1
    assert message in err, err
    assert not (records.parent / "out").exists()  # nothing half-built


def test_keep_going_builds_what_is_sound_and_lists_the_rest(records: Path, capsys) -> None:
    (records / "broken.md").write_text("---\ntitle: T\n---\nBody\n", encoding="utf-8")
    status, _, err = build(capsys, records, "--keep-going")
    assert status == 1
    assert "broken.md:2: error: missing 'date'" in err and "left out" in err
    assert (records.parent / "out" / "articles" / "good" / "index.html").exists()


def test_unknown_key_warns_but_builds(records: Path, capsys) -> None:
    (records / "typo.md").write_text("---\ntitle: T\ndate: 2023-01-01\nsumary: x\n---\nB\n", encoding="utf-8")
    status, _, err = build(capsys, records)
    assert status == 0
    assert "typo.md:4: warning: unknown front-matter key 'sumary'" in err and "'summary'" in err


def test_contact_citing_an_unknown_article_is_reported(records: Path, capsys) -> None:
    (records / "cites.md").write_text(
        "---\ntitle: T\ndate: 2023-01-01\ncontacts:\n- date: 2023-01-01\n  participants:\n"
        "  - {name: Wang Yi, side: CN}\n  sources:\n  - {article: no-such-article, sentence: Hello.}\n---\nB\n",
        encoding="utf-8")
    _, _, err = build(capsys, records)
    assert "cites unknown article 'no-such-article'" in err


def test_output_folder_not_made_by_the_archive_is_refused(records: Path, capsys, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    status, _, err = run(capsys, "build", "--articles", str(records), "--output", str(home))
    assert status == 1 and "not created by the archive" in err
    assert (home / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_template_errors_name_the_file_and_line(records: Path, capsys, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    about = templates / "about.html"
    about.write_text(about.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}\n{% if %}"),
                     encoding="utf-8")
    status, _, err = build(capsys, records, "--templates", str(templates))
    assert status == 1
    assert "about.html:" in err and "template error" in err
    about.write_text("{% extends 'base.html' %}{% block main %}\n\n{{ no_such_value.attr }}{% endblock %}",
                     encoding="utf-8")
    status, _, err = build(capsys, records, "--templates", str(templates))
    assert status == 1 and "about.html:3: template error" in err, err


# ---------------------------------------------------------------- bad seeds


@pytest.mark.parametrize("name, raw, message, created", [
    ("empty.txt", b"", "empty.txt: error: the file is empty", 0),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "looks binary", 0),
    ("huge.txt", b"word " * (3 * 1024 * 1024), "too large for one article", 0),
    ("latin1.txt", "Café talks\n\nJune 5, 2023\n\nThe café.\n".encode("latin-1"), "not valid UTF-8", 1),
    ("bom.txt", b"\xef\xbb\xbfTitle here\r\n\r\nJune 5, 2023\r\n\r\nBody.\r\n", None, 1),
])
def test_bad_seeds(tmp_path: Path, capsys, name: str, raw: bytes, message: str | None, created: int) -> None:
    seeds, articles = tmp_path / "seeds", tmp_path / "articles"
    seeds.mkdir()
    (seeds / name).write_bytes(raw)
    _, stdout, err = run(capsys, "ingest", "--seeds", str(seeds), "--articles", str(articles))
    assert stdout.count("created") == created
    if message:
        assert message in err and name in err
    for record in articles.glob("*.md"):
        text = record.read_text(encoding="utf-8")
        assert "\ufeff" not in text and "\r" not in text


def test_missing_folders_are_reported(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, "ingest", "--seeds", str(tmp_path / "nope"), "--articles", str(tmp_path / "a"))
    assert status == 2 and "no such folder of seed texts" in err
    status, _, err = run(capsys, "build", "--articles", str(tmp_path / "nope"), "--output", str(tmp_path / "o"))
    assert status == 2 and "no such folder of records" in err


def test_help_for_every_command(capsys) -> None:
    for command in ("ingest", "build", "check", "serve"):
        with pytest.raises(SystemExit) as caught:
            build_site.main([command, "--help"])
        assert caught.value.code == 0
        assert "--articles" in capsys.readouterr().out


def test_a_build_with_nothing_to_do_loads_no_stage(records: Path) -> None:
    """The up-to-date check answers before templates, Markdown, YAML or the build are imported:
    that is what keeps a no-change rebuild of 10,000 articles under half a second."""
    out = records.parent / "out"
    script = ("import sys, build_site; status = build_site.main(sys.argv[1:]); "
              "print(status, sorted(m for m in sys.modules if m.split('.')[0] in "
              "('jinja2', 'markdown', 'yaml', 'nh3') or m in ('archive.build', 'archive.records')))")
    argv = [sys.executable, "-c", script, "build", "--articles", str(records), "--output", str(out), "--quiet"]

    def loaded() -> str:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
        return done.stdout.splitlines()[-1]

    assert "archive.build" in loaded()  # the first build does the work
    assert loaded() == "0 []"  # the second has nothing to do
    (records / "good.md").write_text(GOOD + "\nAn edit.\n", encoding="utf-8")
    assert "archive.build" in loaded()
