"""What the image's build stage takes out (tools/slim_image.py) is nothing the bot loads."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.privacy.frequency import OTHER_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# Runs `unburden <arguments>`, then writes the files of every module it loaded.
RECORD_LOADED = """
import atexit, json, sys
from bot.cli import main
atexit.register(lambda: json.dump(
    sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())} - {""}),
    open(sys.argv[1], "w"),
))
raise SystemExit(main(sys.argv[2:]))
"""


def slim_image() -> ModuleType:
    spec = importlib.util.spec_from_file_location("slim_image", ROOT / "tools" / "slim_image.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pruned_files(slim: ModuleType) -> set[Path]:
    """Every installed file `prune` would delete in this environment (debug symbols aside)."""
    packages = slim.site_packages()
    files: set[Path] = set()
    for name in slim.UNUSED_DISTRIBUTIONS:
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        files |= {Path(distribution.locate_file(f)).resolve() for f in distribution.files or []}
    for folder in slim.unused_folders(packages):
        files |= {path.resolve() for path in folder.rglob("*") if path.is_file()}
    files |= {path.resolve() for path in slim.unused_files(packages)}
    return files


@pytest.mark.slow
def test_the_demo_loads_nothing_the_image_leaves_out(tmp_path: Path) -> None:
    slim = slim_image()
    loaded_list = tmp_path / "loaded.json"

    demo = subprocess.run(
        [sys.executable, "-c", RECORD_LOADED, str(loaded_list), "demo"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=280,
    )

    failure = demo.stderr[demo.stderr.rfind("Traceback") :] if "Traceback" in demo.stderr else ""
    assert demo.returncode == 0, (failure or demo.stderr)[:3000]
    assert "Demo finished" in demo.stdout
    loaded = {Path(file).resolve() for file in json.loads(loaded_list.read_text())}
    pruned = pruned_files(slim)
    # The environment really has what the list names, so an empty overlap means something.
    assert any("kubernetes" in path.parts for path in pruned)
    assert any(path.match("phonenumbers/geodata/*") for path in pruned)
    assert any(path.match("wordfreq/data/large_de.msgpack.gz") for path in pruned)
    assert not any(path.match("wordfreq/data/large_en.msgpack.gz") for path in pruned)
    for language in OTHER_LANGUAGES:  # the detector reads these (bot.privacy.frequency)
        assert not any(path.match(f"wordfreq/data/small_{language}.msgpack.gz") for path in pruned)
    assert not sorted(loaded & pruned)[:10]


def test_stripping_leaves_the_libraries_auditwheel_vendored_alone(tmp_path: Path) -> None:
    slim = slim_image()
    for name in (
        "numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
        "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
        "pillow.libs/libjpeg-8a13c6e0.so.62.4.0",
        "tokenizers/tokenizers.abi3.so",
        "spacy/tests/README.sorted",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"\x7fELF")

    stripped = {path.relative_to(tmp_path).as_posix() for path in slim.extension_modules(tmp_path)}

    # patchelf rewrote the vendored ones; strip breaks them ("ELF load command ... not page-aligned").
    assert stripped == {
        "numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
        "tokenizers/tokenizers.abi3.so",
    }
