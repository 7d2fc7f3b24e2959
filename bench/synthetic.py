"""A synthetic catalogue for benchmarks: N offers in 11 languages, optional images."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from kiosk import paths

LANGUAGES = ["de", "de-simple", "en", "da", "ar", "fa", "tr", "ru", "uk", "ku", "pl"]
WORDS = {
    "de": "Beratung Kurs Sprache Gesundheit Treffen Hilfe Familie Arbeit Schule Stadt Ehrenamt Kinder".split(),
    "en": "advice course language health meeting help family work school city volunteering children".split(),
    "ar": "استشارة دورة لغة صحة لقاء مساعدة عائلة عمل مدرسة مدينة تطوع أطفال".split(),
    "fa": "مشاوره دوره زبان سلامت دیدار کمک خانواده کار مدرسه شهر داوطلبانه کودکان".split(),
    "ru": "консультация курс язык здоровье встреча помощь семья работа школа город дети".split(),
    "uk": "консультація курс мова здоров'я зустріч допомога сім'я робота школа місто діти".split(),
    "tr": "danışma kurs dil sağlık buluşma yardım aile iş okul şehir gönüllü çocuklar".split(),
}


def words(lang: str, rng: random.Random, count: int) -> str:
    pool = WORDS.get(lang.split("-")[0], WORDS["en"] if lang not in ("da", "ku", "pl") else WORDS["de"])
    return " ".join(rng.choice(pool) for _ in range(count))


def make_catalogue(target: Path, offers: int = 1000, images: int = 0, seed: int = 7) -> Path:
    """Write a valid content directory with ``offers`` offers (every text in all 11 languages)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "offers").mkdir(parents=True)
    site = yaml.safe_load((paths.CONTENT / "site.yaml").read_text(encoding="utf-8"))
    (target / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    shutil.copy(paths.CONTENT / "categories.yaml", target / "categories.yaml")
    categories = [c["id"] for c in yaml.safe_load((paths.CONTENT / "categories.yaml").read_text(encoding="utf-8"))]
    for number in range(offers):
        offer = {
            "id": f"angebot-{number:05d}",
            "category": categories[number % len(categories)],
            "kind": ["service", "course", "event", "place"][number % 4],
            "title": {lang: f"{words(lang, rng, 3)} {number}" for lang in LANGUAGES},
            "summary": {lang: words(lang, rng, 14) + "." for lang in LANGUAGES},
            "description": {lang: words(lang, rng, 60) + "." for lang in LANGUAGES},
            "phone": f"0461 {rng.randint(100000, 999999)}",
            "address": {"street": f"Teststraße {number % 90 + 1}", "postcode": "24937", "city": "Flensburg"},
            "updated": "2026-11-24",
        }
        path = target / "offers" / f"{offer['id']}.yaml"
        path.write_text(yaml.safe_dump(offer, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    if images:
        (target / "images").mkdir()
        for number in range(images):
            (target / "images" / f"bild-{number:03d}.jpg").write_bytes(rng.randbytes(rng.randint(20_000, 60_000)))
    return target
