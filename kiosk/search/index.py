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
    """Offers are numbered in tie-break order (nearest first, then by id), so the postings of a word
    are plain sets of numbers per field and most of the work is done by C-level set operations."""

    def __init__(self, catalog: Catalog, kiosk_location: tuple[float, float] | None = None):
        self.catalog = catalog
        self.kiosk_location = kiosk_location
        distances = {offer.id: self._distance(offer) for offer in catalog.offers.values()}
        self.order = sorted(catalog.offers, key=lambda oid: (math.inf if distances[oid] is None else distances[oid],
                                                            oid))  # fmt: skip
        self.distances = distances
        # word -> field -> numbers of the offers with that word in that field
        self.postings: dict[str, dict[str, set[int]]] = defaultdict(lambda: {field: set() for field in FIELD_WEIGHTS})
        for number, offer_id in enumerate(self.order):
            for field, text in self._fields(catalog.offers[offer_id]):
                for token in set(tokens(text)):
                    self.postings[token][field].add(number)
        self.vocabulary = sorted(self.postings)
        # SymSpell-style: every word with one letter left out, to find typos without scanning all words
        self.by_deletion: dict[str, list[str]] = defaultdict(list)
        for token in self.vocabulary:
            if len(token) > 4:
                for variant in _deletions(token):
                    self.by_deletion[variant].append(token)

    @staticmethod
    def _fields(offer: Offer):
        for text in offer.title.values.values():
            yield "title", text
        keywords = [word for words in offer.keywords.values() for word in words]
        if keywords:
            yield "keywords", " ".join(keywords)
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

    def _tiers(self, word: str, prefix: bool) -> list[tuple[float, set[int]]]:
        """For one typed word: (score, offers) from the best kind of match down, each offer once."""
        by_score: dict[float, set[int]] = defaultdict(set)
        for vocab_word, quality in self._matches(word, prefix).items():
            for field, members in self.postings[vocab_word].items():
                if members:
                    by_score[FIELD_WEIGHTS[field] * quality].update(members)
        tiers, seen = [], set()
        for score in sorted(by_score, reverse=True):
            fresh = by_score[score] - seen
            if fresh:
                tiers.append((score, fresh))
                seen |= fresh
        return tiers

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """Ranked offers for what was typed so far (the last word may be half typed)."""
        words = tokens(query)
        if not words:
            return []
        typing_last = not query[-1:].isspace()
        per_word = [self._tiers(word, typing_last and position == len(words) - 1)
                    for position, word in enumerate(words)]  # fmt: skip
        found = [set().union(*(members for _, members in tiers)) for tiers in per_word]
        common = set.intersection(*found) if found else set()
        if not common:  # nothing has every word: offers with most of them still help
            common = set().union(*found)
        if len(per_word) == 1:
            # one word: walk the tiers from the best, sorted by number (= distance, then id) within each
            ranked: list[tuple[float, int]] = []
            for score, members in per_word[0]:
                ranked.extend((score, number) for number in sorted(members)[: limit - len(ranked)])
                if len(ranked) >= limit:
                    break
        else:
            scores = dict.fromkeys(common, 0.0)
            for tiers in per_word:
                for score, members in tiers:
                    for number in members & common:
                        scores[number] += score
            ranked = sorted(((score, number) for number, score in scores.items()), key=lambda x: (-x[0], x[1]))
            ranked = ranked[:limit]
        return [Hit(self.order[number], score, self.distances[self.order[number]]) for score, number in ranked]
