"""Write the bundled demo sample: synthetic voices, NOT real events.

Run `python scripts/make_demo_sample.py` to regenerate src/vitalcore/demo/synthetic_voices.csv.
Seeded, so the file is the same byte for byte on every run.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "vitalcore" / "demo" / "synthetic_voices.csv"

# Each area has a planted mix of concerns; the first is its most vital threat.
AREA_MIX = {
    "Ansongo": ["personal", "food", "health"],
    "Bourem": ["food", "environmental", "economic"],
    "Douentza": ["community", "personal", "food"],
    "Gorom-Gorom": ["environmental", "food", "community"],
    "Dori": ["health", "personal", "economic"],
    "Djibo": ["personal", "food", "political"],
    "Ayorou": ["food", "community", "health"],
    "Téra": ["political", "personal", "economic"],
}

TEMPLATES = {
    "personal": {
        "en": ["Armed men attacked the village at night, {n} people killed.",
               "Bandits on motorbikes robbed traders on the road, we are unsafe.",
               "{n} children were abducted near the school by gunmen."],
        "fr": ["Des hommes armés ont attaqué le village, {n} personnes tuées.",
               "Les bandits ont pillé les boutiques, l'insécurité est totale.",
               "{n} enfants enlevés près de l'école par des hommes armés."],
    },
    "food": {
        "en": ["The harvest failed and food prices doubled, families have nothing to eat.",
               "Our granaries are empty, children are hungry.",
               "The price of millet is too high, {n} households need food aid."],
        "fr": ["La récolte a échoué et le prix du mil a doublé, rien à manger.",
               "Nos greniers sont vides, les enfants ont faim.",
               "Le prix des vivres est trop élevé, {n} ménages ont besoin d'aide alimentaire."],
    },
    "health": {
        "en": ["Cholera outbreak in the camp, {n} sick and no clinic open.",
               "The health centre has no medicine, women give birth without care.",
               "Measles among the children, the nurse left the village."],
        "fr": ["Épidémie de choléra dans le camp, {n} malades et pas de centre de santé.",
               "Le centre de santé n'a plus de médicaments, les femmes accouchent sans soins.",
               "La rougeole touche les enfants, l'infirmier est parti."],
    },
    "environmental": {
        "en": ["No rain this season, the wells dried up and the pasture is gone.",
               "Floods destroyed {n} houses along the river.",
               "The drought is killing the land, the desert comes closer."],
        "fr": ["Pas de pluie cette saison, les puits sont secs et plus de pâturage.",
               "Les inondations ont détruit {n} maisons au bord du fleuve.",
               "La sécheresse tue la terre, le désert avance."],
    },
    "community": {
        "en": ["Clashes between herders and farmers over the fields, tension between communities.",
               "Militias accuse our community, hate speech on the radio.",
               "A land dispute turned violent, revenge attacks feared."],
        "fr": ["Affrontements entre éleveurs et agriculteurs pour les champs, "
               "tension entre communautés.",
               "Les milices accusent notre communauté, discours de haine à la radio.",
               "Un conflit foncier a dégénéré, on craint des représailles."],
    },
    "economic": {
        "en": ["The market is closed, traders have no income and no work.",
               "Armed groups extort a tax at checkpoints, our business is dying.",
               "Young men have no jobs, unemployment pushes them to the groups."],
        "fr": ["Le marché est fermé, les commerçants n'ont plus de revenu.",
               "Les groupes armés imposent un racket aux postes, le commerce meurt.",
               "Les jeunes n'ont pas d'emploi, le chômage les pousse vers les groupes."],
    },
    "political": {
        "en": ["Soldiers arrested {n} men without charge, families have no news.",
               "Protesters were beaten and detained by security forces.",
               "Journalists were detained before the election."],
        "fr": ["Les militaires ont arrêté {n} hommes sans motif, les familles sont sans nouvelles.",
               "Les manifestants ont été battus et détenus par les forces de sécurité.",
               "Des journalistes ont été arrêtés avant les élections."],
    },
}

CHANNELS = ["cla_interview", "sms", "survey", "radio_transcript", "partner_report"]
SOURCES = {
    "cla_interview": ["cla-gao", "cla-dori", "cla-tillaberi"],
    "sms": ["rapidpro-north", "rapidpro-east"],
    "survey": ["kobo-baseline"],
    "radio_transcript": ["radio-liptako"],
    "partner_report": ["ngo-partner-a", "ngo-partner-b"],
}
GROUPS = ["", "", "", "women", "children", "displaced", "elderly", "women;displaced"]


def main(n_per_area: int = 45, seed: int = 20261128) -> None:
    rng = random.Random(seed)
    start = date(2026, 6, 1)
    rows = []
    for area, mix in AREA_MIX.items():
        weights = [0.55, 0.3, 0.15]
        for i in range(n_per_area):
            planted = rng.random() > 0.1
            dim = rng.choices(mix, weights)[0] if planted else rng.choice(list(TEMPLATES))
            lang = "fr" if rng.random() < 0.6 else "en"
            text = rng.choice(TEMPLATES[dim][lang]).format(n=rng.choice([2, 3, 5, 12, 40, 300]))
            channel = rng.choice(CHANNELS)
            priorities = ";".join(rng.sample(mix, k=3)) if channel == "survey" else ""
            rows.append({
                "id": f"demo-{area[:3].lower()}-{i:03d}",
                "text": text,
                "language": lang,
                "channel": channel,
                "source": rng.choice(SOURCES[channel]),
                "date": (start + timedelta(days=rng.randrange(150))).isoformat(),
                "place": area,
                "groups": rng.choice(GROUPS),
                "priorities": priorities,
                "consent_quote": rng.choice(["yes", "no"]),
                "consent_share": rng.choice(["yes", "no"]),
            })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
