"""environment.yml (conda-forge) and pyproject.toml must name the same packages at the same versions."""

import re
import tomllib

import yaml

from analysis.core.paths import ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = {}
    for dep in deps:
        name, _, version = dep.partition("==")
        assert version, f"pyproject dependency {dep!r} is not pinned with =="
        pins[_norm(name)] = version
    return pins


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


def test_environment_matches_pyproject():
    conda, _ = _conda_pins()
    assert conda == _pyproject_pins()


def test_environment_installs_the_project_itself():
    _, pip = _conda_pins()
    assert "-e '.[dev]'" in pip


def test_lock_agrees_with_pyproject():
    lock = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split() if "==" in line)
    lock = {_norm(k): v for k, v in lock.items()}
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, (
            f"requirements.lock pins {name} {lock.get(name)}, pyproject {version}"
        )
