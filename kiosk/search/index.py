"""An inverted index over every language of every offer: prefixes while typing, one or two typos.

Ranking: a match in a title beats one in keywords, which beats one in a summary or description;
exact beats prefix beats a typo; ties go to the offer nearest the kiosk.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass

from kiosk.content import Catalog, Offer
from kiosk.search.normalize import tokens

FIELD_WEIGHTS = {"title": 100.0, "keywords": 10.0, "body": 1.0}
# A typo in a title counts less than an exact keyword: what was typed right wins over a guess.
MATCH_QUALITY = {"exact": 1.0, "prefix": 0.8, "typo1": 0.09, "typo2": 0.06}
MIN_PREFIX = 2  # letters before a half-typed word starts matching


@dataclass(frozen=True)
class Hit:
    offer_id: str
    score: float
    distance_km: float | None


def max_typos(token: str) -> int:
    """Longer words tolerate more typos: none up to 4 letters, one up to 7, two from 8."""
    return 0 if len(token) <= 4 else 1 if len(token) <= 7 else 2


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions; stops early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


class SearchIndex:
    def __init__(self, catalog: Catalog, kiosk_location: tuple[float, float] | None = None):
        self.catalog = catalog
        self.kiosk_location = kiosk_location
        # token -> offer id -> best field weight of that token in that offer
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        for offer in catalog.offers.values():
            for field, text in self._fields(offer):
                weight = FIELD_WEIGHTS[field]
                for token in tokens(text):
                    postings = self.postings[token]
                    if postings.get(offer.id, 0.0) < weight:
                        postings[offer.id] = weight
        self.vocabulary = sorted(self.postings)
        # SymSpell-style: every word with one letter left out, to find typos without scanning all words
        self.by_deletion: dict[str, list[str]] = defaultdict(list)
        for token in self.vocabulary:
            if len(token) > 4:
                for variant in _deletions(token):
                    self.by_deletion[variant].append(token)
        self.distances = {offer.id: self._distance(offer) for offer in catalog.offers.values()}

    @staticmethod
    def _fields(offer: Offer):
        for text in offer.title.values.values():
            yield "title", text
        for words in offer.keywords.values():
            for word in words:
                yield "keywords", word
        for field in (offer.summary, offer.description):
            for text in field.values.values():
                yield "body", text
        if offer.organiser:
            yield "body", offer.organiser
        if offer.address:
            yield "body", " ".join(offer.address.lines() + [offer.address.district])

    def _distance(self, offer: Offer) -> float | None:
        address = offer.address
        if self.kiosk_location is None or address is None or address.lat is None or address.lon is None:
            return None
        return haversine_km(self.kiosk_location, (address.lat, address.lon))

    # -- matching -----------------------------------------------------------------------

    def _matches(self, token: str, prefix: bool) -> dict[str, float]:
        """Vocabulary words that match ``token``, with the quality of the match."""
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = MATCH_QUALITY["exact"]
        if prefix and len(token) >= MIN_PREFIX:
            start = bisect.bisect_left(self.vocabulary, token)
            for word in self.vocabulary[start : start + 2000]:
                if not word.startswith(token):
                    break
                found.setdefault(word, MATCH_QUALITY["prefix"])
        limit = max_typos(token)
        if limit:
            candidates = set(self.by_deletion.get(token, ()))  # a letter too few in the query
            for variant in _deletions(token):
                if variant in self.postings:
                    candidates.add(variant)  # a letter too many
                candidates.update(self.by_deletion.get(variant, ()))  # a letter wrong or swapped
            if limit > 1:
                for variant in _deletions(token):
                    for second in _deletions(variant):
                        candidates.update(self.by_deletion.get(second, ()))
                        if second in self.postings:
                            candidates.add(second)
            for word in candidates:
                if word in found:
                    continue
                distance = damerau_levenshtein(token, word, limit)
                if distance <= limit:
                    found[word] = MATCH_QUALITY[f"typo{distance}"]
        return found

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """Ranked offers for what was typed so far (the last word may be half typed)."""
        words = tokens(query)
        if not words:
            return []
        typing_last = not query[-1:].isspace()
        per_word: list[dict[str, float]] = []
        for position, word in enumerate(words):
            scores: dict[str, float] = {}
            for vocab_word, quality in self._matches(word, prefix=typing_last and position == len(words) - 1).items():
                for offer_id, weight in self.postings[vocab_word].items():
                    score = weight * quality
                    if scores.get(offer_id, 0.0) < score:
                        scores[offer_id] = score
            per_word.append(scores)
        common = set(per_word[0]).intersection(*per_word[1:]) if per_word else set()
        if not common:  # nothing has every word: offers with most of them still help
            common = set().union(*per_word)
        hits = [Hit(offer_id, sum(s.get(offer_id, 0.0) for s in per_word), self.distances.get(offer_id))
                for offer_id in common]  # fmt: skip
        hits.sort(key=lambda h: (-round(h.score, 6), h.distance_km if h.distance_km is not None else math.inf,
                                 h.offer_id))  # fmt: skip
        return hits[:limit]
