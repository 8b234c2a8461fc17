"""A throw-away Virtuoso Open Source 7 on loopback, for tests, benchmarks and trials.

Writes its own ``virtuoso.ini`` into a directory (database files there too),
binds the SQL and HTTP ports to ``127.0.0.1`` only, has no ``[Zero Config]``
(no mDNS announcement), lifts the 10,000-row ``ResultSetMaxRows`` cap and the
60 s ``MaxQueryExecutionTime`` of the Debian configuration, and allows the
bulk loader to read files under ``dirs_allowed``.

Example::

    with LocalVirtuoso(Path("/tmp/v")) as v:
        print(v.gsp_endpoint)      # http://127.0.0.1:PORT/sparql-graph-crud-auth
        v.kill(); v.start()        # crash and restart on the same database

The ``dba`` password is ``dba`` on a fresh database: fine on loopback, change
it (``SET PASSWORD dba NEW;`` in isql) before anything leaves the machine.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import requests

from lod.errors import PublishError

__all__ = ["LocalVirtuoso", "find_binary", "free_port"]

_INI = """\
; written by lod.push.virtuoso_server for a throw-away loopback instance
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = {dirs}
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty}
MaxQueryMem          = 1G
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http}
ServerRoot           = {d}/vsp
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledDavVSP        = 0
KeepAliveTimeout     = 10

[SPARQL]
ResultSetMaxRows           = 10000000
MaxQueryExecutionTime      = 0
MaxQueryCostEstimationTime = 0
"""


def find_binary(name: str) -> str | None:
    """The path of ``virtuoso-t`` / ``isql-vt`` (Debian names), or None.

    Debian's ``virtuoso-opensource-7-bin`` installs both in ``/usr/bin``;
    upstream builds call the client ``isql``.
    """
    found = shutil.which(name)
    if found is None and name == "isql-vt":
        found = shutil.which("isql")
    return found


def free_port() -> int:
    """A TCP port nobody listens on right now (on 127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalVirtuoso:
    """One ``virtuoso-t`` process over a database directory it owns."""

    def __init__(
        self,
        directory: Path,
        *,
        dirs_allowed: Sequence[Path] = (),
        http_port: int | None = None,
        sql_port: int | None = None,
        buffers: int = 40000,
    ) -> None:
        binary = find_binary("virtuoso-t")
        if binary is None:
            raise PublishError("expected virtuoso-t on PATH (Debian package virtuoso-opensource), found none")
        self.binary = binary
        self.directory = Path(directory).resolve()
        self.http_port = http_port or free_port()
        self.sql_port = sql_port or free_port()
        self.dirs_allowed = tuple(Path(p).resolve() for p in dirs_allowed)
        self.buffers = buffers
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def gsp_endpoint(self) -> str:
        """Graph Store Protocol endpoint (HTTP digest auth)."""
        return f"{self.base_url}/sparql-graph-crud-auth"

    @property
    def update_endpoint(self) -> str:
        """SPARQL endpoint that accepts updates (HTTP digest auth)."""
        return f"{self.base_url}/sparql-auth"

    @property
    def query_endpoint(self) -> str:
        """Anonymous, read-only SPARQL endpoint."""
        return f"{self.base_url}/sparql"

    @property
    def isql_address(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    def write_ini(self) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "vsp").mkdir(exist_ok=True)
        dirs = ", ".join([".", str(self.directory), *map(str, self.dirs_allowed)])
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                d=self.directory, sql=self.sql_port, http=self.http_port, dirs=dirs,
                buffers=self.buffers, dirty=self.buffers * 3 // 4,
            ),
            encoding="utf-8",
        )
        return ini

    def start(self, *, timeout: float = 60.0) -> None:
        """Start the server and wait until its SPARQL endpoint answers.

        Raises:
            PublishError: it exited or did not answer within ``timeout``.
        """
        ini = self.write_ini()
        (self.directory / "virtuoso.lck").unlink(missing_ok=True)  # left by a kill -9
        log = (self.directory / "stdout.log").open("ab")
        self.process = subprocess.Popen(
            [self.binary, "-c", str(ini), "+foreground"], cwd=self.directory, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self.directory / "virtuoso.log").read_text(errors="replace")[-800:]
                raise PublishError(f"virtuoso-t exited with {self.process.returncode}: {tail}")
            try:
                r = requests.get(self.query_endpoint, params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.kill()
        raise PublishError(f"virtuoso-t did not answer on {self.base_url} within {timeout:g} s")

    def stop(self, *, timeout: float = 30.0) -> None:
        """Clean shutdown through isql (checkpoint first); kill if that fails."""
        if self.process is None or self.process.poll() is not None:
            return
        isql = find_binary("isql-vt")
        if isql:
            subprocess.run(
                [isql, self.isql_address, "dba", "dba", "exec=shutdown;"],
                capture_output=True, timeout=timeout, check=False,
            )
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the server, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def __enter__(self) -> LocalVirtuoso:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
