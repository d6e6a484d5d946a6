#!/usr/bin/env python3
"""Bring up a real CKAN 2.12 on 127.0.0.1 for datatrip's integration tests.

    python tests/ckanlive/harness.py up       # start what is missing, reuse what runs
    python tests/ckanlive/harness.py status   # what runs, exit 0 only if CKAN answers
    python tests/ckanlive/harness.py env      # export DATATRIP_CKAN_URL=... lines
    python tests/ckanlive/harness.py down     # stop what THIS harness started

Pieces (see /work/shared/ckan/NOTES.md for why):
  * CKAN from PyPI (``ckan[requirements]==VERSION``) in its own virtualenv,
    outside the project: ``$XDG_CACHE_HOME/datatrip-ckan/ckan-VERSION-pyX.Y/venv``;
  * PostgreSQL from Debian (cluster 15/main), a role and a database per CKAN
    version;
  * ``solr_standin.py`` (next to this file) in place of Solr;
  * ``ckan run`` in the background; logs, ckan.ini, uploads and the state file
    in ``<project>/.ckan/`` (gitignored).

Stdlib only, so it runs with any Python 3.10+.  Every failure exits non-zero
with a message saying which step failed: a CKAN that cannot be started is a
failure, never a skip.

Environment overrides (defaults in brackets):
  DATATRIP_CKAN_PORT [5055]            DATATRIP_SOLR_PORT [8983]
  DATATRIP_CKAN_VERSION [2.12.0]       DATATRIP_CKAN_HOME [~/.cache/datatrip-ckan]
  DATATRIP_CKAN_PYTHON [this Python's base interpreter, else python3.11]
  DATATRIP_CKAN_STATE_DIR [<project>/.ckan]
  DATATRIP_PG_CLUSTER [15/main, else the first cluster pg_lsclusters lists]
  DATATRIP_CKAN_READY_TIMEOUT [90] seconds
"""
from __future__ import annotations

import configparser
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
SOLR_STANDIN = HERE / "solr_standin.py"

APT_PACKAGES = ["postgresql", "libpq-dev", "libmagic1", "gcc"]
SYSADMIN = "datatrip_admin"
SYSADMIN_EMAIL = "datatrip-admin@example.org"
SYSADMIN_PASSWORD = "datatrip-admin-pass"  # loopback-only throwaway instance
TOKEN_LABEL = "datatrip-tests"
DB_ROLE = "datatrip_ckan"
DB_PASSWORD = "datatrip_ckan"
SUPPORTED_SCHEMAS = ("ckan-2.8", "ckan-2.9", "ckan-2.10", "ckan-2.11", "ckan-2.12")

_T0 = time.monotonic()


class HarnessError(Exception):
    """A step failed; the message says which and what to look at."""


# --------------------------------------------------------------------------
# settings
# --------------------------------------------------------------------------
class Settings:
    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.ckan_version = env.get("DATATRIP_CKAN_VERSION", "2.12.0")
        self.ckan_port = int(env.get("DATATRIP_CKAN_PORT", "5055"))
        self.solr_port = int(env.get("DATATRIP_SOLR_PORT", "8983"))
        self.ready_timeout = float(env.get("DATATRIP_CKAN_READY_TIMEOUT", "90"))
        self.pg_cluster = env.get("DATATRIP_PG_CLUSTER", "")
        self.python = env.get("DATATRIP_CKAN_PYTHON") or _default_python()
        cache = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        self.home = Path(env.get("DATATRIP_CKAN_HOME") or cache / "datatrip-ckan")
        pyver = _python_version(self.python)
        self.venv = self.home / f"ckan-{self.ckan_version}-py{pyver}" / "venv"
        self.state_dir = Path(env.get("DATATRIP_CKAN_STATE_DIR") or PROJECT / ".ckan")
        self.state_file = self.state_dir / "state.json"
        self.ini = self.state_dir / "ckan.ini"
        self.storage = self.state_dir / "storage"
        self.logs = self.state_dir / "logs"
        self.db_name = "datatrip_ckan_" + re.sub(r"\W", "_", self.ckan_version)
        self.url = f"http://127.0.0.1:{self.ckan_port}"
        self.solr_url = f"http://127.0.0.1:{self.solr_port}/solr/ckan"

    @property
    def ckan_bin(self) -> Path:
        return self.venv / "bin" / "ckan"


def _default_python() -> str:
    base = getattr(sys, "_base_executable", None) or sys.executable
    if (3, 10) <= sys.version_info[:2] <= (3, 12) and base and os.path.exists(base):
        return base
    found = shutil.which("python3.11") or shutil.which("python3")
    if not found:
        raise HarnessError("no Python 3.10-3.12 found for CKAN's virtualenv; "
                           "set DATATRIP_CKAN_PYTHON")
    return found


_PYVER_CACHE: dict[str, str] = {}


def _python_version(python: str) -> str:
    if python == sys.executable or python == getattr(sys, "_base_executable", None):
        return "%d.%d" % sys.version_info[:2]
    if python not in _PYVER_CACHE:
        try:
            out = subprocess.run([python, "-c", "import sys;print('%d.%d'%sys.version_info[:2])"],
                                 capture_output=True, text=True, check=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as e:
            raise HarnessError(f"cannot run the Python for CKAN ({python}): {e}") from e
        _PYVER_CACHE[python] = out.stdout.strip()
    return _PYVER_CACHE[python]


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------
def log(msg: str) -> None:
    print(f"[ckan-harness {time.monotonic() - _T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def step(name: str):
    t = time.monotonic()
    log(f"{name} ...")
    try:
        yield
    except HarnessError:
        raise
    except Exception as e:  # anything unexpected still names the step
        raise HarnessError(f"{name}: {type(e).__name__}: {e}") from e
    log(f"{name}: done in {time.monotonic() - t:.1f}s")


def _tail(path: Path, n: int = 40) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join("    " + x for x in lines[-n:])


def run(cmd, what: str, *, env=None, log_file: Path | None = None, timeout=None,
        capture=True) -> str:
    """Run a command; on failure raise HarnessError with its output's tail."""
    cmd = [str(c) for c in cmd]
    try:
        if log_file is not None and not capture:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with open(log_file, "ab") as fh:
                fh.write(f"\n$ {' '.join(cmd)}\n".encode())
                fh.flush()
                proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=fh,
                                      stderr=subprocess.STDOUT, env=env, timeout=timeout)
            out = ""
        else:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                                  env=env, timeout=timeout)
            out = (proc.stdout or b"").decode(errors="replace")
            err = (proc.stderr or b"").decode(errors="replace")
            if log_file is not None:
                log_file.parent.mkdir(parents=True, exist_ok=True)
                with open(log_file, "a") as fh:
                    fh.write(f"\n$ {' '.join(cmd)}\n{out}{err}")
    except FileNotFoundError as e:
        raise HarnessError(f"{what}: command not found: {cmd[0]} ({e})") from e
    except subprocess.TimeoutExpired as e:
        raise HarnessError(f"{what}: timed out after {timeout}s: {' '.join(cmd)}") from e
    if proc.returncode != 0:
        if log_file is not None and not capture:
            detail = _tail(log_file)
        else:
            detail = "\n".join("    " + x for x in (out + err).splitlines()[-40:])
        raise HarnessError(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{detail}")
    return out


# 127.0.0.1 only: never through an http_proxy from the environment
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float = 3.0, headers=None):
    """(status, body) or (None, error text) when nothing answers."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as e:
        return None, str(e)


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def proc_alive(pid, needle: str | None = None) -> bool:
    """True if pid runs (not a zombie) and its command line contains needle."""
    if not pid:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        state = stat.rsplit(")", 1)[1].split()[0]
        if state in ("Z", "X"):
            return False
        if needle:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
            return needle in cmdline
        return True
    except (OSError, IndexError):
        return False


def _clean_env(s: Settings) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP",
                        "CKAN_INI", "PYTHONSAFEPATH")}
    env["PATH"] = f"{s.venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    env["CKAN_INI"] = str(s.ini)
    return env


def ckan_cli(s: Settings, *args, what: str, timeout=300) -> str:
    return run([s.ckan_bin, "-c", s.ini, *args], what, env=_clean_env(s),
               log_file=s.logs / "ckan-cli.log", timeout=timeout)


# --------------------------------------------------------------------------
# state
# --------------------------------------------------------------------------
def load_state(s: Settings) -> dict:
    try:
        return json.loads(s.state_file.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        log(f"warning: ignoring unreadable state file {s.state_file}: {e}")
        return {}


def save_state(s: Settings, state: dict) -> None:
    s.state_dir.mkdir(parents=True, exist_ok=True)
    tmp = s.state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, s.state_file)


@contextlib.contextmanager
def state_lock(s: Settings):
    """Serialise harness runs on one project (e.g. pytest-xdist workers)."""
    import fcntl

    s.state_dir.mkdir(parents=True, exist_ok=True)
    with open(s.state_dir / "harness.lock", "w") as fh:
        t = time.monotonic()
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("another harness run holds the lock; waiting ...")
            fcntl.flock(fh, fcntl.LOCK_EX)
            log(f"lock acquired after {time.monotonic() - t:.1f}s")
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------
# steps of `up`
# --------------------------------------------------------------------------
def ensure_apt_packages() -> None:
    if not shutil.which("dpkg-query"):
        raise HarnessError("dpkg-query not found: this harness expects Debian/Ubuntu "
                           f"(needs apt packages {' '.join(APT_PACKAGES)})")
    missing = []
    for pkg in APT_PACKAGES:
        p = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status}", pkg],
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stdout.strip() != "installed":
            missing.append(pkg)
    if not missing:
        log(f"apt packages present: {' '.join(APT_PACKAGES)}")
        return
    if os.geteuid() != 0:
        raise HarnessError(f"apt packages missing: {' '.join(missing)}; install them as root: "
                           f"apt-get update && apt-get install -y {' '.join(missing)}")
    log(f"apt packages missing: {' '.join(missing)}; installing")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update"], "apt-get update", env=env, timeout=600)
    run(["apt-get", "install", "-y", "--no-install-recommends", *missing],
        "apt-get install", env=env, timeout=1200)


def ensure_venv(s: Settings) -> None:
    """The venv is shared by every checkout on the machine: build it under a
    lock of its own."""
    import fcntl

    s.venv.parent.mkdir(parents=True, exist_ok=True)
    with open(s.venv.parent / "venv.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another harness is building {s.venv}; waiting ...")
            fcntl.flock(fh, fcntl.LOCK_EX)
        _ensure_venv(s)


def _ensure_venv(s: Settings) -> None:
    marker = s.venv / ".datatrip-complete"
    want = f"ckan[requirements]=={s.ckan_version}"
    if marker.exists() and marker.read_text().strip() == want and \
            (s.venv / "bin" / "python").exists() and s.ckan_bin.exists():
        log(f"CKAN venv present: {s.venv}")
        return
    if s.venv.exists():
        log(f"CKAN venv incomplete, recreating: {s.venv}")
        shutil.rmtree(s.venv)
    s.venv.parent.mkdir(parents=True, exist_ok=True)
    pip_log = s.venv.parent / "pip-install.log"
    pip_log.unlink(missing_ok=True)
    outer_pip = _outer_pip()
    log(f"creating CKAN venv with {s.python} at {s.venv}"
        f"{' (no pip inside: installing with ' + ' '.join(outer_pip) + ' --python)' if outer_pip else ''}")
    run([s.python, "-m", "venv", *(["--without-pip"] if outer_pip else []), s.venv],
        "create CKAN venv", timeout=300)
    log(f"pip install {want} (log: {pip_log})")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    pip = [*outer_pip, "--python", s.venv / "bin" / "python"] if outer_pip else \
        [s.venv / "bin" / "pip"]
    run([*pip, "install", "--disable-pip-version-check", want],
        f"pip install {want}", env=env, log_file=pip_log, capture=False, timeout=1800)
    if not s.ckan_bin.exists():
        raise HarnessError(f"pip install {want} left no {s.ckan_bin}; see {pip_log}")
    marker.write_text(want + "\n")


def _outer_pip() -> list:
    """This interpreter's pip if it can install into another venv (pip >= 22.3
    has --python); that saves creating a pip inside CKAN's venv (~6 s)."""
    try:
        p = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True,
                           text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    m = re.match(r"pip (\d+)\.(\d+)", p.stdout or "")
    if p.returncode == 0 and m and (int(m.group(1)), int(m.group(2))) >= (22, 3):
        return [sys.executable, "-m", "pip"]
    return []


def _pg_clusters() -> list[dict]:
    out = run(["pg_lsclusters", "--no-header"], "list PostgreSQL clusters")
    clusters = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 6:
            clusters.append({"version": parts[0], "name": parts[1], "port": int(parts[2]),
                             "status": parts[3], "owner": parts[4], "datadir": parts[5]})
    return clusters


def _postmaster_pid(datadir: str):
    try:
        return int(Path(datadir, "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def ensure_postgres(s: Settings, state: dict) -> dict:
    if not shutil.which("pg_lsclusters"):
        raise HarnessError("pg_lsclusters not found: is the Debian 'postgresql' package installed?")
    clusters = _pg_clusters()
    wanted = s.pg_cluster or "15/main"
    cl = next((c for c in clusters if f"{c['version']}/{c['name']}" == wanted), None)
    if cl is None and not s.pg_cluster and clusters:
        cl = clusters[0]
    if cl is None:
        versions = sorted(p.name for p in Path("/usr/lib/postgresql").glob("*")
                          if (p / "bin" / "postgres").exists())
        if not versions:
            raise HarnessError("no PostgreSQL server binaries under /usr/lib/postgresql")
        ver, name = (wanted.split("/", 1) if s.pg_cluster else (versions[-1], "main"))
        log(f"creating PostgreSQL cluster {ver}/{name}")
        run(["pg_createcluster", ver, name], "pg_createcluster")
        cl = next(c for c in _pg_clusters() if c["version"] == ver and c["name"] == name)
    cid = f"{cl['version']}/{cl['name']}"
    prev = state.get("postgres") or {}
    if cl["status"].startswith("online"):
        pid = _postmaster_pid(cl["datadir"])
        ours = bool(prev.get("started_by_harness") and prev.get("cluster") == cid
                    and prev.get("pid") == pid)
        log(f"PostgreSQL {cid} already running on port {cl['port']}"
            f"{' (started earlier by this harness)' if ours else ''}")
        return {"cluster": cid, "port": cl["port"], "pid": pid, "started_by_harness": ours}
    log(f"starting PostgreSQL {cid} (was {cl['status']})")
    run(["pg_ctlcluster", cl["version"], cl["name"], "start"], f"start PostgreSQL {cid}",
        timeout=120)
    cl = next(c for c in _pg_clusters() if f"{c['version']}/{c['name']}" == cid)
    if not cl["status"].startswith("online"):
        raise HarnessError(f"PostgreSQL {cid} did not come online (status {cl['status']}); "
                           f"see /var/log/postgresql/postgresql-{cl['version']}-{cl['name']}.log")
    return {"cluster": cid, "port": cl["port"], "pid": _postmaster_pid(cl["datadir"]),
            "started_by_harness": True}


def _as_postgres(cmd: list) -> list:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    if shutil.which("sudo"):
        return ["sudo", "-n", "-u", "postgres", *cmd]
    raise HarnessError("need root (or sudo) to administer PostgreSQL as the postgres user")


def psql(pg: dict, sql: str, db: str = "postgres", what: str = "psql") -> str:
    return run(_as_postgres(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", str(pg["port"]),
                             "-d", db, "-tAc", sql]), what).strip()


def ensure_database(s: Settings, pg: dict) -> bool:
    """Create role and database if missing; True if the database is new."""
    psql(pg, f"""DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{DB_ROLE}') THEN
    CREATE ROLE {DB_ROLE} LOGIN PASSWORD '{DB_PASSWORD}';
  ELSE
    ALTER ROLE {DB_ROLE} LOGIN PASSWORD '{DB_PASSWORD}';
  END IF; END$$;""", what=f"create role {DB_ROLE}")
    exists = psql(pg, f"SELECT 1 FROM pg_database WHERE datname = '{s.db_name}'",
                  what="look up database")
    if exists == "1":
        log(f"database {s.db_name} exists")
        return False
    log(f"creating database {s.db_name} owned by {DB_ROLE}")
    run(_as_postgres(["createdb", "-p", str(pg["port"]), "-O", DB_ROLE, "-E", "UTF8",
                      "-T", "template0", s.db_name]), f"createdb {s.db_name}")
    return True


def desired_config(s: Settings, pg: dict) -> dict:
    return {
        "sqlalchemy.url": f"postgresql://{DB_ROLE}:{DB_PASSWORD}@127.0.0.1:{pg['port']}/{s.db_name}",
        "ckan.site_url": s.url,
        "solr_url": s.solr_url,
        "ckan.storage_path": str(s.storage),
        "ckan.max_resource_size": "50",
    }


def ensure_config(s: Settings, pg: dict) -> bool:
    s.state_dir.mkdir(parents=True, exist_ok=True)
    s.storage.mkdir(parents=True, exist_ok=True)
    s.logs.mkdir(parents=True, exist_ok=True)
    generated = not s.ini.exists()
    if generated:
        log(f"generating {s.ini}")
        run([s.ckan_bin, "generate", "config", s.ini], "ckan generate config",
            env=_clean_env(s), log_file=s.logs / "ckan-cli.log", timeout=120)
    changed = set_ini_options(s.ini, "app:main", desired_config(s, pg))
    log(f"configured ckan.ini: {', '.join(changed)}" if changed else "ckan.ini up to date")
    return generated


def set_ini_options(path: Path, section: str, values: dict) -> list[str]:
    """Set ``key = value`` lines in one section of an ini file, in place
    (what ``ckan config-tool`` does, without its ~2 s start-up)."""
    cp = configparser.RawConfigParser(strict=False)
    cp.optionxform = str  # keep key case
    cp.read(path)
    if not cp.has_section(section):
        raise HarnessError(f"{path} has no [{section}] section")
    current = dict(cp.items(section))
    todo = {k: v for k, v in values.items() if current.get(k) != v}
    if not todo:
        return []
    lines = path.read_text().splitlines()
    out, in_section, done = [], False, set()
    for line in lines:
        m = re.match(r"\s*\[([^\]]+)\]\s*$", line)
        if m:
            if in_section:  # leaving the section: append what was not there
                out += [f"{k} = {v}" for k, v in todo.items() if k not in done]
                done.update(todo)
            in_section = m.group(1) == section
            out.append(line)
            continue
        km = re.match(r"([^#;=\s][^=]*?)\s*=", line)
        if in_section and km and km.group(1) in todo:
            key = km.group(1)
            if key not in done:
                out.append(f"{key} = {todo[key]}")
                done.add(key)
            continue  # drop duplicates of a key we set
        out.append(line)
    if in_section:
        out += [f"{k} = {v}" for k, v in todo.items() if k not in done]
    tmp = path.with_suffix(".ini.tmp")
    tmp.write_text("\n".join(out) + "\n")
    os.replace(tmp, path)
    return list(todo)


def ensure_schema(s: Settings, pg: dict) -> None:
    has = psql(pg, "SELECT to_regclass('public.package') IS NOT NULL "
                   "AND to_regclass('public.alembic_version') IS NOT NULL",
               db=s.db_name, what="check CKAN tables")
    if has == "t":
        log("CKAN tables present")
        return
    log("ckan db init")
    ckan_cli(s, "db", "init", what="ckan db init")


def ensure_sysadmin(s: Settings, pg: dict) -> None:
    row = psql(pg, f"SELECT sysadmin FROM \"user\" WHERE name = '{SYSADMIN}' AND state = 'active'",
               db=s.db_name, what="look up sysadmin")
    if row == "t":
        log(f"sysadmin {SYSADMIN} exists")
        return
    if row == "":
        log(f"creating sysadmin {SYSADMIN}")
        ckan_cli(s, "sysadmin", "add", SYSADMIN, "--create", f"email={SYSADMIN_EMAIL}",
                 f"password={SYSADMIN_PASSWORD}", what=f"ckan sysadmin add --create {SYSADMIN}")
    else:
        log(f"making {SYSADMIN} a sysadmin")
        ckan_cli(s, "sysadmin", "add", SYSADMIN, what=f"ckan sysadmin add {SYSADMIN}")
    row = psql(pg, f"SELECT sysadmin FROM \"user\" WHERE name = '{SYSADMIN}' AND state = 'active'",
               db=s.db_name, what="look up sysadmin")
    if row != "t":
        raise HarnessError(f"user {SYSADMIN} is still no active sysadmin after 'ckan sysadmin add' "
                           f"(see {s.logs / 'ckan-cli.log'})")


def _solr_ok(s: Settings) -> tuple[bool, str]:
    code, body = http_get(f"{s.solr_url}/admin/ping", timeout=2)
    if code != 200:
        return False, f"ping answered {code}: {body[:200]}"
    code, body = http_get(f"{s.solr_url}/schema?wt=schema.xml", timeout=2)
    m = re.search(r'<schema\s+name="([^"]+)"', body or "")
    if code != 200 or not m or m.group(1) not in SUPPORTED_SCHEMAS:
        return False, f"schema check answered {code} ({m.group(1) if m else 'no schema name'})"
    return True, m.group(1)


def _start_background(cmd, log_path: Path, env=None, cwd=None) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(log_path, "ab")
    fh.write(f"\n===== {time.strftime('%Y-%m-%d %H:%M:%S')} $ {' '.join(map(str, cmd))}\n".encode())
    fh.flush()
    try:
        return subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, stdout=fh,
                                stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                start_new_session=True, close_fds=True)
    finally:
        fh.close()


def _wait(what: str, check, proc: subprocess.Popen, timeout: float, log_path: Path):
    """Wait for check() to pass; a process that dies or stays unready fails."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        ok, last = check()
        if ok:
            return
        if proc.poll() is not None:
            raise HarnessError(f"{what} exited with code {proc.returncode} before it was ready "
                               f"({last}); last lines of {log_path}:\n{_tail(log_path)}")
        time.sleep(0.25)
    # not recorded in the state file yet: stop it here rather than leak it
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    raise HarnessError(f"{what} not ready after {timeout:.0f}s ({last}); stopped it (pid "
                       f"{proc.pid}); last lines of {log_path}:\n{_tail(log_path)}")


def ensure_solr(s: Settings, state: dict) -> dict:
    prev = state.get("solr") or {}
    ok, info = _solr_ok(s)
    if ok:
        ours = prev.get("started_by_harness") and proc_alive(prev.get("pid"), "solr_standin.py")
        log(f"Solr endpoint already answering at {s.solr_url} (schema {info})"
            f"{'' if ours else '; not started by this harness, reusing it'}")
        return {"url": s.solr_url, "pid": prev.get("pid") if ours else None,
                "started_by_harness": bool(ours), "fresh": False}
    if port_in_use(s.solr_port):
        raise HarnessError(f"port {s.solr_port} is in use by something that is not a usable "
                           f"Solr ({info}); stop it or set DATATRIP_SOLR_PORT")
    log_path = s.logs / "solr-standin.log"
    log(f"starting Solr stand-in on 127.0.0.1:{s.solr_port} (log: {log_path})")
    proc = _start_background([sys.executable, SOLR_STANDIN, "--host", "127.0.0.1",
                              "--port", s.solr_port], log_path)
    _wait("Solr stand-in", lambda: _solr_ok(s), proc, 20, log_path)
    return {"url": s.solr_url, "pid": proc.pid, "started_by_harness": True, "fresh": True,
            "log": str(log_path)}


def reindex_if_needed(s: Settings, pg: dict) -> None:
    n = psql(pg, "SELECT count(*) FROM package", db=s.db_name, what="count datasets")
    if n in ("", "0"):
        return
    log(f"fresh search index, {n} dataset(s) in the database: ckan search-index rebuild")
    ckan_cli(s, "search-index", "rebuild", what="ckan search-index rebuild", timeout=600)


def clear_index(s: Settings) -> None:
    """A new database: drop what a running index holds for this site."""
    log("new database with a running index: deleting its documents for site 'default'")
    req = urllib.request.Request(
        f"{s.solr_url}/update?commit=true", method="POST",
        data=b'<delete><query>+site_id:"default"</query></delete>',
        headers={"Content-Type": "text/xml; charset=utf-8"})
    try:
        with _OPENER.open(req, timeout=10) as r:
            r.read()
    except (urllib.error.URLError, OSError) as e:
        raise HarnessError(f"could not clear the search index at {s.solr_url}: {e}") from e


def _status_show(url: str) -> tuple[bool, str]:
    code, body = http_get(f"{url}/api/3/action/status_show", timeout=3)
    if code != 200:
        return False, f"status_show answered {code}: {(body or '')[:200]}"
    try:
        return True, json.loads(body)["result"].get("ckan_version", "?")
    except (ValueError, KeyError, TypeError):
        return False, f"status_show answered 200 with no JSON result: {body[:200]}"


def ensure_ckan(s: Settings, state: dict) -> dict:
    prev = state.get("ckan") or {}
    ok, info = _status_show(s.url)
    if ok:
        if info != s.ckan_version:
            raise HarnessError(f"a CKAN {info} answers at {s.url}, expected {s.ckan_version}; "
                               "stop it or set DATATRIP_CKAN_PORT")
        ours = prev.get("started_by_harness") and proc_alive(prev.get("pid"), str(s.ini))
        log(f"CKAN {info} already answering at {s.url}"
            f"{'' if ours else '; not started by this harness, reusing it'}")
        return {"url": s.url, "pid": prev.get("pid") if ours else None,
                "started_by_harness": bool(ours)}
    if port_in_use(s.ckan_port):
        raise HarnessError(f"port {s.ckan_port} is in use but no CKAN answers there ({info}); "
                           "stop it or set DATATRIP_CKAN_PORT")
    log_path = s.logs / "ckan.log"
    log(f"starting ckan run on 127.0.0.1:{s.ckan_port} (log: {log_path})")
    proc = _start_background([s.ckan_bin, "-c", s.ini, "run", "-H", "127.0.0.1",
                              "-p", s.ckan_port, "-r", "-t"], log_path, env=_clean_env(s),
                             cwd=s.state_dir)
    _wait("CKAN", lambda: _status_show(s.url), proc, s.ready_timeout, log_path)
    ok, info = _status_show(s.url)
    if info != s.ckan_version:
        raise HarnessError(f"started CKAN reports version {info}, expected {s.ckan_version}")
    return {"url": s.url, "pid": proc.pid, "started_by_harness": True, "log": str(log_path)}


def token_works(url: str, token: str | None) -> bool:
    if not token:
        return False
    code, _ = http_get(f"{url}/api/3/action/api_token_list?user_id={SYSADMIN}",
                       timeout=5, headers={"Authorization": token})
    return code == 200


def new_token(s: Settings) -> str:
    log(f"creating an API token for {SYSADMIN}")
    out = ckan_cli(s, "user", "token", "add", SYSADMIN, TOKEN_LABEL,
                   what="ckan user token add")
    lines = [x.strip() for x in out.splitlines() if x.strip()]
    token = lines[-1] if lines else ""
    if not re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+", token):
        raise HarnessError(f"could not read a token from 'ckan user token add' output:\n{out}")
    return token


# --------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------
def _in_step(name: str, fn, *args):
    with step(name):
        return fn(*args)


def up(settings: Settings | None = None) -> dict:
    """Idempotent bring-up. Returns the state dict (url, token, ...)."""
    from concurrent.futures import ThreadPoolExecutor

    s = settings or Settings()
    t0 = time.monotonic()
    log(f"up: CKAN {s.ckan_version} at {s.url}, Solr stand-in at {s.solr_url}, "
        f"state in {s.state_dir}")
    with state_lock(s):
        state = load_state(s)
        with step("apt packages"):
            ensure_apt_packages()
        # the venv (pip, the long pole of a cold start) is built while
        # PostgreSQL and the Solr stand-in come up
        with ThreadPoolExecutor(max_workers=1) as pool:
            venv_job = pool.submit(_in_step, "CKAN virtualenv", ensure_venv, s)
            with step("PostgreSQL"):
                pg = ensure_postgres(s, state)
            # record a PostgreSQL we started at once, so that `down` can stop
            # it even if a later step fails
            state["postgres"] = pg
            save_state(s, state)
            with step("role and database"):
                new_db = ensure_database(s, pg)
            with step("Solr stand-in"):
                solr = ensure_solr(s, state)
            state["solr"] = {k: v for k, v in solr.items() if k != "fresh"}
            save_state(s, state)
            venv_job.result()
        with step("ckan.ini"):
            new_ini = ensure_config(s, pg)
        with step("database schema"):
            ensure_schema(s, pg)
        with step("sysadmin user"):
            ensure_sysadmin(s, pg)
        if solr["fresh"]:
            with step("search index"):
                reindex_if_needed(s, pg)
        elif new_db:
            with step("search index"):
                clear_index(s)
        # a token needs no running server: make one while CKAN starts when
        # the state has none that can still be valid
        token = None if new_ini else state.get("token")
        with ThreadPoolExecutor(max_workers=1) as pool:
            token_job = None if token else pool.submit(_in_step, "API token", new_token, s)
            with step("CKAN server"):
                ckan = ensure_ckan(s, state)
            state["ckan"] = ckan
            save_state(s, state)
            if token_job is not None:
                token = token_job.result()
        with step("API token check"):
            if not token_works(s.url, token):
                if token_job is not None:
                    raise HarnessError(
                        f"the new API token is not accepted by the CKAN at {s.url}: is that "
                        f"CKAN running with another ckan.ini than {s.ini}?")
                log("token from the state file not accepted; making a new one")
                token = new_token(s)
                if not token_works(s.url, token):
                    raise HarnessError(
                        f"the new API token is not accepted by the CKAN at {s.url}: is that "
                        f"CKAN running with another ckan.ini than {s.ini}?")
        state.update({
            "url": s.url, "token": token, "ckan_version": s.ckan_version,
            "solr_url": s.solr_url, "ini": str(s.ini), "venv": str(s.venv),
            "database": s.db_name, "sysadmin": SYSADMIN,
            "logs": {"ckan": str(s.logs / "ckan.log"),
                     "solr": str(s.logs / "solr-standin.log"),
                     "cli": str(s.logs / "ckan-cli.log")},
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        })
        save_state(s, state)
    log(f"up: CKAN {s.ckan_version} ready at {s.url} in {time.monotonic() - t0:.1f}s")
    return state


def _stop_pid(name: str, pid: int, needle: str, timeout: float = 15) -> str:
    if not proc_alive(pid, needle):
        return f"{name} (pid {pid}) was not running"
    try:
        os.killpg(pid, signal.SIGTERM)  # we started it as its own session leader
    except (ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc_alive(pid):
            return f"stopped {name} (pid {pid})"
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    time.sleep(0.3)
    if proc_alive(pid):
        raise HarnessError(f"{name} (pid {pid}) did not stop after SIGKILL")
    return f"killed {name} (pid {pid}) after {timeout:.0f}s"


def down(settings: Settings | None = None) -> None:
    s = settings or Settings()
    with state_lock(s):
        state = load_state(s)
        if not state:
            log(f"down: no state file at {s.state_file}; nothing this harness started")
            return
        for key, needle in (("ckan", str(s.ini)), ("solr", "solr_standin.py")):
            info = state.get(key) or {}
            if info.get("started_by_harness") and info.get("pid"):
                log(_stop_pid(key, info["pid"], needle))
            elif info.get("url"):
                log(f"leaving {key} at {info['url']} alone (not started by this harness)")
            state[key] = {"started_by_harness": False, "pid": None}
            save_state(s, state)
        pg = state.get("postgres") or {}
        if pg.get("started_by_harness"):
            ver, name = pg["cluster"].split("/", 1)
            cl = next((c for c in _pg_clusters() if c["version"] == ver and c["name"] == name), None)
            if cl and cl["status"].startswith("online") and \
                    _postmaster_pid(cl["datadir"]) == pg.get("pid"):
                log(f"stopping PostgreSQL {pg['cluster']} (started by this harness)")
                run(["pg_ctlcluster", ver, name, "stop"], f"stop PostgreSQL {pg['cluster']}",
                    timeout=120)
            else:
                log(f"PostgreSQL {pg['cluster']} is not the instance this harness started; "
                    "leaving it alone")
        elif pg:
            log(f"leaving PostgreSQL {pg.get('cluster')} alone (not started by this harness)")
        state["postgres"] = {}
        save_state(s, state)
    log("down: done")


def status(settings: Settings | None = None) -> int:
    s = settings or Settings()
    state = load_state(s)
    ok, info = _status_show(s.url)
    print(f"CKAN       {s.url}: {'UP ' + info if ok else 'DOWN (' + info + ')'}"
          f"{'  [pid %s, started by harness]' % state['ckan']['pid'] if (state.get('ckan') or {}).get('started_by_harness') else ''}")
    sok, sinfo = _solr_ok(s)
    print(f"Solr       {s.solr_url}: {'UP schema ' + sinfo if sok else 'DOWN (' + sinfo + ')'}"
          f"{'  [pid %s, started by harness]' % state['solr']['pid'] if (state.get('solr') or {}).get('started_by_harness') else ''}")
    pg = state.get("postgres") or {}
    try:
        cls = {f"{c['version']}/{c['name']}": c for c in _pg_clusters()}
        c = cls.get(pg.get("cluster") or s.pg_cluster or "15/main")
        print(f"PostgreSQL {c['version']}/{c['name']} port {c['port']}: {c['status']}"
              f"{'  [started by harness]' if pg.get('started_by_harness') else ''}"
              if c else "PostgreSQL: cluster not found")
    except HarnessError as e:
        print(f"PostgreSQL: {e}")
    tok = token_works(s.url, state.get("token")) if ok else False
    print(f"token      {'valid' if tok else 'missing or not accepted'}")
    print(f"venv       {s.venv} ({'present' if s.ckan_bin.exists() else 'missing'})")
    print(f"state      {s.state_file}")
    return 0 if ok and tok else 3


def env_lines(settings: Settings | None = None) -> list[str]:
    s = settings or Settings()
    state = load_state(s)
    ok, info = _status_show(s.url)
    if not ok:
        raise HarnessError(f"no CKAN answers at {s.url} ({info}); run 'harness.py up' first")
    if not token_works(s.url, state.get("token")):
        raise HarnessError(f"no valid token in {s.state_file}; run 'harness.py up' first")
    return [f"export DATATRIP_CKAN_URL={s.url}", f"export DATATRIP_CKAN_TOKEN={state['token']}"]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in ("up", "down", "status", "env"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[0]
    try:
        if cmd == "up":
            state = up()
            print(f"CKAN {state['ckan_version']} URL: {state['url']}")
            # The token stays out of stdout: `up` runs in CI, whose log is kept. `env` prints it
            # for a developer's own shell (eval "$(harness.py env)").
            print(f"API token: in {Settings().state_file} (harness.py env prints the exports)")
            print(f"DATATRIP_CKAN_URL={state['url']}")
            return 0
        if cmd == "down":
            down()
            return 0
        if cmd == "status":
            return status()
        if cmd == "env":
            print("\n".join(env_lines()))
            return 0
    except HarnessError as e:
        print(f"ckan-harness: ERROR: {e}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("ckan-harness: interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
