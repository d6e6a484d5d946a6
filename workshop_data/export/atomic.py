"""Writing an export all or nothing.

Every output is built in a temporary file or folder beside its target (same folder, so the final
rename stays on one file system) and renamed into place only when it is complete. A target that
cannot be written gives one clear :class:`DatatripError` and leaves nothing behind: not the
half-written output, not the temporary one.
"""

from __future__ import annotations

import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..common.errors import DatatripError
from ..common.i18n import t


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def check_parent(target: Path) -> None:
    parent = target.parent if str(target.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise DatatripError(t("export.parent_not_folder", path=target, parent=parent))
    if not parent.is_dir():
        raise DatatripError(t("export.no_folder", path=target, parent=parent))


def _claim(target: Path, suffix: str, *, folder: bool) -> Path:
    """A new hidden file or folder beside ``target``, with the usual permissions (not 0600 as
    ``tempfile`` would make them: an export is meant to be shared)."""
    for _ in range(100):
        candidate = target.parent / f".{target.name}.{secrets.token_hex(4)}{suffix}"
        try:
            if folder:
                os.mkdir(candidate)
            else:
                open(candidate, "xb").close()
            return candidate
        except FileExistsError:
            continue
        except OSError as error:
            raise DatatripError(t("export.cannot_write", path=target,
                                  reason=_reason(error))) from None
    raise DatatripError(t("export.cannot_write", path=target, reason="no temporary name"))


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it becomes ``target`` when the block ends without error."""
    target = Path(target)
    check_parent(target)
    if target.is_dir():
        raise DatatripError(t("export.target_is_folder", path=target))
    temporary = _claim(target, ".part", folder=False)
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise DatatripError(t("export.cannot_write", path=target, reason=_reason(error))) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(target: Path, ours: Iterable[str]) -> Iterator[Path]:
    """Yield a temporary folder to fill; it becomes ``target`` when the block ends without error.

    An existing ``target`` is replaced only when it is empty or holds nothing but names this
    export writes (``ours``): a folder with other files in it is never deleted.
    """
    target = Path(target)
    check_parent(target)
    if target.exists():
        if not target.is_dir():
            raise DatatripError(t("export.target_is_file", path=target))
        strangers = sorted(set(os.listdir(target)) - set(ours))
        if strangers:
            raise DatatripError(t("export.folder_not_empty", path=target, name=strangers[0]))
    temporary = _claim(target, ".part", folder=True)
    try:
        yield temporary
        if target.exists():
            old = _claim(target, ".old", folder=True)
            os.rename(target, old / "previous")
            os.rename(temporary, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(temporary, target)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise DatatripError(t("export.cannot_write", path=target, reason=_reason(error))) from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
