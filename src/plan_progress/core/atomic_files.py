"""Write several files as one transaction: all of them, or none (the previous ones stay).

Each file is staged beside its target, then renamed over it; a rename is atomic, and before
it the previous file is kept under a hard link, so a failure half-way through the renames
(a directory where a file should be, a vanished directory) puts back every file already
replaced. Temporary files are removed in every case. Files get the mode the user's umask
gives (0644 typically), as any other program's files would, not the 0600 of a temp file.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from plan_progress.core.problems import InvalidPackage, Problem


class WriteFailed(InvalidPackage):
    """A write failed and was undone; one `io.write` problem says where and why."""

    def __init__(self, target: Path | str, err: OSError) -> None:
        detail = f"{err.strerror or type(err).__name__} ({target})"
        super().__init__([Problem("io.write", str(target), params={"detail": detail})])


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    return 0o666 & ~_umask()


def dir_mode() -> int:
    return 0o777 & ~_umask()


def make_dirs(directory: Path) -> list[Path]:
    """mkdir -p, returning the directories it created (outermost first) so that a failed
    transaction can remove them again."""
    missing = []
    current = directory
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    created = []
    for path in reversed(missing):
        path.mkdir()
        created.append(path)
    return created


def write_all(contents: dict[Path, bytes]) -> None:
    """Write every file or none; raise WriteFailed (after undoing everything) on an I/O error."""
    created = _make_parents(contents)
    staged: dict[Path, Path] = {}
    current: Path | None = None
    try:
        for target, data in contents.items():
            current = target
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged[target] = Path(tmp)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        replace_all(staged, created)
    except OSError as err:
        _remove(created)
        raise WriteFailed(current or "", err) from err
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


def move_all(staged: dict[Path, Path]) -> None:
    """`write_all` for files already written (each on its target's file system): target ->
    staged file, renamed over the targets all together, or none of them."""
    replace_all(staged, _make_parents(staged))


def _make_parents(targets: Iterable[Path]) -> list[Path]:
    """The targets' missing directories, made (outermost first); none left on a failure."""
    created: list[Path] = []
    current: Path | None = None
    try:
        for target in targets:
            current = target
            created += make_dirs(target.parent)
    except OSError as err:
        _remove(created)
        raise WriteFailed(current or "", err) from err
    return created


def _remove(created: list[Path]) -> None:
    for directory in reversed(created):
        shutil.rmtree(directory, ignore_errors=True)


def replace_all(staged: dict[Path, Path], created: list[Path] | None = None) -> None:
    """Rename each staged file (on the target's file system, already complete) over its
    target, all or none: a failure puts back every file already replaced, removes the
    directories in `created` (made for the targets) and raises WriteFailed. Staged files
    get the umask's mode and are flushed to disk first."""
    mode = file_mode()
    replaced: list[tuple[Path, Path | None]] = []
    backups: list[Path] = []
    current: Path | None = None
    try:
        for target, tmp in staged.items():
            current = target
            with open(tmp, "rb") as f:
                os.fchmod(f.fileno(), mode)
                os.fsync(f.fileno())
        for target, tmp in staged.items():
            current = target
            backup = _keep_previous(target)
            if backup is not None:
                backups.append(backup)
            os.replace(tmp, target)
            replaced.append((target, backup))
    except OSError as err:
        _undo(replaced)
        _remove(created or [])
        raise WriteFailed(current or "", err) from err
    finally:
        for backup in backups:
            backup.unlink(missing_ok=True)


def _keep_previous(target: Path) -> Path | None:
    """A hard link to the file about to be replaced (no copy, no disk space), or None when
    there is none. A directory in the file's place fails here, before anything is replaced."""
    if not target.exists() and not target.is_symlink():
        return None
    if target.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(target))
    # os.link never overwrites: a name taken by chance fails instead of losing a file.
    backup = target.parent / f".{target.name}.{secrets.token_hex(6)}.old"
    os.link(target, backup, follow_symlinks=False)
    return backup


def _undo(replaced: list[tuple[Path, Path | None]]) -> None:
    """Put back every file already replaced, newest first."""
    for target, backup in reversed(replaced):
        try:
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        except OSError:
            pass  # nothing more can be done; the error that stopped us is reported
