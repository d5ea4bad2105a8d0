"""The live server's processes, read from Linux /proc: the gunicorn master's workers, their
compute processes, resident memory, and which compute process is busy."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (none when it is gone)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.extend(int(child) for child in (task / "children").read_text().split())
    except (FileNotFoundError, ProcessLookupError):
        return []
    return found


def http_workers(master: int) -> list[int]:
    """The gunicorn workers: the master's children."""
    return children(master)


def compute_processes(master: int) -> list[int]:
    """The compute processes: the children of the gunicorn workers."""
    return [pid for worker in http_workers(master) for pid in children(worker)]


def tree(master: int) -> list[int]:
    """The master and every process below it."""
    workers = http_workers(master)
    return [master, *workers, *(pid for worker in workers for pid in children(worker))]


def rss_mib(master: int) -> float:
    """Resident memory of the whole tree (RSS summed over its processes), in MiB."""
    kib = 0
    for pid in tree(master):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    kib += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return round(kib / 1024, 1)


def cpu_ticks(pid: int) -> int:
    """User + system CPU time of ``pid`` so far, in clock ticks (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def busiest_compute_process(master: int, window: float = 0.2) -> int | None:
    """The compute process that used the most CPU over ``window`` seconds (working on a
    request, most likely), or None when there is none."""
    pids = compute_processes(master)
    if not pids:
        return None
    before = {pid: cpu_ticks(pid) for pid in pids}
    time.sleep(window)
    return max(pids, key=lambda pid: cpu_ticks(pid) - before[pid])


def kill(pid: int) -> None:
    """SIGKILL ``pid``."""
    os.kill(pid, signal.SIGKILL)


def holder(master: int, client_port: int) -> int | None:
    """The gunicorn worker holding the server's end of the loopback connection whose client
    end has ``client_port`` (matched by socket inode in /proc/net/tcp), or None."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[2].rpartition(":")[2], 16) == client_port:
            inodes.add(fields[9])
    for worker in http_workers(master):
        try:
            for fd in Path(f"/proc/{worker}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return worker
        except (FileNotFoundError, ProcessLookupError):
            continue
    return None


def queued_bytes(pid: int) -> int:
    """Bytes sent to ``pid`` over its Unix sockets (a compute process's task pipe) that it has
    not read yet, as ``ss`` reports them (iproute2)."""
    listing = subprocess.run(
        ["ss", "--unix", "--processes", "--numeric", "--no-header"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return sum(int(line.split()[2]) for line in listing.splitlines() if f"pid={pid}," in line)


def accepting(worker: int, port: int) -> bool:
    """Whether ``worker`` still waits for connections on its listening socket on ``port``
    (one of its epoll instances watches it); a gthread worker stops when it has SIGTERM."""
    listeners = {
        fields[9]
        for table in ("tcp", "tcp6")
        for fields in _rows(Path(f"/proc/net/{table}"))
        if fields[3] == "0A" and int(fields[1].rpartition(":")[2], 16) == port
    }
    try:
        targets = {fd.name: os.readlink(fd) for fd in Path(f"/proc/{worker}/fd").iterdir()}
        watched = {
            int(number)
            for fd, target in targets.items()
            if target == "anon_inode:[eventpoll]"
            for number in re.findall(
                r"^tfd:\s+(\d+)", Path(f"/proc/{worker}/fdinfo/{fd}").read_text(), re.M
            )
        }
    except (FileNotFoundError, ProcessLookupError):
        return False
    return any(
        targets.get(str(fd), "").removeprefix("socket:[").removesuffix("]") in listeners
        for fd in watched
    )


def _rows(table: Path) -> list[list[str]]:
    """The rows of a /proc/net table, split into fields (none when it is absent)."""
    try:
        return [line.split() for line in table.read_text().splitlines()[1:]]
    except FileNotFoundError:
        return []
