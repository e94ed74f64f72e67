"""Take out of an installed environment what Unburden never loads, and estimate the image's size.

The container's build stage installs `requirements.lock` whole (hash-checked, so the lock stays
the one truth), then runs `python tools/slim_image.py prune`; the image gets only the result.
What is removed was found by running `unburden demo`, the `serve` imports and `chroma run` and
listing what they import. CI runs the demo again in an environment pruned this way (`.ci/run`),
and `tests/deploy/test_slim_image.py` checks that nothing the demo loads is on the list.

    python tools/slim_image.py prune      # the running interpreter's site-packages
    python tools/slim_image.py estimate   # prints the estimated image size; exit 1 above the goal
"""

from __future__ import annotations

import argparse
import importlib.metadata
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

# Distributions required by the lock's packages but never imported by Unburden, with who asks.
UNUSED_DISTRIBUTIONS = {
    # chromadb's distributed mode only; the embedded client and the Rust `chroma run` never load it.
    "kubernetes": "chromadb",
    "durationpy": "kubernetes",
    "requests-oauthlib": "kubernetes",
    "oauthlib": "kubernetes, requests-oauthlib",
    # chromadb's old Python (FastAPI) server; `chroma run` is chromadb_rust_bindings' server now.
    "uvicorn": "chromadb (uvicorn[standard])",
    "uvloop": "uvicorn[standard]",
    "httptools": "uvicorn[standard]",
    "watchfiles": "uvicorn[standard]",
    "build": "chromadb",
    "pyproject-hooks": "build",
    # philter-lite's own code is never imported: only its name-list data file is read.
    "nltk": "philter-lite",
    "joblib": "nltk",
    # tokenizers' from_pretrained downloads; the model ships inside the package and loads from a file.
    "huggingface-hub": "tokenizers",
    "hf-xet": "huggingface-hub",
    "fsspec": "huggingface-hub",
}

# Folders inside kept distributions that nothing imports: test suites, and phonenumbers'
# geocoder data (40 MB; only phonenumbers.geocoder reads it, and Presidio never calls it).
UNUSED_FOLDER_NAMES = ("tests", "test")
UNUSED_FOLDERS = ("phonenumbers/geodata",)
# wordfreq's word lists the detector never reads (about 55 of its 57 MB): it reads English's
# large list and the small lists of the languages in bot.privacy.frequency.OTHER_LANGUAGES.
WORDFREQ_DATA = "wordfreq/data"
WORDFREQ_KEPT = (
    "large_en.msgpack.gz",
    "small_en.msgpack.gz",
    *(f"small_{language}.msgpack.gz" for language in ("es", "fr", "de", "pt", "it")),
)

# Shared libraries that auditwheel copied into a wheel (`numpy.libs/`, `pillow.libs/`...) were
# rewritten by patchelf; strip misaligns them ("ELF load command address/offset not
# page-aligned" from numpy's OpenBLAS), so only the extension modules themselves are stripped.
VENDORED_LIBRARIES = ".libs"

# python:3.11-slim, rounded up so the estimate errs heavy: ametric.sh's "Slimming images" guide
# gives about 150 MB for python:3.12-slim; this README took the 3.11 image as about 125 MB before.
BASE_IMAGE_MB = 150
GOAL_MB = 800
# Copied from the repository into the image beside the installed packages.
APPLICATION = ("bot", "knowledge", "prompts", "pyproject.toml", "README.md")
ROOT = Path(__file__).resolve().parents[1]


def site_packages() -> Path:
    """The running interpreter's site-packages folder (the venv's, when run from a venv)."""
    return Path(sysconfig.get_paths()["purelib"])


def unused_folders(packages: Path) -> Iterator[Path]:
    """Folders `prune` deletes under `packages`: test suites and the unused data listed above."""
    for name in UNUSED_FOLDER_NAMES:
        for folder in packages.glob(f"*/**/{name}"):
            # Only inside a package (its parent has __init__.py): a distribution named `test` stays.
            if folder.is_dir() and (folder.parent / "__init__.py").exists():
                yield folder
    for relative in UNUSED_FOLDERS:
        if (packages / relative).is_dir():
            yield packages / relative


def unused_files(packages: Path) -> Iterator[Path]:
    """Files `prune` deletes under `packages`: wordfreq's lists for languages other than English."""
    folder = packages / WORDFREQ_DATA
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.name not in WORDFREQ_KEPT:
                yield path


def installed(name: str) -> bool:
    """Whether a distribution is installed in the running interpreter."""
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def extension_modules(packages: Path) -> Iterator[Path]:
    """Compiled libraries under `packages` that `prune` strips: all but the vendored ones."""
    for library in packages.rglob("*.so*"):
        shared = library.name.endswith(".so") or ".so." in library.name
        vendored = any(part.endswith(VENDORED_LIBRARIES) for part in library.parent.parts)
        if shared and library.is_file() and not library.is_symlink() and not vendored:
            yield library


def prune() -> None:
    """Uninstall the unused distributions, delete the unused folders, strip debug symbols.

    Stripping (binutils' `strip --strip-unneeded`) drops the symbol tables most wheels ship in
    their extension modules: about 200 MB of the lock's 510, with nothing the code calls.
    Raises SystemExit when `strip` is not installed.
    """
    strip = shutil.which("strip")
    if strip is None:
        raise SystemExit("prune needs binutils' strip: apt-get install binutils")
    present = [name for name in UNUSED_DISTRIBUTIONS if installed(name)]
    if present:
        subprocess.run(
            [sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", *present], check=True
        )
    packages = site_packages()
    for folder in list(unused_folders(packages)):
        shutil.rmtree(folder)
    for path in list(unused_files(packages)):
        path.unlink()
    libraries = [str(library) for library in extension_modules(packages)]
    if libraries:
        subprocess.run([strip, "--strip-unneeded", *libraries], check=True)


def megabytes(path: Path) -> float:
    """Size of the files under `path` in MB (10^6 bytes): links and __pycache__ left out.

    Compiled bytecode is counted separately (`compiled`): the application's own is not copied
    into the image (.dockerignore), the installed packages' is (pip writes it at install).
    """
    if path.is_file():
        return path.stat().st_size / 1e6
    files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files if "__pycache__" not in p.parts) / 1e6


def compiled(path: Path) -> float:
    """Size of the bytecode (.pyc) under `path`, in MB."""
    return sum(p.stat().st_size for p in path.rglob("*.pyc")) / 1e6


def estimate() -> float:
    """Print the image estimate, part by part, and return it in MB.

    Base image + the whole site-packages (pip and its .pyc included, as the image's venv holds
    them) + the venv's scripts + the application files copied in, without their bytecode.
    Layers' own overhead (tar headers, the user and folders the Dockerfile makes) is a few kB
    and left out.
    """
    packages = site_packages()
    bytecode = compiled(packages)
    dependencies = megabytes(packages) + bytecode
    scripts = megabytes(Path(sysconfig.get_paths()["scripts"]))
    application = sum(megabytes(ROOT / name) for name in APPLICATION if (ROOT / name).exists())
    total = BASE_IMAGE_MB + dependencies + scripts + application
    print(f"base image python:3.11-slim   {BASE_IMAGE_MB:6.0f} MB (published figure, rounded up)")
    print(f"installed dependencies        {dependencies:6.0f} MB ({bytecode:.0f} MB of it .pyc)")
    print(f"scripts                       {scripts:6.0f} MB")
    print(f"application files             {application:6.0f} MB")
    print(f"estimated image               {total:6.0f} MB (goal under {GOAL_MB} MB)")
    return total


def main(argv: list[str] | None = None) -> int:
    """`prune` or `estimate`; `estimate` exits 1 when the image would pass the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["prune", "estimate"])
    if parser.parse_args(argv).command == "prune":
        prune()
        return 0
    return 0 if estimate() < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
