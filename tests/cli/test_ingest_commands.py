"""ingest, quarantine list|show|retry and init's key, run in-process, checked in the store."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore import privacy, store
from vitalcore.cli import app

DATA = Path(__file__).parents[1] / "data" / "formats"
runner = CliRunner()


def test_ingest_quarantine_list_show_retry(db_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(DATA / "kobo_export.json"), "--format", "kobo",
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "read 4, stored 2, duplicates 0, quarantined 2" in result.output
    listed = runner.invoke(app, ["quarantine", "list", "--json", "--db", db_url])
    table = runner.invoke(app, ["quarantine", "list", "--db", db_url])
    for output in (result.output, listed.output, table.output):  # what a log would keep
        assert "76 45 12 09" not in output and "Maïga" not in output
    entries = json.loads(listed.output)
    assert [e["row"] for e in entries] == [3, 4]
    shown = runner.invoke(app, ["quarantine", "show", entries[1]["id"], "--db", db_url])
    assert shown.exit_code == 0 and "latitude 95.2" in shown.output
    with_phone = runner.invoke(app, ["quarantine", "show", entries[0]["id"], "--db", db_url])
    assert "+223 76" not in with_phone.output and "[contact]" in with_phone.output
    retried = runner.invoke(app, ["quarantine", "retry", "--db", db_url])
    assert "retried 2: stored 0, duplicates 0, still quarantined 2" in retried.output
    missing = runner.invoke(app, ["quarantine", "show", "zzz", "--db", db_url])
    assert missing.exit_code == 1 and "no single quarantined record" in missing.output


def test_ingest_without_a_key_names_vitalcore_init(db_url: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VITALCORE_KEY_FILE")
    result = runner.invoke(app, ["ingest", str(DATA / "sms_gateway.json"), "--format", "sms",
                                 "--db", db_url])
    assert result.exit_code == 1 and "vitalcore init" in result.output
    init = runner.invoke(app, ["init", "--db", db_url])
    assert init.exit_code == 0 and "privacy key created" in init.output
    assert privacy.default_key_path().is_file()
    again = runner.invoke(app, ["ingest", str(DATA / "sms_gateway.json"), "--format", "sms",
                                "--db", db_url])
    assert "stored 3" in again.output
    alias = privacy.pseudonym("+22676543210", privacy.load_key())
    assert store.contact_token(store.open_store(db_url), alias) is not None


def test_init_refuses_a_key_beside_the_data(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "--db", str(tmp_path / "v.db"),
                                 "--key-file", str(tmp_path / "key")])
    assert result.exit_code == 1 and "beside the data" in result.output


def test_unknown_mapping_lists_the_shipped_ones(db_url: str) -> None:
    result = runner.invoke(app, ["ingest", str(DATA / "sms_gateway.json"), "--format", "sms",
                                 "--mapping", "nope", "--db", db_url])
    assert result.exit_code == 1 and "shipped: acled" in result.output
