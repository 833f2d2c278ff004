"""pyproject.toml (ranges), requirements.lock (exact versions) and environment.yml (conda-forge) agree."""

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from analysis.core.paths import ROOT

EXTRAS = "notebooks,explorer,dev"  # what `make venv` and environment.yml install


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    return {_norm(r.name): r for r in map(Requirement, deps)}


def _lock() -> dict[str, str]:
    pins = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split() if "==" in line)
    return {_norm(k): v for k, v in pins.items()}


def _conda_pins() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip = dep["pip"]
            continue
        name, _, version = dep.partition("=")
        if name not in ("python", "pip"):
            pins[_norm(name)] = version
    return pins, pip


def test_every_dependency_is_pinned_in_the_lock_within_its_range():
    lock = _lock()
    for name, req in _requirements().items():
        assert name in lock, f"requirements.lock does not pin {name} (pyproject: {req})"
        assert req.specifier.contains(lock[name], prereleases=True), (
            f"requirements.lock pins {name}=={lock[name]}, outside pyproject's range {req.specifier}"
        )


def test_runtime_dependencies_are_ranges_not_exact_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    exact = [d for d in project["dependencies"] if "==" in d]
    assert not exact, f"runtime dependencies pinned exactly (the lock pins; pyproject gives ranges): {exact}"


def test_environment_names_the_pyproject_packages_at_the_lock_versions():
    conda, _ = _conda_pins()
    lock = _lock()
    assert set(conda) == set(_requirements())
    assert {name: lock[name] for name in conda} == conda


def test_environment_and_make_install_the_project_with_the_same_extras():
    _, pip = _conda_pins()
    assert f"-e '.[{EXTRAS}]'" in pip
    assert f"-c requirements.lock -e '.[{EXTRAS}]'" in (ROOT / "Makefile").read_text()
