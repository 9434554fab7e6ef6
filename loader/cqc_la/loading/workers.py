"""Worker processes that hold one task each, and die with the load that started them.

`concurrent.futures.ProcessPoolExecutor` fails a loader twice over. When one worker dies (killed, out
of memory, a crash inside a PDF library) the whole pool is broken: every file still pending fails with
a `BrokenProcessPool` traceback and the run aborts. And its workers outlive a parent killed with
SIGKILL, each keeping its database session open for good.

Here the parent hands each worker one task at a time over the worker's own pipe, so it always knows
what a dead worker held: that task ends as `Died` and a new worker takes the dead one's place. A
worker asks the kernel to kill it when its parent dies (`prctl(PR_SET_PDEATHSIG)` on Linux), checks
its parent while idle and before each task (everywhere), and ignores Ctrl-C, which reaches the whole
process group: the parent stops the workers itself, on leaving the `with` block.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_IDLE_CHECK = 1.0  # seconds between checks of the parent while a worker waits for a task
_STOP_WAIT = 2.0  # seconds a worker is given to finish after being asked to stop


@dataclass(frozen=True)
class Died:
    """The worker holding a task died before it answered."""

    exitcode: int | None

    def describe(self) -> str:
        if self.exitcode is not None and self.exitcode < 0:
            try:
                name = f" ({signal.Signals(-self.exitcode).name})"
            except ValueError:
                name = ""
            return f"its worker process was killed by signal {-self.exitcode}{name}"
        return f"its worker process died (exit status {self.exitcode})"


@dataclass(frozen=True)
class _Raised:
    """An exception in a worker: a bug, raised again in the parent with the worker's traceback."""

    error: BaseException
    trace: str


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the checks of getppid() remain
            pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _serve(
    connection: Connection, parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """A worker's life: tasks from the pipe, one at a time, until told to stop or orphaned."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    if initializer is not None:
        initializer(*initargs)
    while True:
        while not connection.poll(_IDLE_CHECK):
            if os.getppid() != parent:
                return
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None or os.getppid() != parent:
            return
        function, item = task
        try:
            result = function(item)
        except Exception as error:  # noqa: BLE001 - sent to the parent, which raises it
            result = _Raised(error, traceback.format_exc())
        try:
            connection.send(result)
        except (BrokenPipeError, OSError):
            return
        except Exception as error:  # noqa: BLE001 - an exception that cannot be pickled
            connection.send(_Raised(RuntimeError(f"{type(error).__name__}: {error}"), traceback.format_exc()))


class _Worker:
    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    def answer(self) -> object:
        """The result the worker sent, or `Died` when it is dead without having sent one."""
        try:
            if self.connection.poll():
                return self.connection.recv()
        except (EOFError, OSError):
            pass
        self.process.join(_STOP_WAIT)
        return Died(self.process.exitcode)


class WorkerPool:
    """`jobs` worker processes, each running `initializer(*initargs)` once; use it as a `with` block."""

    def __init__(
        self, jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
    ) -> None:
        # fork on Linux, as the loader always had (the parent's pooled connections are disposed first);
        # the platform's default elsewhere. The worker's parent is this process either way.
        self._context = (
            multiprocessing.get_context("fork")
            if sys.platform.startswith("linux")
            else multiprocessing.get_context()
        )
        self._initializer = initializer
        self._initargs = initargs
        self._workers = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(theirs, os.getpid(), self._initializer, self._initargs),
            daemon=True,
            name="cqc-la worker",
        )
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def _replace(self, dead: _Worker) -> _Worker:
        dead.connection.close()
        if dead.process.is_alive():
            dead.process.kill()
        dead.process.join(_STOP_WAIT)
        worker = self._start()
        self._workers[self._workers.index(dead)] = worker
        return worker

    def map_unordered(
        self, function: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[tuple[int, Result | Died]]:
        """(index, result) for every item as results arrive; `Died` for an item whose worker died.

        `function` must be a module-level function (it is sent to the workers by name).
        """
        pending = deque(enumerate(items))
        idle = list(self._workers)
        busy: dict[_Worker, int] = {}
        while pending or busy:
            while idle and pending:
                worker = idle.pop()
                index, item = pending.popleft()
                try:
                    worker.connection.send((function, item))
                except (BrokenPipeError, OSError):  # died while idle: the task goes to another worker
                    pending.appendleft((index, item))
                    idle.append(self._replace(worker))
                    continue
                busy[worker] = index
            signals = {w.connection: w for w in busy} | {w.process.sentinel: w for w in busy}
            for ready in wait(list(signals)):
                worker = signals[ready]  # type: ignore[index]
                if worker not in busy:  # its pipe and its sentinel were both ready
                    continue
                index = busy.pop(worker)
                answer = worker.answer()
                if isinstance(answer, Died):
                    idle.append(self._replace(worker))
                    yield index, answer
                    continue
                idle.append(worker)
                if isinstance(answer, _Raised):
                    answer.error.add_note(f"in a worker process:\n{answer.trace}")
                    raise answer.error
                yield index, answer  # type: ignore[misc]

    def close(self) -> None:
        """Ask every worker to stop, and end those that do not in time."""
        for worker in self._workers:
            try:
                worker.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in self._workers:
            worker.process.join(_STOP_WAIT)
        self.terminate()

    def terminate(self) -> None:
        """End every worker now (SIGTERM, then SIGKILL for any still alive)."""
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join(_STOP_WAIT)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.terminate()
