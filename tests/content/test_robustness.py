"""The loader never crashes: random YAML and random mutations of the real files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import paths
from kiosk.content import Problem, load_catalog

REAL_OFFERS = sorted((paths.CONTENT / "offers").glob("*.yaml"))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)  # fmt: skip
keys = st.one_of(
    st.sampled_from(["id", "title", "de", "en", "summary", "dates", "repeat", "days", "from", "phone", "address"]),
    st.text(max_size=10),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                      max_leaves=25)  # fmt: skip


def check(root: Path) -> None:
    catalog, problems = load_catalog(root)
    assert all(isinstance(p, Problem) and p.line >= 1 and p.message for p in problems)
    for offer in catalog.offers.values():
        assert offer.title.get("de")


@FUZZ
@given(document=values)
def test_random_yaml_offer(tmp_path_factory, document):
    root = tmp_path_factory.mktemp("c")
    shutil.copy(paths.CONTENT / "site.yaml", root)
    shutil.copy(paths.CONTENT / "categories.yaml", root)
    (root / "offers").mkdir()
    (root / "offers" / "x.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    check(root)


@FUZZ
@given(document=values, which=st.sampled_from(["site.yaml", "categories.yaml"]))
def test_random_yaml_site_and_categories(tmp_path_factory, document, which):
    root = tmp_path_factory.mktemp("c")
    shutil.copy(paths.CONTENT / "site.yaml", root)
    shutil.copy(paths.CONTENT / "categories.yaml", root)
    (root / "offers").mkdir()
    for offer in REAL_OFFERS[:3]:  # a few real offers are enough to see their references break
        shutil.copy(offer, root / "offers")
    (root / which).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    check(root)


@FUZZ
@given(
    index=st.integers(min_value=0, max_value=len(REAL_OFFERS) - 1),
    cuts=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 40), st.binary(max_size=12)), min_size=1, max_size=4),
)
def test_mutated_real_offer_files(tmp_path_factory, index, cuts):
    root = tmp_path_factory.mktemp("c")
    shutil.copy(paths.CONTENT / "site.yaml", root)
    shutil.copy(paths.CONTENT / "categories.yaml", root)
    (root / "offers").mkdir()
    data = bytearray(REAL_OFFERS[index].read_bytes())
    for position, length, insert in cuts:
        position %= len(data) + 1
        data[position : position + length] = insert
    (root / "offers" / REAL_OFFERS[index].name).write_bytes(bytes(data))
    check(root)


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text_as_offer(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("c")
    shutil.copy(paths.CONTENT / "site.yaml", root)
    shutil.copy(paths.CONTENT / "categories.yaml", root)
    (root / "offers").mkdir()
    (root / "offers" / "x.yaml").write_text(text, encoding="utf-8")
    check(root)
