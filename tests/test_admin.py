"""The way into the admin panel: PIN hashes, the knock, the lock-out (core, no Kivy)."""

from __future__ import annotations

import pytest

from kiosk.admin import Knock, PinGate, hash_pin, verify_pin
from kiosk.errors import ConfigError


class Moment:
    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        return self.value


def test_a_pin_hash_is_salted_and_verifies():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$16384$8$1$") and "2468" not in first
    assert verify_pin("2468", first) and verify_pin("2468", second)
    assert not verify_pin("2469", first)
    assert not verify_pin("", first)


@pytest.mark.parametrize("stored", ["", "2468", "scrypt$x$8$1$00$00", "bcrypt$1$2$3$4$5", "scrypt$16384$8$1$zz$00"])
def test_a_malformed_hash_matches_nothing(stored):
    assert not verify_pin("2468", stored)


@pytest.mark.parametrize("pin", ["123", "12a4", "", "١٢٣٤"])
def test_a_pin_is_at_least_four_ascii_digits(pin):
    with pytest.raises(ConfigError):
        hash_pin(pin)


def test_five_taps_within_three_seconds_knock():
    now = Moment()
    knock = Knock(now=now)
    results = []
    for _ in range(5):
        results.append(knock.tap())
        now.value += 0.5
    assert results == [False, False, False, False, True]
    assert not knock.tap()  # starts counting afresh


def test_slow_taps_or_a_tap_elsewhere_do_not_knock():
    now = Moment()
    knock = Knock(now=now)
    for _ in range(8):
        assert not knock.tap()
        now.value += 0.8  # five taps take 3.2 s
    knock = Knock(now=now)
    for index in range(5):
        if index == 3:
            knock.other_tap()
        assert not knock.tap()


def test_three_wrong_pins_lock_even_the_right_one_out():
    now = Moment()
    gate = PinGate(hash_pin("2468"), attempts=3, lock_seconds=300, now=now)
    assert [gate.check("1111"), gate.check("2222")] == ["wrong", "wrong"]
    assert gate.check("3333") == "locked"
    assert gate.locked_for() == pytest.approx(300)
    now.value += 299
    assert gate.check("2468") == "locked"
    now.value += 2
    assert gate.check("2468") == "ok"
    # a right PIN resets the count of wrong ones
    assert gate.check("1111") == "wrong" and gate.check("2468") == "ok"
    assert [gate.check("1"), gate.check("2")] == ["wrong", "wrong"]


def test_without_a_hash_nothing_opens():
    gate = PinGate("")
    assert not gate.enabled
    assert gate.check("") == "locked" and gate.check("2468") == "locked"
