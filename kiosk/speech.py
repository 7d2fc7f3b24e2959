"""Reading aloud with espeak-ng, offline. Imports no Kivy; the UI never waits for it."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

# Kiosk language -> espeak-ng voice
VOICES = {"de": "de", "de-simple": "de", "en": "en-gb", "da": "da", "ar": "ar", "fa": "fa", "tr": "tr",
          "ru": "ru", "uk": "uk", "ku": "ku", "pl": "pl"}  # fmt: skip
_PHONE = re.compile(r"\+?\d[\d ()/\-]{4,}\d")
_POSTCODE = re.compile(r"\b\d{5}\b")


def espeak() -> str | None:
    return shutil.which("espeak-ng")


@lru_cache(maxsize=1)
def installed_voices() -> frozenset[str]:
    program = espeak()
    if program is None:
        return frozenset()
    listing = subprocess.run([program, "--voices"], capture_output=True, text=True, timeout=20).stdout
    return frozenset(line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1)


def voice_for(lang: str, *, ask: bool = True) -> str | None:
    """The espeak-ng voice for a kiosk language, or None when espeak-ng cannot speak it.

    ``ask=False`` never starts espeak-ng (the UI thread): None until the voices are known.
    """
    if not ask and installed_voices.cache_info().currsize == 0:
        return None
    voice = VOICES.get(lang)
    return voice if voice and voice in installed_voices() else None


def spell_digits(text: str) -> str:
    """Phone numbers and postcodes digit by digit ("0461 - 85" -> "0 4 6 1, 8 5"), so nobody hears "four hundred"."""

    def digits(match: re.Match) -> str:
        groups = re.findall(r"\d+", match.group(0))
        return ", ".join(" ".join(group) for group in groups)

    return _POSTCODE.sub(digits, _PHONE.sub(digits, text))


def command(text: str, lang: str, wav: Path | None = None) -> list[str]:
    voice = voice_for(lang)
    if voice is None:
        raise ValueError(f"espeak-ng has no voice for '{lang}'")
    args = [espeak() or "espeak-ng", "-v", voice, "-s", "150"]
    if wav is not None:
        args += ["-w", str(wav)]
    return [*args, "--", spell_digits(text)]


def synthesize(text: str, lang: str, wav: Path) -> Path:
    """Write what would be said to a WAV file (for tests and `kiosk preview --speech`)."""
    subprocess.run(command(text, lang, wav), check=True, capture_output=True, timeout=120)
    return wav


class Speaker:
    """Speaks one text at a time in its own process; stop() ends it at once."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def speak(self, text: str, lang: str) -> bool:
        self.stop()
        if voice_for(lang) is None or not text.strip():
            return False
        self.process = subprocess.Popen(command(text, lang), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return True

    def speaking(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
