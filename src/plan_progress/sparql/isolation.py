"""A private network for the engine: nothing but the front can connect to it.

The engine (Oxigraph's server) can only listen on TCP, and any process of the machine can
connect to a loopback port: past the front's limits, and asking the engine itself to run
SERVICE. So before the engine starts, `serve` moves itself into a new network namespace of
its own (Linux `unshare(2)`). The front's listening socket was opened before the move and
stays in the machine's network; the engine, started after it, listens on the namespace's
own loopback, which no other process can enter. The front's threads reach it, since they
are started after the move too.

Where the kernel refuses (another OS, user namespaces switched off), `serve` says so and
keeps the older defence alone: a loopback port that browsers refuse to contact.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct
import sys

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
SIOCSIFFLAGS = 0x8914
IFF_UP, IFF_LOOPBACK, IFF_RUNNING = 0x1, 0x8, 0x40


def isolate_network() -> str | None:
    """Move this process into a new network namespace with its loopback up; None when done,
    else why not (the caller goes on without)."""
    if not sys.platform.startswith("linux"):
        return "not Linux"
    libc = ctypes.CDLL(None, use_errno=True)
    # root may make a network namespace; anyone else needs a user namespace around it.
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWNET | CLONE_NEWUSER
    if libc.unshare(flags) != 0:
        return os.strerror(ctypes.get_errno())
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            request = struct.pack("16sH", b"lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING)
            fcntl.ioctl(probe.fileno(), SIOCSIFFLAGS, request.ljust(40, b"\0"))
    except OSError as err:
        return f"loopback: {err.strerror}"
    return None
