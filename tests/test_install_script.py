"""scripts/install runs pip and npm only when a pinned package is missing or at another version.

The script runs on a copy of the repository's layout with stand-ins for pip
and npm on PATH that only record that they were called.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def make_repo(tmp_path: Path, requirements: str, wanted: str, installed: str | None) -> Path:
    """A folder with scripts/install, requirements.txt, package.json and (optionally) node_modules."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "install", root / "scripts" / "install")
    (root / "requirements.txt").write_text(requirements, encoding="utf-8")
    (root / "package.json").write_text(json.dumps({"dependencies": {"some-data": wanted}}), encoding="utf-8")
    if installed is not None:
        package = root / "node_modules" / "some-data"
        package.mkdir(parents=True)
        (package / "package.json").write_text(json.dumps({"name": "some-data", "version": installed}), encoding="utf-8")
    return root


def run_install(root: Path, tmp_path: Path, *args: str) -> list[str]:
    """Run scripts/install with recording stand-ins for ``python3 -m pip`` and ``npm``; what they were asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "calls.txt"
    (bin_dir / "python3").write_text(
        "#!/usr/bin/env bash\n"
        f'if [ "${{1:-}}" = "-m" ] && [ "${{2:-}}" = "pip" ]; then echo "pip $*" >> {calls}; exit 0; fi\n'
        f'exec {sys.executable} "$@"\n',
        encoding="utf-8",
    )
    (bin_dir / "npm").write_text(f'#!/usr/bin/env bash\necho "npm $*" >> {calls}\n', encoding="utf-8")
    for stub in bin_dir.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", str(root / "scripts" / "install"), *args], check=True, env=env, timeout=120)
    return calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []


def pinned_streamlit(pin: str | None = None) -> str:
    """A requirements.txt pinning streamlit (at the installed version unless ``pin`` says otherwise)."""
    return f"# a comment\nstreamlit=={pin or version('streamlit')}  # pinned\n\n"


def test_nothing_runs_when_everything_is_installed(tmp_path: Path) -> None:
    root = make_repo(tmp_path, pinned_streamlit(), wanted="1.0.8", installed="1.0.8")
    assert run_install(root, tmp_path) == []


def test_pip_runs_when_a_pin_is_not_installed(tmp_path: Path) -> None:
    root = make_repo(tmp_path, pinned_streamlit("0.0.1"), wanted="1.0.8", installed="1.0.8")
    calls = run_install(root, tmp_path)
    assert len(calls) == 1 and calls[0].startswith("pip -m pip install") and "-r requirements.txt" in calls[0]


def test_pip_runs_for_a_line_that_cannot_be_checked(tmp_path: Path) -> None:
    root = make_repo(tmp_path, "streamlit>=1.0\n", wanted="1.0.8", installed="1.0.8")
    assert [c.split()[0] for c in run_install(root, tmp_path)] == ["pip"]


@pytest.mark.parametrize("installed", [None, "1.0.7"])
def test_npm_runs_when_the_data_package_is_missing_or_another_version(tmp_path: Path, installed: str | None) -> None:
    root = make_repo(tmp_path, pinned_streamlit(), wanted="1.0.8", installed=installed)
    calls = run_install(root, tmp_path)
    assert len(calls) == 1 and calls[0].startswith("npm install")


def test_force_runs_both(tmp_path: Path) -> None:
    root = make_repo(tmp_path, pinned_streamlit(), wanted="1.0.8", installed="1.0.8")
    assert [c.split()[0] for c in run_install(root, tmp_path, "--force")] == ["pip", "npm"]
