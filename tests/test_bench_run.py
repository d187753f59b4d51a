"""The benchmark's timing of one command (archive.bench.run.timed): wall and CPU seconds, peak memory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from needs import unavailable

from archive.bench import run


@pytest.mark.parametrize("gnu_time", [True, False], ids=["GNU time", "getrusage wrapper"])
def test_a_command_is_timed_with_its_cpu_seconds_and_peak_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  gnu_time: bool) -> None:
    if gnu_time and not run.GNU_TIME.exists():
        unavailable("GNU time is not installed", "apt-get install time")
    if not gnu_time:
        monkeypatch.setattr(run, "GNU_TIME", tmp_path / "no-time")
    busy = ("import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
            "x = b'x' * 60_000_000")
    timing = run.timed([sys.executable, "-c", busy], tmp_path, timeout=60)
    assert timing.note == ""
    assert timing.seconds is not None and timing.seconds >= 0.3
    assert timing.cpu_seconds is not None and 0.3 <= timing.cpu_seconds <= timing.seconds + 0.5
    assert timing.peak_mb is not None and timing.peak_mb >= 60


def test_a_failing_command_says_how_it_ended(tmp_path: Path) -> None:
    timing = run.timed([sys.executable, "-c", "import sys; sys.exit(3)"], tmp_path, timeout=60)
    assert timing.seconds is None and timing.note.startswith("exit 3")


def test_usage_reads_the_last_line_of_either_report() -> None:
    assert run.usage("Command exited with non-zero status 1\n20480 1.50 0.25\n") == (20.0, 1.75)
    assert run.usage("a warning\n10240 2.5\n") == (10.0, 2.5)
    assert run.usage("") == (None, None)
