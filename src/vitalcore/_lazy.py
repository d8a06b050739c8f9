"""Package exports imported on first use (PEP 562).

`vitalcore --help` must not pay for FastAPI, WeasyPrint, scikit-learn or statsmodels, which
only some commands need; a package whose `__init__` re-exports such modules declares
its exports here instead, and each is imported when it is first looked up.

    __getattr__, __dir__ = lazy_exports(__name__, {"create_app": "app"})
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from typing import Any


class _LazyPackage(types.ModuleType):
    """Importing a submodule sets it as an attribute of its package. Where a function has
    the name of its module (`workflow.actions`, `analysis.chains`, `store.backup`), the
    function must stay, as an eager `from .actions import actions` left it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in getattr(self, "_LAZY_EXPORTS", ()):
            return
        super().__setattr__(name, value)


def lazy_exports(
    package: str, exports: dict[str, str], submodules: frozenset[str] = frozenset()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: name -> the submodule defining it;
    `submodules` are reached as attributes themselves."""
    module = sys.modules[package]
    module._LAZY_EXPORTS = frozenset(exports)
    module.__class__ = _LazyPackage

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's own name
        if name in exports:
            value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        elif name in submodules or (not name.startswith("__") and
                                    importlib.util.find_spec(f"{package}.{name}") is not None):
            # a submodule, as an eager `__init__` would have left it: `analysis.spread`
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(module, name, value)  # the next look-up is plain
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*vars(module), *exports, *submodules})

    return __getattr__, __dir__
