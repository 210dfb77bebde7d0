"""Read the gathering files and write the calendar in second processes, beside Pelican.

Pelican builds a site on one core. Two of the plugin's jobs need nothing from the rest
of the site while it runs, so they run in forked children and the second core does them:

- reading and validating the gathering files starts when the generator is created, and
  runs while Pelican reads the essays; ``generate_context`` collects the result (pickled
  through a pipe: the gatherings, and every problem to report);
- writing the calendar's pages and .ics files starts once every generator has built its
  context (``all_generators_finalized``) and runs while Pelican writes the essays. That
  child reports the pages Pelican's writer wrote (``content_written``), and the main
  process sends that signal again for each, so the sitemap sees every page.

``os.fork`` shares the settings, the parsed gatherings and the compiled templates with the
child without pickling them. When the work fails (a broken template, say), the child logs
the cause and the main process reports an error, so the build fails as it would have.
When the child itself dies (killed, out of memory), the main process does the work.
A child never returns into Pelican (it ends with ``os._exit`` whatever happens, Ctrl-C
included), and a job dropped before its result is read stops and reaps its child.

Fork copies only the thread that calls it: a lock another thread holds at that moment
stays held forever in the child. The one other thread a Pelican build runs is rich's
refresh thread for the "Generating..." spinner, which takes the console's locks and
writes to the terminal; so a child logs through a stream of its own (a duplicate of the
log's file descriptor), never through rich or sys.stdout. Any other thread (a server
running in the same process, say) is unknown, and the work stays in the main process.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pelican import signals

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What Pelican's logger raises under --fatal once it has printed a warning or an error.
_PELICAN_FATAL = "Warning or error encountered"


# The child's exit status when its work raised and it logged the cause.
REPORTED_FAILURE = 1


@dataclass(frozen=True)
class Outcome(Generic[T]):
    succeeded: bool
    value: T | None  # what the work returned, when it succeeded
    detail: str = ""  # why the child failed, when it did
    reported: bool = False  # the work itself failed, and the child logged why


def can_fork() -> bool:
    """True where a child can safely copy this process: fork exists and no thread but this
    one and rich's spinner (whose locks the child never takes) is running."""
    current = threading.current_thread()
    others = [thread for thread in threading.enumerate() if thread is not current]
    return hasattr(os, "fork") and all(type(thread).__module__ == "rich.live" for thread in others)


class ForkedJob(Generic[T]):
    """``work()`` running in a forked child; ``finish`` waits and returns its value."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid = pid
        self._reader = reader
        # A build that fails before ``finish`` (or an autoreload that drops this job)
        # must not leave the child running or unreaped: stop it when the job goes away.
        self._abandon = weakref.finalize(self, _abandon, pid, reader, os.getpid())

    @classmethod
    def start(cls, work: Callable[[], T], what: str) -> ForkedJob[T] | None:
        """Run ``work`` in a child process (``what`` names it in messages); None when that
        is not possible here. Its value must pickle."""
        if not can_fork():
            return None
        log_to = _log_descriptor()
        reader, writer = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: whatever happens, it ends here, never back in Pelican
            code = 70  # EX_SOFTWARE, should anything below fail
            try:
                os.close(reader)
                code = _run_child(work, writer, log_to, what)
            except BaseException:  # noqa: S110 - nothing may unwind into Pelican
                pass
            finally:
                os._exit(code)
        os.close(writer)
        logger.debug("gatherings: %s in process %d", what, pid)
        return cls(pid, reader)

    def finish(self) -> Outcome[T]:
        self._abandon.detach()
        with os.fdopen(self._reader, "rb") as pipe:
            report = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            cause = f"exit status {code}" if code > 0 else f"killed by signal {-code}"
            return Outcome(False, None, cause, reported=code == REPORTED_FAILURE)
        try:
            # Our own child wrote these bytes through a private pipe: trusted.
            return Outcome(True, pickle.loads(report))  # noqa: S301
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as error:
            return Outcome(False, None, f"its result could not be read: {error}")


class BackgroundOutput:
    """Output work in a child; the pages it wrote are announced here when it is done."""

    def __init__(self, job: ForkedJob[tuple[str, ...]]) -> None:
        self.job = job
        self.written_here: set[str] = set()  # what the main process wrote meanwhile
        signals.content_written.connect(self._note_written)

    def _note_written(self, path: str, context: object = None) -> None:
        self.written_here.add(str(path))

    @classmethod
    def start(cls, work: Callable[[], None]) -> BackgroundOutput | None:
        job = ForkedJob.start(lambda: _noting_written(work), "writing the calendar")
        return cls(job) if job is not None else None

    def finish(self) -> Outcome[tuple[str, ...]]:
        """Wait for the child, then tell the main process's receivers what it wrote."""
        outcome = self.job.finish()
        signals.content_written.disconnect(self._note_written)
        for path in outcome.value or ():
            signals.content_written.send(path, context={})
        return outcome


def _noting_written(work: Callable[[], None]) -> tuple[str, ...]:
    written: list[str] = []

    def note(path: str, context: object = None) -> None:
        written.append(str(path))

    signals.content_written.connect(note)
    try:
        work()
    finally:
        signals.content_written.disconnect(note)
    return tuple(written)


def _abandon(pid: int, reader: int, owner: int) -> None:
    """Stop and reap a child whose result nobody will read (only from the process that
    started it: a later child inherits this finalizer and must leave its sibling alone)."""
    if os.getpid() != owner:
        return
    with contextlib.suppress(OSError):
        os.close(reader)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


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


def _own_streams(descriptor: int) -> logging.Handler:
    """sys.stdout / sys.stderr of our own, and the log sent to the new stderr (a duplicate
    of the log's descriptor): under a terminal, rich replaces the streams with proxies that
    take the console's lock (see above). Warnings go to the log, not to print."""
    for name, target in (("stdout", 1), ("stderr", descriptor)):
        stream = os.fdopen(os.dup(target), "w", buffering=1, encoding="utf-8", errors="replace")
        setattr(sys, name, stream)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    logging.captureWarnings(True)
    return handler


def _run_child(work: Callable[[], Any], writer: int, log_to: int, what: str) -> int:
    # The child makes many small objects and exits soon: no cyclic collections (each
    # would walk every object inherited from the parent, and copy its pages).
    gc.disable()
    handler = _own_streams(log_to)
    code, data = 0, b""
    try:
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent says it
        return 130
    except Exception as error:  # reported in the child, where the cause is known
        code = REPORTED_FAILURE
        # Under --fatal, Pelican raises RuntimeError after printing an error: already said.
        if not (isinstance(error, RuntimeError) and str(error) == _PELICAN_FATAL):
            with contextlib.suppress(Exception):
                logger.error(
                    "gatherings: %s failed: %s: %s",
                    what,
                    type(error).__name__,
                    error,
                    exc_info=logger.isEnabledFor(logging.DEBUG),
                )
    with contextlib.suppress(OSError), os.fdopen(writer, "wb") as pipe:
        pipe.write(data)
    handler.flush()
    return code
