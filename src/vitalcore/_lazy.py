"""Package exports imported on first use (PEP 562).

`vitalcore --help` must not pay for FastAPI, WeasyPrint, scikit-learn or statsmodels, which
only some commands need; a package whose `__init__` re-exports such modules declares
its exports here instead, and each is imported when it is first looked up.

    __getattr__, __dir__ = lazy_exports(__name__, {"create_app": "app"})
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def lazy_exports(
    package: str, exports: dict[str, str], submodules: frozenset[str] = frozenset()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: name -> the submodule defining it;
    `submodules` are reached as attributes themselves."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's own name
        if name in exports:
            module = importlib.import_module(f"{package}.{exports[name]}")
            value = getattr(module, name)
        elif name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)  # the next look-up is plain
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*vars(sys.modules[package]), *exports, *submodules})

    return __getattr__, __dir__
