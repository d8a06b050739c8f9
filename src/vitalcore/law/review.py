"""The review workflow of a legal officer: every citation with its source and whether a
review was recorded for it (review.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from vitalcore.law.knowledge import KnowledgeBase, knowledge_base


@dataclass(frozen=True)
class ReviewItem:
    instrument: str
    short: str
    articles: tuple[str, ...]
    rights: tuple[str, ...]
    source: str
    verified: bool

    def to_dict(self) -> dict[str, object]:
        return {"instrument": self.instrument, "short": self.short,
                "articles": list(self.articles), "rights": list(self.rights),
                "source": self.source, "verified": self.verified}


def review_items(kb: KnowledgeBase | None = None, *, unverified_only: bool = False
                 ) -> list[ReviewItem]:
    """One item per distinct (instrument, articles) in rights.yaml, in file order."""
    kb = kb or knowledge_base()
    found: dict[tuple[str, tuple[str, ...]], ReviewItem] = {}
    for right in kb.rights.values():
        for p in right.provisions:
            key = (p.instrument, p.articles)
            inst = kb.instruments[p.instrument]
            item = found.get(key)
            if item is None:
                found[key] = ReviewItem(p.instrument, inst.short, p.articles, (right.id,),
                                        p.source or inst.source, p.verified)
            elif right.id not in item.rights:
                found[key] = ReviewItem(item.instrument, item.short, item.articles,
                                        (*item.rights, right.id), item.source,
                                        item.verified)
    items = list(found.values())
    return [i for i in items if not i.verified] if unverified_only else items
