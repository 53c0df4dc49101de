"""A class of students on a real JupyterHub on this machine, and what each student costs.

Starts JupyterHub (from the venv) with configurable-http-proxy (from npm, ``node_modules``) on
127.0.0.1, the DummyAuthenticator (one shared class password) and the SimpleLocalProcessSpawner
(every student's Jupyter server runs as the current user, with a home folder of its own under a
temporary folder). Then, as an instructor would:

1. the hub admin (a service with an API token) creates the student accounts;
2. all students log in AT ONCE through the hub's REST API (username + password -> token);
3. each student starts a server, uploads a lab notebook into their home folder, starts a kernel
   and runs every code cell to the end over the kernel's websocket, as JupyterLab does.

Per student it measures: the seconds from logging in to the server being ready, to the first
cell output ("time to first result") and to the last cell; the peak resident memory of the
student's Jupyter server and kernel (``VmHWM`` of each, summed); and their CPU seconds.
Every process it started is stopped at the end, also on error.

    python -m tools.hub_class [--students 5] [--notebook notebooks/02-healthy-dmn-lab.ipynb]

``tests/book/test_hub.py`` runs it; the instructor guide (``book/instructor/hub.md``) quotes it.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from dataclasses import asdict, dataclass, field

import psutil
import requests
import websocket

from tools.labdriver import free_port

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)
PROXY = os.path.join(REPO, "node_modules", ".bin", "configurable-http-proxy")
DEFAULT_NOTEBOOK = "notebooks/02-healthy-dmn-lab.ipynb"
CELL_TIMEOUT_S = 600


class HubError(RuntimeError):
    """The hub, a student's server or a notebook did not do what a class needs."""


@dataclass
class StudentResult:
    name: str
    login_s: float = float("nan")           # login request -> token
    server_ready_s: float = float("nan")    # login -> server ready
    first_result_s: float = float("nan")    # login -> first cell output
    finished_s: float = float("nan")        # login -> last cell done
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    peak_mb: float = float("nan")           # VmHWM of server + kernel
    cpu_s: float = float("nan")


def _hub_config(folder: str, ports: dict, admin_token: str, password: str, system_users: bool = False) -> str:
    """The ``jupyterhub_config.py`` of the class (written to ``folder``, which only the hub may read:
    it holds the admin token and the class password).

    ``system_users``: each student's server runs as their own Unix user (JupyterHub's
    LocalProcessSpawner, home folders from the system) instead of all as the current user."""
    env = {"JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1",
           "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", "")}
    args = ["--ServerApp.log_level=WARN"]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not system_users:
        args.append("--allow-root")   # CI runners and containers often run as root
    cmd = [os.path.join(VENV_BIN, "jupyterhub-singleuser")]
    if system_users:
        spawner = 'c.JupyterHub.spawner_class = "localprocess"'
        python, pythonpath = student_python()
        cmd = [python, "-m", "jupyterhub.singleuser"]
        env["PYTHONPATH"] = pythonpath
    else:
        spawner = ('c.JupyterHub.spawner_class = "simple"\n'
                   f"c.SimpleLocalProcessSpawner.home_dir_template = "
                   f"{os.path.join(os.path.dirname(folder), 'home', '{username}')!r}")
    config = f"""
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports['public']}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports['hub']}
c.ConfigurableHTTPProxy.command = [{PROXY!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.pid_file = {os.path.join(folder, 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///" + {os.path.join(folder, 'hub.sqlite')!r}
c.JupyterHub.cookie_secret_file = {os.path.join(folder, 'cookie_secret')!r}
c.JupyterHub.pid_file = {os.path.join(folder, 'hub.pid')!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.check_running_servers = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
{spawner}
c.Spawner.cmd = {cmd!r}
c.Spawner.args = {args!r}
c.Spawner.environment = {env!r}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.port = 0
c.JupyterHub.services = [{{"name": "class-admin", "api_token": {admin_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "class-admin",
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "tokens"],
    "services": ["class-admin"]}}]
"""
    path = os.path.join(folder, "jupyterhub_config.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(config)
    return path


def client(token: str | None = None) -> requests.Session:
    """An HTTP session for the hub and the servers behind its proxy, one connection per request.

    configurable-http-proxy closes a keep-alive connection after 5 s idle; a session that reuses one
    just as the proxy closes it gets ``Connection reset by peer`` (a student's session is idle while
    their notebook runs over the websocket). ``Connection: close`` takes that race away."""
    session = requests.Session()
    session.headers["Connection"] = "close"
    if token:
        session.headers["Authorization"] = f"token {token}"
    return session


def _class_failed(failures: dict[str, BaseException], hub: dict) -> HubError:
    """The error that ends a class some of whose students failed: each one's step, then the hub's log."""
    return HubError(f"{len(failures)} student(s) failed:\n{_failures(failures)}\n\nhub log:\n{hub['log']()}")


def _failures(failures: dict[str, BaseException]) -> str:
    """One line per failed student: the error and the step of this module it came from."""
    lines = []
    for name, exc in failures.items():
        here = [frame for frame in traceback.extract_tb(exc.__traceback__)
                if os.path.abspath(frame.filename) == os.path.abspath(__file__)]
        step = f" (in {here[-1].name}, line {here[-1].lineno}: {here[-1].line})" if here else ""
        lines.append(f"{name}: {exc!r}{step}")
    return "\n".join(lines)


@contextlib.contextmanager
def running_hub(folder: str, system_users: bool = False):
    """Start JupyterHub; yield ``(public url, admin session)``; stop it and everything it started.

    The hub's own files (config with the admin token and class password, database, cookie secret,
    log) go to ``folder/hub``, readable by the hub alone; students' homes are ``folder/home/<name>``."""
    if not os.access(PROXY, os.X_OK):
        raise HubError(f"{PROXY} is missing: run `npm ci` in the course folder "
                       "(`make test` does it).")
    hub_bin = os.path.join(VENV_BIN, "jupyterhub")
    if not os.access(hub_bin, os.X_OK):
        raise HubError(f"{hub_bin} is missing: run `make venv`.")
    ports = {name: free_port() for name in ("public", "hub", "proxy_api")}
    admin_token = secrets.token_hex(24)
    password = secrets.token_urlsafe(12)
    os.makedirs(os.path.join(folder, "hub"), mode=0o700, exist_ok=True)
    config = _hub_config(os.path.join(folder, "hub"), ports, admin_token, password, system_users)
    log_path = os.path.join(folder, "hub", "hub.log")
    log = open(log_path, "w+", encoding="utf-8")
    env = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    env.pop("MPLBACKEND", None)
    env.pop("DMNLAB_STATIC_WIDGETS", None)
    process = subprocess.Popen([hub_bin, "-f", config], cwd=os.path.join(folder, "hub"), env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{ports['public']}"
    admin = client(admin_token)

    def hub_log() -> str:
        log.flush()
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()[-6000:]

    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise HubError(f"jupyterhub exited with code {process.returncode}:\n{hub_log()}")
            try:
                if admin.get(f"{url}/hub/api/", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise HubError(f"jupyterhub did not answer on {url} in 90 s:\n{hub_log()}")
            time.sleep(0.5)
        yield {"url": url, "admin": admin, "password": password, "log": hub_log,
               "process": process}
    finally:
        _stop_tree(process)
        log.close()


def _stop_tree(process: subprocess.Popen) -> None:
    """SIGTERM the hub (it stops the proxy and the servers), then kill whatever is left."""
    try:
        tree = [psutil.Process(process.pid)] + psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        tree = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    _, alive = psutil.wait_procs(tree, timeout=10)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(alive, timeout=10)


def _reap(pids: set[int]) -> None:
    """Give the students' servers and kernels 10 s to end after the hub, then kill them."""
    procs = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            procs.append(psutil.Process(pid))
    _, alive = psutil.wait_procs(procs, timeout=10)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(alive, timeout=10)


def _peak_and_cpu(pids: list[int]) -> tuple[float, float]:
    """Summed VmHWM (peak resident memory, MB) and CPU seconds of the given live processes."""
    peak_kb, cpu = 0, 0.0
    for pid in pids:
        with contextlib.suppress(OSError, psutil.NoSuchProcess):
            with open(f"/proc/{pid}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        peak_kb += int(line.split()[1])
            times = psutil.Process(pid).cpu_times()
            cpu += times.user + times.system
    return peak_kb / 1024, cpu


def _execute(ws: websocket.WebSocket, code: str, session: str,
             texts: list[str] | None = None) -> tuple[bool, list[str]]:
    """Run one cell on the kernel; return (whether it produced output, error texts). Printed text
    is appended to ``texts`` if given."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "student",
                   "session": session, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    output, errors, idle, replied = False, [], False, False
    deadline = time.monotonic() + CELL_TIMEOUT_S
    while not (idle and replied):
        ws.settimeout(max(1.0, deadline - time.monotonic()))
        try:
            raw = ws.recv()
        except websocket.WebSocketTimeoutException as exc:
            raise HubError(f"a cell ran longer than {CELL_TIMEOUT_S} s:\n{code[:200]}") from exc
        if isinstance(raw, bytes):   # binary widget buffers: not ours to read
            continue
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        content = message.get("content", {})
        if kind in ("stream", "display_data", "execute_result"):
            output = True
            if kind == "stream" and texts is not None:
                texts.append(content.get("text", ""))
            if kind == "stream" and content.get("name") == "stderr" and \
                    "Traceback" in content.get("text", ""):
                errors.append(content["text"][-500:])
        elif kind == "error":
            errors.append(f"{content.get('ename')}: {content.get('evalue')}")
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "execute_reply":
            replied = True
            if content.get("status") == "error" and not errors:
                errors.append(f"{content.get('ename')}: {content.get('evalue')}")
    return output, errors


def _log_in_and_start(hub: dict, name: str, t0: float, result: StudentResult | None = None):
    """The student logs in (username + password -> token) and starts their server; return the
    session and the server's base URL."""
    url = hub["url"]
    login = client().post(f"{url}/hub/api/users/{name}/tokens", timeout=60, json={
        "auth": {"username": name, "password": hub["password"]},
        "note": "class test login", "expires_in": 3600})
    if login.status_code != 201:
        raise HubError(f"{name} could not log in: {login.status_code} {login.text[:200]}")
    if result is not None:
        result.login_s = time.monotonic() - t0
    session = client(login.json()["token"])
    started = session.post(f"{url}/hub/api/users/{name}/server", timeout=60)
    if started.status_code not in (201, 202):
        raise HubError(f"{name}'s server did not start: {started.status_code} {started.text}")
    deadline = time.monotonic() + 180
    while True:
        model = session.get(f"{url}/hub/api/users/{name}", timeout=30).json()
        server = model.get("servers", {}).get("", {})
        if server.get("ready"):
            break
        if time.monotonic() > deadline:
            raise HubError(f"{name}'s server was not ready in 180 s:\n{hub['log']()}")
        time.sleep(0.25)
    if result is not None:
        result.server_ready_s = time.monotonic() - t0
    return session, f"{url}/user/{name}"


def _student(hub: dict, name: str, notebook: dict, result: StudentResult,
             start_gate: threading.Barrier, started_pids: set) -> None:
    start_gate.wait(timeout=60)
    t0 = time.monotonic()
    session, base = _log_in_and_start(hub, name, t0, result)
    put = session.put(f"{base}/api/contents/lab.ipynb", timeout=60,
                      json={"type": "notebook", "format": "json", "content": notebook})
    if put.status_code not in (200, 201):
        raise HubError(f"{name} could not upload the notebook: {put.status_code} {put.text}")
    kernel = session.post(f"{base}/api/kernels", json={"name": "python3"}, timeout=60)
    if kernel.status_code != 201:
        raise HubError(f"{name} could not start a kernel: {kernel.status_code} {kernel.text}")
    kernel_id = kernel.json()["id"]
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(ws_url, timeout=60, header=[f"Authorization: {session.headers['Authorization']}"])
    try:
        session_id = uuid.uuid4().hex
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) \
                else cell["source"]
            output, errors = _execute(ws, source, session_id)
            result.cells += 1
            if output and result.first_result_s != result.first_result_s:   # still NaN
                result.first_result_s = time.monotonic() - t0
            if errors:
                result.errors.extend(errors)
                break
        result.finished_s = time.monotonic() - t0
        pids = _student_pids(hub, name)
        started_pids.update(pids)
        result.peak_mb, result.cpu_s = _peak_and_cpu(pids)
    finally:
        ws.close()
        # the student closes the kernel, as "Shut Down Kernel" in JupyterLab does
        session.delete(f"{base}/api/kernels/{kernel_id}", timeout=60)


def _student_pids(hub: dict, name: str) -> list[int]:
    """The student's Jupyter server (pid from the spawner's state) and all its children."""
    model = hub["admin"].get(f"{hub['url']}/hub/api/users/{name}", timeout=30).json()
    pid = model.get("servers", {}).get("", {}).get("state", {}).get("pid")
    if not pid:
        raise HubError(f"no server pid for {name} in the hub's state: {model}")
    server = psutil.Process(pid)
    return [pid] + [child.pid for child in server.children(recursive=True)]


def run_class(students: int = 5, notebook: str = DEFAULT_NOTEBOOK) -> dict:
    """Run the class; return ``{"students": [StudentResult as dict], "notebook", "machine"}``."""
    with open(os.path.join(REPO, notebook), encoding="utf-8") as handle:
        content = json.load(handle)
    folder = tempfile.mkdtemp(prefix="dmnlab-hub-")
    names = [f"student{i + 1}" for i in range(students)]
    results = {name: StudentResult(name) for name in names}
    failures: dict[str, BaseException] = {}
    started_pids: set[int] = set()
    try:
        with running_hub(folder) as hub:
            created = hub["admin"].post(f"{hub['url']}/hub/api/users", timeout=30,
                                        json={"usernames": names})
            if created.status_code != 201:
                raise HubError(f"could not create students: {created.status_code} "
                               f"{created.text}")
            wrong = client().post(f"{hub['url']}/hub/api/users/{names[0]}/tokens", timeout=30,
                                  json={"auth": {"username": names[0], "password": "wrong"}})
            if wrong.status_code != 403:
                raise HubError(f"a wrong password was not refused: {wrong.status_code}")
            gate = threading.Barrier(students)

            def work(name: str) -> None:
                try:
                    _student(hub, name, content, results[name], gate,
                             started_pids)
                except BaseException as exc:  # noqa: BLE001 - reported below, per student
                    failures[name] = exc

            start = time.monotonic()
            threads = [threading.Thread(target=work, args=(name,)) for name in names]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=CELL_TIMEOUT_S * 2)
            wall = time.monotonic() - start
            for name in names:   # stop every server through the hub, as an instructor would
                with contextlib.suppress(requests.RequestException):
                    hub["admin"].delete(f"{hub['url']}/hub/api/users/{name}/server",
                                        timeout=60)
            if failures:
                raise _class_failed(failures, hub)
    finally:
        _reap(started_pids)
        shutil.rmtree(folder, ignore_errors=True)
    return {"notebook": notebook, "wall_s": wall, "folder": folder,
            "machine": {"cpus": os.cpu_count(),
                        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
            "students": [asdict(results[name]) for name in names]}


def _world_executable(path: str) -> bool:
    """Whether any user may run ``path`` (it and every folder above it allow others in)."""
    real = os.path.realpath(path)
    folders = [real] + [os.path.dirname(real)]
    while folders[-1] not in ("/", ""):
        folders.append(os.path.dirname(folders[-1]))
    return all(os.stat(folder).st_mode & 0o001 for folder in folders if os.path.exists(folder))


def student_python() -> tuple[str, str] | None:
    """An interpreter other Unix users may run, with the ``PYTHONPATH`` that gives it the course's
    packages: the venv's own Python if others may run it, else the system's Python of the same
    version (a venv made from a Python under /root, as pyenv's, is not runnable by other users)."""
    import sysconfig

    import dmnlab

    path = os.pathsep.join([sysconfig.get_paths()["purelib"], os.path.dirname(os.path.dirname(dmnlab.__file__))])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}"):
        if os.path.exists(candidate) and _world_executable(candidate):
            return candidate, path
    return None


def can_isolate_students() -> bool:
    """Whether this machine can give each student a Unix user of their own: root, useradd, and a
    Python the students' users may run."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and bool(shutil.which("useradd")) \
        and bool(shutil.which("userdel")) and student_python() is not None


@contextlib.contextmanager
def system_students(names: list[str], folder: str):
    """Unix users for the students, homes ``folder/home/<name>`` (mode 700), removed afterwards."""
    import pwd

    made = []
    os.makedirs(os.path.join(folder, "home"), exist_ok=True)
    os.chmod(folder, 0o711)
    os.chmod(os.path.join(folder, "home"), 0o711)
    try:
        for name in names:
            home = os.path.join(folder, "home", name)
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                subprocess.run(["userdel", name], check=False, capture_output=True)   # left by a killed run
            subprocess.run(["useradd", "--create-home", "--home-dir", home, "--shell", "/bin/sh",
                            "--user-group", name], check=True, capture_output=True)
            made.append(name)
            os.chmod(home, 0o700)
        yield
    finally:
        for name in made:
            subprocess.run(["userdel", name], check=False, capture_output=True)


# --- a graded class: the final assignment through nbgrader's exchange -----------------------------
@dataclass
class GradedStudent:
    name: str
    kind: str
    seed_shown: str = ""          # what the set-up cell printed about the student's cohort
    errors: list[str] = field(default_factory=list)
    submitted: bool = False
    api: dict = field(default_factory=dict)     # what the hub's API answered this student's token
    probe: dict = field(default_factory=dict)   # what their kernel could read of others' files


def _in_kernel(ws, session_id: str, code: str, what: str) -> str:
    texts: list[str] = []
    _, errors = _execute(ws, code, session_id, texts)
    if errors:
        raise HubError(f"{what} failed: {errors}")
    return "".join(texts)


def _nbgrader_command(action: str, exchange: str, course_id: str, folder: str, name_flag: bool) -> str:
    """Kernel code a student runs (as a terminal would): ``nbgrader <action> final`` in ``folder``.

    nbgrader's exchange names a submission after the Unix user, or after ``JUPYTERHUB_USER`` when
    that user is ``jovyan`` (one container per student, as Zero to JupyterHub runs them). When every
    student's server runs as the same Unix user (``name_flag``), the student's hub name is passed
    as ``--student``, which is what the jovyan rule gives on a real hub."""
    return (
        "import os, subprocess, sys\n"
        f"done = subprocess.run([sys.executable, '-m', 'nbgrader', {action!r}, 'final',\n"
        f"                      '--course', {course_id!r}, '--Exchange.root=' + {exchange!r},\n"
        + ("                      '--student=' + os.environ['JUPYTERHUB_USER']],\n" if name_flag else
           "                      ],\n") +
        f"                     cwd=os.path.expanduser({folder!r}), capture_output=True, text=True)\n"
        "print(done.returncode, done.stdout[-500:], done.stderr[-1500:])\n"
        "assert done.returncode == 0, done.stderr[-1500:]")


#: What a student's kernel tries to read of others' work and of the instructor's files.
PROBE = """
import json, os
probe = {{}}
def attempt(name, action):
    try:
        action()
        probe[name] = "allowed"
    except PermissionError:
        probe[name] = "refused"
    except FileNotFoundError:
        probe[name] = "not found"
attempt("another student's home", lambda: os.listdir({other_home!r}))
attempt("another student's notebook", lambda: open({other_home!r} + "/final/final.ipynb").read())
attempt("the exchange's submissions", lambda: os.listdir({inbound!r}))
attempt("the instructor's course folder", lambda: os.listdir({course!r}))
attempt("the hidden tests", lambda: open({course!r} + "/dmnlab_keys.py").read())
attempt("the term's secret", lambda: open({course!r} + "/term.toml").read())
attempt("the hub's configuration", lambda: open({hub!r} + "/jupyterhub_config.py").read())
print("PROBE" + json.dumps(probe))
"""


def _api_checks(hub: dict, session: requests.Session, name: str, other: str) -> dict:
    """What the hub's REST API answers a student's own token (status codes)."""
    url = f"{hub['url']}/hub/api"
    return {
        "own user": session.get(f"{url}/users/{name}", timeout=30).status_code,
        "list all users": session.get(f"{url}/users", timeout=30).status_code,
        "create a user": session.post(f"{url}/users", json={"usernames": ["intruder"]}, timeout=30).status_code,
        "another student": session.get(f"{url}/users/{other}", timeout=30).status_code,
        "stop another's server": session.delete(f"{url}/users/{other}/server", timeout=30).status_code,
        "make self admin": session.patch(f"{url}/users/{name}", json={"admin": True}, timeout=30).status_code,
    }


def _graded_student(hub: dict, term, student: GradedStudent, notebook: dict, exchange: str,
                    started_pids: set, other: str, isolated: bool, folder: str) -> None:
    """Fetch the final from the exchange, put in work of a known kind, run it, submit it; then try
    the hub's admin API and others' files."""
    session, base = _log_in_and_start(hub, student.name, time.monotonic())
    student.api = _api_checks(hub, session, student.name, other)
    auth = [f"Authorization: {session.headers['Authorization']}"]
    kernel = session.post(f"{base}/api/kernels", json={"name": "python3"}, timeout=60)
    if kernel.status_code != 201:
        raise HubError(f"{student.name} could not start a kernel: {kernel.status_code} {kernel.text}")
    ws = websocket.create_connection(base.replace("http://", "ws://") + f"/api/kernels/{kernel.json()['id']}/channels",
                                     timeout=60, header=auth)
    try:
        _in_kernel(ws, uuid.uuid4().hex,
                   _nbgrader_command("fetch_assignment", exchange, term.course_id, "~", not isolated),
                   f"{student.name}'s fetch")
    finally:
        ws.close()
        session.delete(f"{base}/api/kernels/{kernel.json()['id']}", timeout=60)
    fetched = session.get(f"{base}/api/contents/final", timeout=60).json()
    names = sorted(item["name"] for item in fetched.get("content", []))
    if "final.ipynb" not in names or "cohorts.csv" not in names:
        raise HubError(f"{student.name} fetched {names}, not the final and its cohorts.csv")
    put = session.put(f"{base}/api/contents/final/final.ipynb", timeout=60,
                      json={"type": "notebook", "format": "json", "content": notebook})
    if put.status_code not in (200, 201):
        raise HubError(f"{student.name} could not save the notebook: {put.status_code} {put.text}")
    opened = session.post(f"{base}/api/sessions", timeout=60, json={
        "path": "final/final.ipynb", "name": "final.ipynb", "type": "notebook", "kernel": {"name": "python3"}})
    if opened.status_code != 201:
        raise HubError(f"{student.name} could not open the notebook: {opened.status_code} {opened.text}")
    kernel_id = opened.json()["kernel"]["id"]
    ws = websocket.create_connection(base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels",
                                     timeout=60, header=auth)
    try:
        session_id = uuid.uuid4().hex
        for number, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "code":
                continue
            texts: list[str] = []
            _, errors = _execute(ws, "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"],
                                 session_id, texts)
            if number == 1 or "Your assigned cohort" in "".join(texts):
                student.seed_shown = student.seed_shown or "".join(texts)
            student.errors.extend(errors)
        _in_kernel(ws, session_id, _nbgrader_command("submit", exchange, term.course_id, "~", not isolated),
                   f"{student.name}'s submission")
        student.submitted = True
        printed = _in_kernel(ws, session_id, PROBE.format(
            other_home=os.path.join(folder, "home", other), inbound=os.path.join(exchange, term.course_id, "inbound"),
            course=str(term.root), hub=os.path.join(folder, "hub")), f"{student.name}'s probe")
        student.probe = json.loads(printed.split("PROBE", 1)[1])
        started_pids.update(_student_pids(hub, student.name))
    finally:
        ws.close()
        session.delete(f"{base}/api/sessions/{opened.json()['id']}", timeout=60)


def run_graded_class(students: int = 5) -> dict:
    """A graded class on a real hub: the instructor makes the term and releases the final through
    nbgrader's exchange; each student fetches it, does work of a known kind (blank, partial,
    correct, a copy of a classmate's numbers, course-package shortcuts), runs it and submits; the
    instructor collects and grades with one command. Returns the students, the gradebook rows and
    the expected points."""
    from tools.seminar import samples
    from tools.seminar.grade import grade
    from tools.seminar.term import new_term, release

    folder = tempfile.mkdtemp(prefix="dmnlab-graded-")
    isolated = can_isolate_students()
    # With one Unix user per student the hub names must be free system user names.
    names = [f"{'dmnstudent' if isolated else 'student'}{i + 1}" for i in range(students)]
    exchange = os.path.join(folder, "exchange")
    os.makedirs(exchange)
    os.chmod(exchange, 0o777)
    roster = os.path.join(folder, "roster.csv")
    with open(roster, "w", encoding="utf-8") as handle:
        handle.write("student_id\n" + "\n".join(names) + "\n")
    started_pids: set[int] = set()
    try:
        term = new_term(roster, os.path.join(folder, "course"), "dmn-test", exchange)
        release(term)
        kinds = samples.kinds_for(names)
        class_ = [GradedStudent(name, kinds[name]) for name in names]
        failures: dict[str, BaseException] = {}
        start = time.monotonic()
        users = system_students(names, folder) if isolated else contextlib.nullcontext()
        with users, running_hub(folder, system_users=isolated) as hub:
            created = hub["admin"].post(f"{hub['url']}/hub/api/users", timeout=30, json={"usernames": names})
            if created.status_code != 201:
                raise HubError(f"could not create students: {created.status_code} {created.text}")

            def work(i: int, student: GradedStudent) -> None:
                try:
                    copy_from = names[i - 1] if i else names[-1]
                    notebook = json.loads(json.dumps(samples.submission(term, student.kind, copy_from)))
                    _graded_student(hub, term, student, notebook, exchange, started_pids,
                                    other=names[(i + 1) % len(names)], isolated=isolated, folder=folder)
                except BaseException as exc:  # noqa: BLE001 - reported below, per student
                    failures[student.name] = exc

            threads = [threading.Thread(target=work, args=(i, s)) for i, s in enumerate(class_)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=CELL_TIMEOUT_S * 2)
            for name in names:
                with contextlib.suppress(requests.RequestException):
                    hub["admin"].delete(f"{hub['url']}/hub/api/users/{name}/server", timeout=60)
            if failures:
                raise _class_failed(failures, hub)
        class_done = time.monotonic() - start
        start = time.monotonic()
        gradebook, rows, _ = grade(term, collect=True)
        graded_s = time.monotonic() - start
        with open(gradebook, encoding="utf-8") as handle:
            gradebook_text = handle.read()
        feedback = sorted(p.relative_to(term.root).as_posix() for p in (term.root / "feedback").glob("*/final/*"))
        return {"students": [asdict(s) for s in class_], "seeds": term.seeds(),
                "rows": [{"student": r.student, "points": r.points, "autograded": r.autograded,
                          "status": r.status, "messages": r.messages} for r in rows],
                "expected": {s.name: samples.EXPECTED[s.kind] for s in class_},
                "gradebook_csv": gradebook_text, "feedback": feedback, "isolated": isolated,
                "class_s": class_done, "grading_s": graded_s, "folder": folder}
    finally:
        _reap(started_pids)
        shutil.rmtree(folder, ignore_errors=True)


def report(run: dict) -> str:
    """The run as a Markdown table, as quoted in the instructor guide."""
    lines = [f"{len(run['students'])} students at once, {run['notebook']}, on "
             f"{run['machine']['cpus']} cores and {run['machine']['memory_gb']} GiB; "
             f"whole class done in {run['wall_s']:.0f} s.", "",
             "| student | login (s) | server ready (s) | first result (s) | all cells (s) "
             "| cells | peak memory (MB) | CPU (s) |",
             "|---|---|---|---|---|---|---|---|"]
    for s in run["students"]:
        lines.append(f"| {s['name']} | {s['login_s']:.2f} | {s['server_ready_s']:.1f} | "
                     f"{s['first_result_s']:.1f} | {s['finished_s']:.1f} | {s['cells']} | "
                     f"{s['peak_mb']:.0f} | {s['cpu_s']:.1f} |")
    return "\n".join(lines)


GUIDE = os.path.join(REPO, "book", "instructor", "hub.md")
#: The guide's measured tables sit between these markers; ``--update-guide`` rewrites them.
TABLE_START = "<!-- make class: {notebook} -->"
TABLE_END = "<!-- /make class -->"
#: What ``make class`` measures for the guide: the lab the test runs, and the heaviest lab.
GUIDE_NOTEBOOKS = (DEFAULT_NOTEBOOK, "notebooks/06-networks-lab.ipynb")


def update_guide(text: str, run: dict, day: str) -> str:
    """``text`` (the hub guide) with the table of ``run``'s notebook replaced by this run's."""
    start = TABLE_START.format(notebook=run["notebook"])
    if start not in text:
        raise HubError(f"{GUIDE} has no {start} marker for this notebook.")
    before, rest = text.split(start, 1)
    if TABLE_END not in rest:
        raise HubError(f"{GUIDE}: {start} is not closed by {TABLE_END}.")
    after = rest.split(TABLE_END, 1)[1]
    return f"{before}{start}\nMeasured on {day} by `make class`. {report(run)}\n{TABLE_END}{after}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--notebook", action="append", help="a lab to run (repeat for several; "
                        f"default {DEFAULT_NOTEBOOK})")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--update-guide", action="store_true",
                        help=f"write the measured tables into {os.path.relpath(GUIDE, REPO)}")
    options = parser.parse_args()
    runs = []
    for notebook in options.notebook or [DEFAULT_NOTEBOOK]:
        try:
            run = run_class(options.students, notebook)
        except HubError as exc:
            print(f"The class run failed: {exc}", file=sys.stderr)
            return 1
        print(report(run) + "\n")
        runs.append(run)
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump(runs, handle, indent=1)
    if options.update_guide:
        import datetime

        with open(GUIDE, encoding="utf-8") as handle:
            text = handle.read()
        for run in runs:
            text = update_guide(text, run, datetime.date.today().isoformat())
        with open(GUIDE, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"Updated {GUIDE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
