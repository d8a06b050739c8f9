"""The layering of docs/ARCHITECTURE.md, checked as import contracts with import-linter.

ingest -> classify -> store -> analysis -> workflow -> evaluation -> outputs. Outputs (cli,
api, web, briefing) reach data through workflow/ only: they never import store/ or
analysis/ (they may through workflow, which is what it is for). analysis/ is pure: it
imports neither the store nor anything above it. classify/ does not read the store. The
scenario scorers (evaluation/) sit above workflow: workflow never imports them. Every
contract is checked on every import, including those inside functions.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

OUTPUTS = ("vitalcore.cli", "vitalcore.api", "vitalcore.web", "vitalcore.briefing")
# Above workflow and below the outputs; the contracts name it once the package exists.
EVALUATION = "vitalcore.evaluation"


def _present(*modules: str) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is not None]


def _contract(name: str, sources: list[str], forbidden: list[str], *,
              indirect: bool) -> str:
    lines = [f"[importlinter:contract:{name}]", f"name = {name}", "type = forbidden",
             "source_modules =", *(f"    {m}" for m in sources),
             "forbidden_modules =", *(f"    {m}" for m in forbidden)]
    if indirect:
        lines.append("allow_indirect_imports = True")
    return "\n".join(lines)


def contracts() -> str:
    """The import-linter configuration: the house rules as forbidden-import contracts."""
    above_workflow = _present(EVALUATION)
    return "\n\n".join([
        "[importlinter]\nroot_package = vitalcore",
        # Outputs call workflow; workflow itself may reach the store, so only the
        # outputs' own imports are checked.
        _contract("outputs import workflow, not store or analysis", list(OUTPUTS),
                  ["vitalcore.store", "vitalcore.analysis"], indirect=True),
        _contract("analysis is pure", ["vitalcore.analysis"],
                  ["vitalcore.store", "vitalcore.workflow", *above_workflow, *OUTPUTS],
                  indirect=False),
        _contract("classify does not read the store", ["vitalcore.classify"],
                  ["vitalcore.store", "vitalcore.workflow", *above_workflow, *OUTPUTS],
                  indirect=False),
        _contract("the store knows nothing above it", ["vitalcore.store"],
                  ["vitalcore.workflow", *above_workflow, *OUTPUTS], indirect=False),
        _contract("workflow is below evaluation and the outputs", ["vitalcore.workflow"],
                  [*above_workflow, *OUTPUTS], indirect=False),
    ]) + "\n"


def test_the_import_contracts_hold(tmp_path: Path) -> None:
    config = tmp_path / "importlinter.ini"
    config.write_text(contracts(), encoding="utf-8")
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--config", str(config), "--no-cache"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 kept, 0 broken" in done.stdout


def test_a_broken_contract_is_caught(tmp_path: Path) -> None:
    """The check can fail: workflow does import the store, so forbidding it is reported."""
    config = tmp_path / "importlinter.ini"
    config.write_text("[importlinter]\nroot_package = vitalcore\n\n" + _contract(
        "workflow does not import the store", ["vitalcore.workflow"], ["vitalcore.store"],
        indirect=False) + "\n", encoding="utf-8")
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--config", str(config), "--no-cache"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "vitalcore.workflow" in done.stdout and "BROKEN" in done.stdout
