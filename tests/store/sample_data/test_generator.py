"""The generator: the same bytes every run, the committed files at scale one, a bad scale
refused."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.store.sample_data.sample import FILES, SAMPLE


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_data_generate", SAMPLE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_the_generator_writes_the_same_bytes_every_run(tmp_path: Path) -> None:
    generator = load_generator()
    for run in ("first", "second"):
        generator.write(generator.build(anchor=generator.DEFAULT_ANCHOR, scale=0.2),
                        tmp_path / run)

    for name in FILES:
        first = (tmp_path / "first" / name).read_bytes()
        assert first == (tmp_path / "second" / name).read_bytes(), name
        assert first.count(b"\n") > 1, name


def test_the_committed_csvs_are_what_the_generator_writes_at_scale_one(tmp_path: Path) -> None:
    generator = load_generator()
    generator.write(generator.build(anchor=generator.DEFAULT_ANCHOR, scale=1.0), tmp_path)

    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), (
            f"{name} differs: run `python sample_data/generate.py` and commit the result")


def test_a_bad_scale_is_refused_with_a_message() -> None:
    generator = load_generator()
    with pytest.raises(ValueError, match="--scale must be positive"):
        generator.build(anchor=generator.DEFAULT_ANCHOR, scale=0)
