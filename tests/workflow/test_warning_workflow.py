"""Early warning, rumours and actions end to end on a real store (SQLite and PostgreSQL),
and through the CLI."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from vitalcore import store, workflow
from vitalcore.cli import app
from vitalcore.domain import Area, Channel, Classification, Dimension, Provenance, Voice

D0 = datetime(2025, 1, 1, 9)
runner = CliRunner()


def _fill(engine: Engine) -> None:
    """Two areas, 60 quiet days of 'personal' voices, then an outbreak in X1 only;
    a forwarded rumour on social media."""
    store.add_areas(engine, [Area(pcode="X1", name="One", country="X", lat=15, lon=0),
                             Area(pcode="Y1", name="Two", country="Y", lat=15, lon=0.5)])
    rng = np.random.default_rng(1)
    voices, labels = [], []
    n = 0
    for day in range(70):
        for area in ("X1", "Y1"):
            k = int(rng.poisson(3)) + (15 if area == "X1" and day >= 60 else 0)
            for _ in range(k):
                n += 1
                voices.append(Voice(
                    id=f"v{n:05d}", text=f"report {n} about shooting near the well",
                    channel=Channel.SMS, source="sms-line", area_pcode=area,
                    occurred_at=D0 + timedelta(days=day), provenance=Provenance(
                        file="t.csv", row=n)))
                labels.append(Classification(
                    voice_id=f"v{n:05d}", model_version="test", language="en",
                    dimensions={Dimension.PERSONAL: 0.9}, threat_types={"armed_attack": 0.8}))
    for i in range(12):
        voices.append(Voice(
            id=f"r{i:03d}", text="Forward this: the water in Y1 has been poisoned by them!!",
            channel=Channel.SOCIAL_POST, source="social-monitor", area_pcode="Y1",
            occurred_at=D0 + timedelta(days=65, hours=i), reporter=f"r-{i}",
            provenance=Provenance(file="s.ndjson", row=i + 1)))
    store.add_voices(engine, voices)
    store.save_classifications(engine, labels)


def test_counts_alerts_and_rumours(engine: Engine) -> None:
    _fill(engine)
    counts = workflow.alert_counts(engine)
    assert set(counts["threat_type"].drop_nulls()) == {"armed_attack"}
    assert counts.filter(counts["threat_type"].is_null())["voices"].sum() == \
        counts.filter(counts["threat_type"] == "armed_attack")["voices"].sum()
    alerts = workflow.alerts(engine, area="X1")
    recent = alerts.filter(alerts["first_signal"] >= date(2025, 3, 2))
    assert set(recent["dimension"]) == {"personal"}
    assert set(recent["threat_type"].to_list()) == {None, "armed_attack"}
    rumours = workflow.rumours(engine)
    assert rumours.height == 1 and rumours["voices"][0] == 12


def test_actions_and_their_effect(engine: Engine) -> None:
    _fill(engine)
    workflow.record_action(engine, area="X1", dimension="personal", kind="patrol",
                           start=date(2025, 3, 2), description="patrols", action_id="A1")
    workflow.record_action(engine, area="X1", dimension="personal", kind="patrol",
                           start=date(2025, 3, 2), description="patrols", action_id="A1")
    assert [a.id for a in workflow.actions(engine)] == ["A1"]
    result = workflow.action_effect(engine, "A1", pre_days=28, post_days=10,
                                    exclude_neighbours=False)
    assert result.effect.did > 10 and result.effect.ci_low > 0
    assert {e.label for e in result.unintended} == {"personal", "armed_attack"}
    with pytest.raises(KeyError, match="no action"):
        workflow.action_effect(engine, "nope")
    # Kept for the data version: the same estimates come back, and new voices drop them.
    for _ in range(2):
        kept = workflow.action_effect(engine, "A1", pre_days=28, post_days=10,
                                      exclude_neighbours=False, memo=True)
        assert kept == result
    other = workflow.action_effect(engine, "A1", pre_days=28, post_days=20,
                                   exclude_neighbours=False, memo=True)
    assert other.effect.post_days == 20


def test_adjacency_and_spread(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    edges = tmp_path / "adjacency.csv"
    edges.write_text("pcode_a,pcode_b,cross_border\nX1,Y1,true\n", encoding="utf-8")
    assert workflow.import_adjacency(engine, edges) == 1
    assert workflow.import_adjacency(engine, edges) == 0
    assert store.area_links_frame(engine).to_dicts() == [
        {"pcode_a": "X1", "pcode_b": "Y1", "cross_border": True}]
    bad = tmp_path / "bad.csv"
    bad.write_text("pcode_a,pcode_b,cross_border\nX1,,true\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv, row 1, field pcode_b"):
        workflow.import_adjacency(engine, bad)
    assert workflow.spread(engine).columns[0] == "path_id"


def test_cli_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    _fill(store.open_store(f"sqlite:///{db}"))
    result = runner.invoke(app, ["alerts", "--area", "X1", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    assert any(a["dimension"] == "personal" for a in json.loads(result.output))
    added = runner.invoke(app, ["actions", "add", "--area", "X1", "--dimension", "personal",
                                "--kind", "patrol", "--start", "2025-03-02", "--json",
                                "--db", db])
    assert added.exit_code == 0, added.output
    action_id = json.loads(added.output)["id"]
    listed = runner.invoke(app, ["actions", "list", "--db", db], env={"COLUMNS": "200"})
    assert action_id[:12] in listed.output  # the id as the table prints it is accepted
    effect = runner.invoke(app, ["actions", "effect", action_id[:12], "--keep-neighbours",
                                 "--json", "--db", db])
    assert effect.exit_code == 0, effect.output
    assert json.loads(effect.output)["effect"]["did"] > 0
    wrong = runner.invoke(app, ["actions", "add", "--area", "X1", "--dimension", "personal",
                                "--kind", "bombing", "--start", "2025-03-02", "--db", db])
    assert wrong.exit_code == 1 and "is not one of" in wrong.output
    csv_path = tmp_path / "actions.csv"
    csv_path.write_text("action_id,kind,area_pcode,dimension,start,end,description\n"
                        "B1,dialogue,Y1,community,2025-02-01,2025-01-01,talks\n")
    bad = runner.invoke(app, ["actions", "import", str(csv_path), "--db", db])
    assert bad.exit_code == 1 and "actions.csv, row 1" in bad.output
    rumours = runner.invoke(app, ["rumours", "--json", "--db", db])
    assert rumours.exit_code == 0
    assert json.loads(rumours.output[rumours.output.index("["):])[0]["rumour"] is True


def test_empty_results_say_why(engine: Engine) -> None:
    """Issue 22: an empty alert list, spread or rumour list comes with its reason."""
    assert workflow.why_no_alerts(engine) == "no voices in the store yet"
    store.add_areas(engine, [Area(pcode="Z9", name="Nowhere", country="Z")])
    assert workflow.why_no_spread(engine).startswith("no neighbours")
    assert workflow.why_no_rumours(engine) == "no voices in the store yet"
    _fill(engine)
    from vitalcore.analysis.spread import WINDOW_DAYS

    assert f"within {WINDOW_DAYS} days" in workflow.why_no_spread(engine) or \
        not workflow.spread(engine).is_empty()
    reason = workflow.why_no_rumours(engine, workflow.rumours(engine, include_all=True))
    assert "claim cluster" in reason


def test_group_counts_are_the_dimensions_voices_that_name_the_group(engine: Engine) -> None:
    from vitalcore.domain import Group

    store.add_areas(engine, [Area(pcode="X1", name="One", country="X", lat=15, lon=0)])
    voices, labels = [], []
    for n, (dims, groups) in enumerate([
            ({Dimension.PERSONAL: 0.9}, (Group.DISPLACED,)),
            ({Dimension.PERSONAL: 0.9, Dimension.FOOD: 0.7}, (Group.DISPLACED, Group.WOMEN)),
            ({Dimension.PERSONAL: 0.3, Dimension.FOOD: 0.8}, (Group.DISPLACED,)),
            ({Dimension.PERSONAL: 0.9}, ())]):
        voices.append(Voice(id=f"g{n}", text=f"voice {n}", channel=Channel.SMS,
                            source="sms-line", area_pcode="X1", occurred_at=D0,
                            provenance=Provenance(file="g.csv", row=n + 1)))
        labels.append(Classification(voice_id=f"g{n}", model_version="test", language="en",
                                     dimensions=dims, groups=groups))
    store.add_voices(engine, voices)
    store.save_classifications(engine, labels)
    counts = workflow.alert_group_counts(engine)
    got = {(r["dimension"], r["threat_type"]): r["voices"] for r in counts.to_dicts()}
    # A dimension under 0.5 is not the voice's: voice g2 is food's, not personal's.
    assert got == {("personal", "displaced"): 2, ("personal", "women"): 1,
                   ("food", "displaced"): 2, ("food", "women"): 1}
    assert set(counts["area_pcode"]) == {"X1"} and set(counts["day"]) == {D0.date()}
