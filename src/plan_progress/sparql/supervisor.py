"""The engine child, kept alive and kept honest by the front.

Two things end an engine's usefulness: it dies (a query it could not parse once overflowed
its stack), or it keeps computing a query the front has already answered "503 timeout"
(Oxigraph checks its own limit only between results, so a `COUNT(*)` over a cartesian
product runs on). In both cases the front replaces the child with a fresh one on the same
read-only store: a kill is safe there, and a start takes a fraction of a second. Queries in
flight in a replaced child end with `serve.engine`; every later query reaches the new one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from plan_progress.sparql import engine as engines
from plan_progress.sparql.forward import EnginePool


class EngineSupervisor:
    def __init__(
        self,
        location: Path,
        timeout_seconds: float,
        start: Callable[[Path, float], engines.Engine] = engines.start,
    ) -> None:
        self.location, self.timeout_seconds, self._start = location, timeout_seconds, start
        self.engine = start(location, timeout_seconds)
        # Which child a request talked to: a restart asked for an older one is done already.
        self.generation = 0
        self.restarts = 0
        self._lock: asyncio.Lock | None = None

    @property
    def url(self) -> str:
        return self.engine.url

    def alive(self) -> bool:
        return self.engine.process.poll() is None

    async def ensure(self, pool: EnginePool) -> int:
        """The current child's generation, after replacing it if it has died."""
        if not self.alive():
            await self.replace(pool, self.generation)
        return self.generation

    async def replace(self, pool: EnginePool, generation: int) -> None:
        """Kill child `generation` (if it is still the current one) and start a new one."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if generation != self.generation:
                return  # another request replaced it meanwhile
            old = self.engine
            pool.close()
            await asyncio.to_thread(old.kill)
            self.engine = await asyncio.to_thread(self._start, self.location, self.timeout_seconds)
            pool.retarget(engines.HOST, self.engine.port)
            self.generation += 1
            self.restarts += 1

    def stop(self) -> None:
        self.engine.stop()
