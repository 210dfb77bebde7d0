"""Write the calendar in a second process while Pelican writes the rest of the site.

Pelican writes a site on one core. Everything the calendar's pages and .ics files need is
known once every generator has built its context (the ``all_generators_finalized``
signal), so the plugin can write them in a forked child while the main process writes
the essays. ``os.fork`` shares the parsed gatherings, the settings and the compiled
templates with the child without pickling anything.

The child reports the pages Pelican's writer wrote (``content_written``) back through a
pipe, and the main process sends that signal again for each of them, so receivers such as
the sitemap see the same pages as in a build without a child. A failure in the child is
logged there (with its cause) and reported as an error by the main process, so the build
fails as it would have. Where fork is missing or unsafe, the work runs in the main
process instead.

Fork copies only the thread that calls it: a lock another thread holds at that moment
stays held forever in the child. The one other thread a Pelican build runs is rich's
refresh thread for the "Generating..." spinner, which takes the console's locks and
writes to the terminal; so the child logs through a stream of its own (a duplicate of
the log's file descriptor), never through rich or sys.stdout. Any other thread (a live-reload
server, say) is unknown, and the work stays in the main process.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from pelican import signals

logger = logging.getLogger(__name__)

# What Pelican's logger raises under --fatal once it has printed a warning or an error.
_PELICAN_FATAL = "Warning or error encountered"


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    written: tuple[str, ...]  # output files Pelican's writer wrote in the child
    detail: str = ""  # why the child failed, when it did


def can_fork() -> bool:
    """True where a child can safely copy this process: fork exists and no thread but this
    one and rich's spinner (whose locks the child never takes) is running."""
    current = threading.current_thread()
    others = [thread for thread in threading.enumerate() if thread is not current]
    return hasattr(os, "fork") and all(type(thread).__module__ == "rich.live" for thread in others)


class BackgroundWriter:
    """One piece of output work running in a forked child; ``finish`` waits for it."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid = pid
        self._reader = reader
        self.written_here: set[str] = set()  # what the main process wrote meanwhile
        signals.content_written.connect(self._note_written)

    def _note_written(self, path: str, context: object = None) -> None:
        self.written_here.add(path)

    @classmethod
    def start(cls, work: Callable[[], None]) -> BackgroundWriter | None:
        """Run ``work`` in a child process; None when that is not possible here."""
        if not can_fork():
            return None
        log_to = _log_descriptor()
        reader, writer = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            os._exit(_run_child(work, writer, log_to))
        os.close(writer)
        return cls(pid, reader)

    def finish(self) -> Outcome:
        """Wait for the child, then tell the main process's receivers what it wrote."""
        with os.fdopen(self._reader, "rb") as pipe:
            report = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        signals.content_written.disconnect(self._note_written)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            cause = f"exit status {code}" if code > 0 else f"killed by signal {-code}"
            return Outcome(False, (), cause)
        try:
            written = tuple(str(path) for path in json.loads(report))
        except ValueError:
            return Outcome(False, (), "its report could not be read")
        for path in written:
            signals.content_written.send(path, context={})
        return Outcome(True, written)


def _log_descriptor() -> int:
    """The file descriptor the build's log goes to (rich's console writes to stdout)."""
    for handler in logging.getLogger().handlers:
        console = getattr(handler, "console", None)  # rich.logging.RichHandler
        stream = console.file if console is not None else getattr(handler, "stream", None)
        try:
            return int(stream.fileno())  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            continue
    return 2


def _log_to_own_stream(descriptor: int) -> logging.Handler:
    """Send the child's log records to a new stream on the log's descriptor (see above)."""
    stream = os.fdopen(os.dup(descriptor), "w", buffering=1, encoding="utf-8", errors="replace")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-8s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    return handler


def _run_child(work: Callable[[], None], writer: int, log_to: int) -> int:
    handler = _log_to_own_stream(log_to)
    written: list[str] = []

    def note(path: str, context: object = None) -> None:
        written.append(str(path))

    signals.content_written.connect(note)
    code = 0
    try:
        work()
    except Exception as error:  # reported in the child, where the cause is known
        code = 1
        # Under --fatal, Pelican raises RuntimeError after printing an error: already said.
        if not (isinstance(error, RuntimeError) and str(error) == _PELICAN_FATAL):
            with contextlib.suppress(Exception):
                logger.error(
                    "gatherings: writing the calendar failed: %s: %s",
                    type(error).__name__,
                    error,
                    exc_info=logger.isEnabledFor(logging.DEBUG),
                )
    finally:
        signals.content_written.disconnect(note)
    with contextlib.suppress(OSError), os.fdopen(writer, "wb") as pipe:
        pipe.write(json.dumps(written if code == 0 else []).encode())
    handler.flush()
    return code
