"""`make lab`: JupyterLab listens on 127.0.0.1 only and refuses API calls without its token.

The server is started with the arguments of the Makefile's ``lab`` recipe (so a change there is
tested), plus a free port and a random token; all Jupyter/IPython state goes to a temp folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import servers

from analysis.core import paths

WAIT_S = 60


def lab_command() -> list[str]:
    """Return the Makefile's ``lab`` recipe as an argument list for this Python and user."""
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lab:.*\n(?:\t@.*\n)*\t(.+)$", makefile, flags=re.M).group(1)  # after @set-up lines
    recipe = re.sub(
        r"\$\(if \$\(filter 0,\$\(shell id -u\)\),([^)]*)\)",
        lambda m: m.group(1) if os.getuid() == 0 else "",
        recipe,
    )
    recipe = recipe.replace("$(PY)", shlex.quote(sys.executable))
    assert "$(" not in recipe, f"unexpanded make syntax in the lab recipe: {recipe}"
    return shlex.split(recipe)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status(url: str, token: str | None = None) -> int:
    """Return the HTTP status of GET ``url`` (with ``Authorization: token …`` when given)."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def listening_addresses(port: int) -> set[str]:
    """Return the local IPv4/IPv6 addresses listening on TCP ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        table = Path("/proc/net") / name
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # little-endian words
                found.add(socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6, words))
    return found


def non_loopback_address() -> str | None:
    """Return this machine's outward IPv4 address, or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: UDP connect sends nothing
        except OSError:
            return None
        address = sock.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab as `make lab` does; yield (base url, token, port); stop it."""
    tmp_path = tmp_path_factory.mktemp("lab")
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs /proc/net/tcp to see which address the server listens on")
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    state = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "IPYTHONDIR": "ipython",
        "XDG_CACHE_HOME": "cache",
        "XDG_CONFIG_HOME": "xdg-config",
        "XDG_DATA_HOME": "xdg-data",
        "MPLCONFIGDIR": "mpl",
    }
    env.update({k: str(tmp_path / v) for k, v in state.items()}, JUPYTER_PLATFORM_DIRS="1")
    command = lab_command() + [f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.token={token}"]
    log = open(tmp_path / "lab.log", "w+b")
    (paths.ROOT / "scratch").mkdir(exist_ok=True)  # `make lab` makes it (a git-ignored copy of the notebooks)
    server = subprocess.Popen(command, cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT_S
        while status_or_none(f"{base}/api/status") is None:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"JupyterLab did not answer within {WAIT_S} s:\n{log.read().decode()[-3000:]}")
            time.sleep(0.3)
        yield base, token, port
    finally:
        servers.stop(server, grace_s=20)
        log.close()


def status_or_none(url: str) -> int | None:
    try:
        return status(url)
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def test_makefile_lab_binds_loopback_and_keeps_token_auth():
    command = lab_command()
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert "--ip=127.0.0.1" in command and "--no-browser" in command
    assert not [a for a in command if re.search(r"token=|password=|disable_check_xsrf|--ip=0|--ip=\*", a)]


def test_lab_refuses_api_calls_without_its_token(lab):
    base, token, _ = lab
    for endpoint in ("/api/status", "/api/contents", "/api/kernels", "/api/sessions"):
        assert status(base + endpoint) == 403, endpoint
        assert status(base + endpoint, secrets.token_hex(16)) == 403, endpoint
    assert status(base + "/api/status", token) == 200
    assert status(base + "/api/kernels", token) == 200


def test_lab_listens_on_loopback_only(lab):
    _, _, port = lab
    assert listening_addresses(port) == {"127.0.0.1"}
    outward = non_loopback_address()
    if outward is not None:  # reaching the port through the machine's own network address fails
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=3).close()


def test_jupyter_runtime_folder_holding_the_token_is_private_to_its_owner():
    """`make venv` and `make lab` create .cache/jupyter/runtime with mode 0700: other users cannot read
    the server's connection and token files (outputs keep the user's umask)."""
    runtime = paths.CACHE / "jupyter" / "runtime"
    assert runtime.is_dir(), "run through `make test`, which creates the runtime folder"
    assert runtime.stat().st_mode & 0o777 == 0o700
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert makefile.count("mkdir -p -m 700 $(JUPYTER_RUNTIME_DIR) && chmod 700 $(JUPYTER_RUNTIME_DIR)") == 2


def test_make_lab_works_on_a_scratch_copy_and_turns_the_news_off():
    """Saving in Lab must never rewrite the committed, nbval-checked notebooks or their twins."""
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\nlab:") : makefile.index("\nbench:")]
    assert "--notebook-dir=scratch" in lab_command()
    assert "cp -n notebooks/[0-9][0-9]_*.ipynb scratch/" in recipe  # copies only the .ipynb, keeps edits
    assert '"fetchNews": "false"' in recipe
    assert "scratch/" in (paths.ROOT / ".gitignore").read_text(encoding="utf-8").split()
