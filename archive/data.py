"""Reference data the code consults, loaded from `data/*.yaml` into dataclasses.

People and their roles, boilerplate patterns, outlets and topics live in YAML so that
the archive grows by editing data, not code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from archive.config import DATA_DIR
from archive.model import Person, Role
from archive.views import Layout


class DataError(Exception):
    """A data file is missing or malformed; the message names the file."""


# libyaml's parser, where PyYAML was built with it: the same values, ~10× faster (people.yaml
# is read by every build).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)
    except FileNotFoundError as error:
        raise DataError(f"{path}: missing data file; restore it from the repository") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataError(f"{where}: not valid YAML ({getattr(error, 'problem', error)}); fix the file") from error


def _role(entry: dict[str, Any]) -> Role:
    start, end = entry.get("start"), entry.get("end")
    return Role(str(entry["title"]), str(start) if start else None, str(end) if end else None)


def people_from(entries: list[dict[str, Any]]) -> list[Person]:
    return [
        Person(
            id=str(entry["id"]),
            name=str(entry["name"]),
            side=str(entry.get("side", "other")),
            aliases=tuple(str(alias) for alias in entry.get("aliases") or ()),
            roles=tuple(_role(role) for role in entry.get("roles") or ()),
            description=entry.get("description"),
            pronoun=entry.get("pronoun"),
        )
        for entry in entries or ()
    ]


def load_people(data_dir: Path = DATA_DIR) -> list[Person]:
    return people_from(load_yaml(data_dir / "people.yaml"))


def load_layout(data_dir: Path = DATA_DIR) -> Layout:
    path = data_dir / "layout.yaml"
    values = load_yaml(path)
    known = Layout.__dataclass_fields__
    if not isinstance(values, dict) or not all(k in known and isinstance(v, int) and not isinstance(v, bool)
                                               and v >= 0 for k, v in values.items()):
        raise DataError(f"{path}: expected only {', '.join(known)}, each a whole number ≥ 0; fix the file")
    return Layout(**values)
