"""How long a briefing of the whole demo takes: analyses gathered, HTML, PDF.

    .venv/bin/python benchmarks/briefing_render.py [--voices 3000] [--repeat 3]

Simulates the demo scenario (seed 1, as `vitalcore demo`), loads it with its mandate,
actions and adjacency into a temporary SQLite store, then times build_briefing (every
section's analyses), render_html and render_pdf for the whole demo in English and
French. Prints one line per step with the median of the repeats, and the peak memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from vitalcore import workflow
from vitalcore.briefing import build_briefing, render_html, render_pdf
from vitalcore.privacy import create_key


def _timed(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001 - any callable
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = folder / "scenario"
        workflow.simulate(1, args.voices, scenario)
        key = create_key(folder / "bench.key").read_bytes().strip()
        engine = workflow.open(str(folder / "bench.db"))
        start = time.perf_counter()
        workflow.load_scenario(engine, scenario, key=key)
        print(f"load {args.voices} voices: {time.perf_counter() - start:.1f} s")
        for lang in ("en", "fr"):
            build, briefing = _timed(
                lambda lang=lang: build_briefing(engine, language=lang, synthetic=True),
                args.repeat)
            html, _ = _timed(lambda b=briefing: render_html(b), args.repeat)
            pdf, _ = _timed(lambda b=briefing, out=folder / f"b-{lang}.pdf": render_pdf(b, out),
                            args.repeat)
            size = (folder / f"b-{lang}.pdf").stat().st_size
            print(f"{lang}: build {build:.2f} s, html {html:.3f} s, pdf {pdf:.2f} s, "
                  f"total {build + pdf:.2f} s ({size / 1024:.0f} KiB PDF)")
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
