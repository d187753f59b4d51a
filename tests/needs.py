"""What some tests need from the machine (Chromium, Java, GNU time): without it they skip on a
developer's machine and fail in CI, where a skipped test is a failed one and .ci/run installs it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str, remedy: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"CI=true but {reason}: {remedy} (.ci/run does this)", pytrace=False)
    pytest.skip(f"{reason} ({remedy})")
