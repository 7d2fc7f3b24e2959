"""German wording of the content validator's messages, for showing them next to a form field.

``MESSAGES`` pairs each English message template of ``kiosk.content`` (written as in the code, so a
message found in the source is found here by copy and paste) with its German template. Each English
template is compiled into an anchored regular expression with one named group per placeholder.
A placeholder's name says what it may match and how its value is put into German:

    {field}   a key, list position or language code ("phone", "0", "en"): "Das Feld „Telefon“"
    {label}   a dotted field name or "the file": "Das Feld „Titel“", "Die Datei"
    {name}    a field named inside a sentence: its German label ("Titel"), else as written
    {kind}    what was found instead ("a list"): "eine Liste"
    {detail}  technical English from PyYAML or the system: reworded where ``DETAILS`` knows it

Every other placeholder matches any text and is kept as written. Imports no Kivy.
"""

from __future__ import annotations

import re
from string import Formatter

from kiosk.content.fields import LANGUAGE_TAG

MESSAGES: tuple[tuple[str, str], ...] = (
    # yamlfile.py
    ("keys must be plain words", "Feldnamen müssen einfache Wörter sein."),
    ("duplicate key '{name}'", "Das Feld „{name}“ kommt doppelt vor."),
    ("not UTF-8 text ({detail} at byte {byte})",
     "Die Datei ist nicht als UTF-8 gespeichert ({detail} bei Byte {byte}). Bitte als UTF-8 speichern."),
    ("cannot read file: {detail}", "Die Datei kann nicht gelesen werden: {detail}."),
    ("YAML syntax error: {detail}", "Fehler im Aufbau der Datei (YAML): {detail}."),
    ("file too large or too deeply aliased (over {count} values)",
     "Die Datei ist zu groß oder hat zu viele Verweise (mehr als {count} Werte)."),
    ("cannot read YAML: {detail}", "Die Datei kann nicht als YAML gelesen werden: {detail}."),
    # catalog.py
    ("site.yaml is missing", "Die Datei site.yaml fehlt."),
    ("categories.yaml is missing", "Die Datei categories.yaml fehlt."),
    ("duplicate offer id '{value}'", "Die Kennung „{value}“ hat schon ein anderes Angebot."),
    # fields.py
    ("phone number '{value}' may contain only digits, spaces and + - / ( )",
     "Die Telefonnummer „{value}“ darf nur Ziffern, Leerzeichen und + - / ( ) enthalten."),
    ("phone number '{value}' is too short", "Die Telefonnummer „{value}“ ist zu kurz."),
    ("'{value}' is not an e-mail address", "„{value}“ ist keine gültige E-Mail-Adresse."),
    ("URL '{value}' contains spaces or control characters",
     "Der Link „{value}“ enthält Leerzeichen oder Steuerzeichen."),
    ("'{value}' is not a valid URL", "„{value}“ ist kein gültiger Link."),
    ("unsafe URL '{value}': only http:// and https:// links are allowed",
     "Der Link „{value}“ ist nicht sicher: Erlaubt sind nur Links mit http:// oder https://."),
    ("URL '{value}' has no host name", "Im Link „{value}“ fehlt der Name der Website (z. B. www.flensburg.de)."),
    ("URL '{value}' must not contain a user name or password",
     "Der Link „{value}“ darf keinen Benutzernamen und kein Passwort enthalten."),
    ("'{value}' is not a time; write it as \"HH:MM\", e.g. \"09:30\"",
     "„{value}“ ist keine Uhrzeit. Bitte so schreiben: HH:MM, z. B. 09:30."),
    ("'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-05",
     "„{value}“ ist kein Datum. Bitte so schreiben: JJJJ-MM-TT, z. B. 2026-12-05."),
    # reader.py: shapes
    ("{label} must be a mapping of keys to values, not {kind}",
     "{label} muss aus Angaben der Form „Feld: Wert“ bestehen, ist aber {kind}."),
    ("unknown key '{value}' (allowed: {allowed})", "Unbekanntes Feld „{value}“ (erlaubt: {allowed})."),
    ("missing required key '{name}'", "Das Pflichtfeld „{name}“ fehlt oder ist leer."),
    ("{field} must be a list, not {kind}", "{field} muss eine Liste sein, ist aber {kind}."),
    ("{field} is missing", "{field} fehlt."),
    ("{field} must be text, not {kind}", "{field} muss Text sein, ist aber {kind}."),
    ("{field} contains control characters", "{field} enthält unsichtbare Steuerzeichen."),
    ("{field} is empty", "{field} ist leer."),
    ("missing required text '{name}'", "Der Pflichttext „{name}“ fehlt."),
    ("{label} must map languages to text, e.g. {{de: ..., en: ...}}",
     "{label} braucht einen Text je Sprache, z. B. {{de: ..., en: ...}}."),
    ("'{value}' is not a language code", "„{value}“ ist kein Sprachkürzel."),
    ("'{value}' is not a language code (put text with commas in quotes)",
     "„{value}“ ist kein Sprachkürzel. Text mit Kommas bitte in Anführungszeichen setzen."),
    ("language '{value}' is not listed in site.yaml", "Die Sprache „{value}“ ist in site.yaml nicht eingetragen."),
    ("{label} in '{value}' is empty", "{label} ist in der Sprache „{value}“ leer."),
    ("{label} has no German text (de)", "{label} hat keinen deutschen Text (de)."),
    # reader.py: values
    ("'{value}' is not a valid id: use lower-case letters, digits and hyphens",
     "„{value}“ ist keine gültige Kennung. Bitte nur Kleinbuchstaben, Ziffern und Bindestriche verwenden."),
    ("'{value}' is not one of: {allowed}", "„{value}“ ist hier nicht möglich. Erlaubt: {allowed}."),
    ("{field} must be a whole number from {low} to {high}, not '{value}'",
     "{field} muss eine ganze Zahl von {low} bis {high} sein, nicht „{value}“."),
    ("{field} must be a number from {low} to {high}, not '{value}'",
     "{field} muss eine Zahl von {low} bis {high} sein, nicht „{value}“."),
    # reader.py: site and categories
    ("a language is listed twice", "Eine Sprache steht doppelt in der Liste."),
    ("languages must include German (de)", "Die Sprachen müssen Deutsch (de) enthalten."),
    ("categories.yaml must be a list of categories", "categories.yaml muss eine Liste von Bereichen sein."),
    ("duplicate category id '{value}'", "Die Kennung „{value}“ hat schon ein anderer Bereich."),
    ("unknown pictogram '{value}' (see assets/icons/codepoints.json)",
     "Unbekanntes Piktogramm „{value}“ (siehe assets/icons/codepoints.json)."),
    ("colour '{value}' must be written as #rrggbb", "Die Farbe „{value}“ muss als #rrggbb geschrieben werden."),
    # reader.py: offers
    ("id '{value}' differs from the file name '{file}'", "Die Kennung „{value}“ passt nicht zum Dateinamen „{file}“."),
    ("unknown category '{value}' (known: {known})", "Unbekannter Bereich „{value}“ (vorhanden: {known})."),
    ("website must be a single link", "Das Feld „Website“ darf nur einen Link enthalten."),
    ("valid_until is before valid_from", "„Sichtbar bis“ liegt vor „Sichtbar ab“."),
    ("'{value}' is not a language code such as 'ar' or 'fa'", "„{value}“ ist kein Sprachkürzel wie „ar“ oder „fa“."),
    ("postcode '{value}' must have five digits", "Die Postleitzahl „{value}“ muss fünf Ziffern haben."),
    ("give both lat and lon, or neither",
     "Bitte Breitengrad (lat) und Längengrad (lon) beide angeben oder beide weglassen."),
    ("a contact needs a name, phone or email",
     "Eine Kontaktperson braucht einen Namen, eine Telefonnummer oder eine E-Mail-Adresse."),
    ("opening hours end before they start", "Die Öffnungszeit endet, bevor sie beginnt."),
    ("a date entry needs either 'date' (one day) or 'repeat' (weekly, monthly, yearly)",
     "Ein Termin braucht entweder ein „Datum“ (einmalig) oder „Wie oft“ (weekly, monthly, yearly), nicht beides."),
    ("the end time is before the start time", "Das Ende liegt vor dem Beginn."),
    ("a yearly date needs 'month' and 'day' (or 'from')",
     "Ein jährlicher Termin braucht „Monat“ und „Tag“ (oder „erster Termin / ab“)."),
    ("a weekly date needs 'weekday' (or 'from')",
     "Ein wöchentlicher Termin braucht einen „Wochentag“ (oder „erster Termin / ab“)."),
    ("there is no day {day} in month {month}", "Den {day}.{month}. gibt es nicht."),
    ("keywords must map languages to lists of words", "Die Suchwörter müssen je Sprache als Liste angegeben werden."),
    # reader.py: announcements
    ("announcements.yaml must be a list of announcements", "announcements.yaml muss eine Liste von Hinweisen sein."),
    ("duplicate announcement id '{value}'", "Die Kennung „{value}“ hat schon ein anderer Hinweis."),
    ("the announcement ends before it starts", "Der Hinweis endet, bevor er beginnt."),
    ("'{value}' is not a date and time; write it as 2026-12-01 08:00",
     "„{value}“ ist kein Datum mit Uhrzeit. Bitte so schreiben: 2026-12-01 08:00."),
)  # fmt: skip

FIELD_LABELS = {
    "id": "Kennung", "category": "Bereich", "kind": "Art", "title": "Titel", "summary": "Kurzbeschreibung",
    "description": "Beschreibung", "attributes": "Merkmale", "languages_spoken": "Gesprochene Sprachen",
    "organiser": "Träger", "address": "Adresse", "phone": "Telefon", "email": "E-Mail", "website": "Website",
    "contacts": "Kontaktpersonen", "opening_hours": "Öffnungszeiten", "dates": "Termine", "when": "Zeitangabe",
    "cost": "Kosten", "valid_from": "Sichtbar ab", "valid_until": "Sichtbar bis", "updated": "Zuletzt geprüft",
    "keywords": "Suchwörter", "source": "Quelle",
    # address and contacts
    "name": "Name", "street": "Straße", "postcode": "Postleitzahl", "city": "Ort", "district": "Stadtteil",
    "lat": "Breitengrad", "lon": "Längengrad", "role": "Rolle",
    # opening hours and dates ("from" is a time in one, the first day of a series in the other)
    "days": "Wochentage", "from": "Von", "to": "Bis", "date": "Datum", "repeat": "Wie oft", "interval": "Abstand",
    "weekday": "Wochentag", "month": "Monat", "day": "Tag", "until": "Bis", "start": "Beginn", "end": "Ende",
    # categories, announcements, site
    "icon": "Piktogramm", "color": "Farbe", "text": "Text", "priority": "Priorität", "groups": "Kiosk-Gruppen",
    "districts": "Stadtteile", "motto": "Motto", "welcome": "Begrüßung", "touch_to_start": "Starthinweis",
    "languages": "Sprachen", "default_language": "Standardsprache", "public_url": "Öffentliche Adresse",
    "timezone": "Zeitzone",
}  # fmt: skip

KINDS = {
    "nothing": "leer", "a mapping": "eine Gruppe von Feldern", "a list": "eine Liste", "text": "Text",
    "yes/no": "ein Ja/Nein-Wert", "int": "eine Zahl", "float": "eine Zahl", "date": "ein Datum",
    "datetime": "ein Datum mit Uhrzeit",
}  # fmt: skip

# PyYAML's reasons (libyaml's wording, then the pure-Python parser's) and the system's, as far as people meet them.
DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english), german)
    for english, german in (
        (r"mapping values are not allowed (?:in this context|here)",
         "Hier darf kein Doppelpunkt stehen. Text mit „:“ bitte in Anführungszeichen setzen, sonst die Einrückung "
         "prüfen"),
        (r"did not find expected ',' or '\]'|expected ',' or '\]', but got .*",
         "Eine Liste in [ ] ist nicht abgeschlossen (fehlt ein Komma oder die „]“?)"),
        (r"did not find expected ',' or '\}'|expected ',' or '\}', but got .*",
         "Eine Angabe in { } ist nicht abgeschlossen (fehlt ein Komma oder die „}“?)"),
        (r"found character(?: .*)? that cannot start any token",
         "Ein Wert beginnt mit einem Zeichen, das dort nicht stehen darf (Tabulator statt Leerzeichen? "
         "Text mit @, ` oder % am Anfang bitte in Anführungszeichen setzen)"),
        (r"found unexpected end of stream", "Die Datei endet mitten in einem Wert (fehlt ein Anführungszeichen?)"),
        (r"found undefined alias(?: .*)?", "Ein Verweis (*…) zeigt auf keinen Anker (&…)"),
        (r"found unknown escape character(?: .*)?",
         "Ein „\\“ in doppelten Anführungszeichen ist ungültig (einfache Anführungszeichen verwenden)"),
        (r"did not find expected '-' indicator|expected <block end>, but found .*", "Die Einrückung stimmt nicht"),
        (r"did not find expected key|could not find expected ':'",
         "Die Einrückung stimmt nicht oder ein Doppelpunkt fehlt"),
        (r"but found another document", "Die Datei enthält mehr als einen Teil (Zeile mit „---“)"),
        (r"did not find expected <document start>|expected '<document start>', but found .*",
         "Nach dem Inhalt folgt noch etwas (eine Klammer zu viel?)"),
        (r"second occurrence|found duplicate anchor.*", "Ein Anker (&…) ist doppelt vergeben"),
        (r"found a tab character (?:that violates indentation|where an indentation space is expected)",
         "Zum Einrücken bitte Leerzeichen statt Tabulator verwenden"),
        (r"exceeded maximum nesting depth|maximum recursion depth exceeded.*", "Die Werte sind zu tief verschachtelt"),
        (r"invalid start byte|invalid continuation byte", "ungültiges Zeichen"),
        (r"unexpected end of data", "unvollständiges Zeichen am Ende"),
        (r"Permission denied", "keine Berechtigung"),
        (r"Is a directory", "das ist ein Ordner"),
        (r"No such file or directory", "die Datei gibt es nicht"),
    )
)  # fmt: skip

# What each kind of placeholder may match; the narrow ones keep "site.yaml is missing" from "{field} is missing".
_MATCHES = {"field": r"[\w-]+", "label": r"the file|[\w.-]+", "name": r"[\w.-]+"}
REWORDED = frozenset({"field", "label", "kind", "detail"})  # placeholders whose value is not kept as written


def _pattern(template: str) -> re.Pattern[str]:
    parts = [r"\A"]
    for literal, name, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>{_MATCHES.get(name, '.*?')})")
    parts.append(r"\Z")
    return re.compile("".join(parts), re.DOTALL)


RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((_pattern(en), de) for en, de in MESSAGES)


def _subject(label: str) -> str:
    """A field as the subject of a German sentence."""
    if label == "the file":
        return "Die Datei"
    if label.isdigit():
        return "Ein Listeneintrag"  # the line number tells which one
    if label not in FIELD_LABELS and LANGUAGE_TAG.match(label):
        return f"Der Text in der Sprache „{label}“"
    return f"Das Feld „{FIELD_LABELS.get(label, label)}“"


def _detail(text: str) -> str:
    return next((german for pattern, german in DETAILS if pattern.fullmatch(text)), text)


def _render(name: str, value: str) -> str:
    if name in ("field", "label"):
        return _subject(value)
    if name == "name":
        return FIELD_LABELS.get(value, value)
    if name == "kind":
        return KINDS.get(value, f"vom Typ {value}")
    if name == "detail":
        return _detail(value)
    return value


def german(message: str) -> str:
    """The German wording of one validation message; the English one if no pattern matches."""
    for pattern, template in RULES:
        if match := pattern.fullmatch(message):
            return template.format_map({name: _render(name, value) for name, value in match.groupdict().items()})
    return message
