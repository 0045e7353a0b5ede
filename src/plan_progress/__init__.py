"""plan-progress: municipal plan progress reports as validated open data."""

from plan_progress.core.version import __version__

__all__ = ["__version__"]
