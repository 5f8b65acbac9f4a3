"""The wheel carries the tag scheme and the sample corpus, so an installed program works from any folder."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version

import pytest

from tests.conftest import ROOT, SEEDS

SOURCES = ("pyproject.toml", "README.md", "annotator", "resources", "seeds")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Built offline from a copy of the sources: a build inside the checkout leaves build/ behind,
    whose stale files a later wheel would carry."""
    if tuple(int(part) for part in version("setuptools").split(".")[:2]) < (70, 1):
        pytest.skip("building a wheel offline needs setuptools>=70.1: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("wheel")
    (tmp / "src").mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, tmp / "src" / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(tmp / "src"), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp / "dist")],
        check=True, capture_output=True, timeout=120,
    )
    (built,) = (tmp / "dist").glob("annotator-*.whl")
    return built


def test_the_wheel_holds_the_scheme_and_every_seed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "annotator/resources/schema.json" in names
    seeds = {f"annotator/seeds/{p.name}" for p in SEEDS.iterdir() if p.suffix == ".txt"}
    assert len(seeds) == 5 and seeds <= names
    assert not [n for n in names if "__pycache__" in n]


def test_the_wheel_holds_every_module_of_the_checkout(wheel):
    """A new subpackage must be listed in pyproject.toml's packages, or the installed program cannot import it."""
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "annotator").rglob("*.py") if "__pycache__" not in p.parts
    }
    assert modules - names == set()


def test_an_unpacked_wheel_reads_its_own_scheme_and_seeds(wheel, tmp_path):
    """Installed, the program finds its data inside the package, from any working folder."""
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = (
        "import json; from annotator.core.config import resource_path, seeds_dir; "
        "from annotator.core.schema import load_schema; "
        "print(json.dumps([str(resource_path('schema.json')), str(seeds_dir()), "
        "sorted(p.name for p in seeds_dir().glob('*.txt')), len(load_schema().span_labels)]))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=True
    )
    schema, seeds, names, labels = json.loads(result.stdout)
    assert schema == str(tmp_path / "site" / "annotator" / "resources" / "schema.json")
    assert seeds == str(tmp_path / "site" / "annotator" / "seeds")
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert labels == 3
