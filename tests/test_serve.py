"""The live server: serves the build, injects live reload, survives broken records."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

from archive.serve import BuildState, make_server, snapshot, watch


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def test_pages_get_the_live_script_and_files_on_disk_do_not(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p>hi</p></body></html>", encoding="utf-8")
    state = BuildState()
    state.record(None)
    server = make_server(tmp_path, 0, state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = fetch(base + "/index.html")
        assert b'<script src="/__live.js"></script>' in page
        assert b"__live.js" not in (tmp_path / "index.html").read_bytes()
        assert b"location.reload" in fetch(base + "/__live.js")
        assert json.loads(fetch(base + "/__status")) == {"build": 1, "error": None}
    finally:
        server.shutdown()
        server.server_close()


def test_watcher_rebuilds_on_change_and_keeps_going_after_an_error(tmp_path: Path) -> None:
    watched = tmp_path / "articles"
    watched.mkdir()
    record = watched / "a.md"
    record.write_text("one", encoding="utf-8")
    outcomes = iter(["articles/a.md:2: error: missing 'title'", None])
    state, stop, messages = BuildState(), threading.Event(), []
    thread = threading.Thread(target=watch, daemon=True,
                              args=([watched], lambda: next(outcomes), state, stop, messages.append,
                                    snapshot([watched])))
    thread.start()
    try:
        record.write_text("two, longer", encoding="utf-8")
        wait_for(lambda: state.number == 1)
        assert state.error and "missing 'title'" in state.error
        record.write_text("three, longer still", encoding="utf-8")
        wait_for(lambda: state.number == 2)
        assert state.error is None
        assert messages[0].startswith("build failed:") and messages[1].startswith("rebuilt in")
    finally:
        stop.set()
        thread.join(timeout=5)


def test_snapshot_ignores_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".a.md.tmp").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert list(snapshot([tmp_path])) == [str(tmp_path / "a.md")]


def test_snapshot_sees_nested_files_and_skips_hidden_folders(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / ".backups").mkdir()
    (tmp_path / ".backups" / "a.md").write_text("old", encoding="utf-8")
    seen = snapshot([tmp_path, tmp_path / "missing"])
    assert list(seen) == [str(tmp_path / "sub" / "deeper" / "b.md")]
    (tmp_path / "sub" / "deeper" / "b.md").write_text("longer", encoding="utf-8")
    assert snapshot([tmp_path]) != seen


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
