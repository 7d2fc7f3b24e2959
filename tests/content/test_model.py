import datetime as dt

from kiosk.content.model import Address, Contact, Offer, Text


def test_text_falls_back_to_english_then_german():
    text = Text({"de": "Hallo", "en": "Hello", "ar": "مرحبا"})
    assert text.resolve("ar") == ("مرحبا", "ar")
    assert text.resolve("fa") == ("Hello", "en")
    assert Text({"de": "Hallo"}).resolve("fa") == ("Hallo", "de")


def test_phones_include_contact_persons_without_duplicates():
    offer = Offer(
        id="x", category="c", kind="place", title=Text({"de": "X"}), summary=Text({"de": "Y"}),
        updated=dt.date(2026, 1, 1), phone=("0461 1",),
        contacts=(Contact(name="A", phone=("0461 1", "0461 2")), Contact(name="B", email=("b@example.org",))),
    )  # fmt: skip
    assert offer.phones() == ("0461 1", "0461 2")
    assert offer.emails() == ("b@example.org",)


def test_address_lines():
    address = Address(name="Rathaus", street="Rathausplatz 1", postcode="24937", city="Flensburg")
    assert address.lines() == ["Rathaus", "Rathausplatz 1", "24937 Flensburg"]
