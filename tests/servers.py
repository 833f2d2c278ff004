"""Local servers started by the tests (JupyterLab, Voilà): stopped the same way."""

from __future__ import annotations

import subprocess


def stop(server: subprocess.Popen, grace_s: float) -> None:
    """Terminate ``server``; kill it if it has not exited after ``grace_s`` seconds."""
    server.terminate()
    try:
        server.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
