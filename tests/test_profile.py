"""Column profiles: types, missing and unique counts, ranges, top values."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_data.explorer.loading import ColumnProfile, TableProfile, load, profile

DATA = Path(__file__).parent / "data"
KEYS = {"name", "type", "count", "missing", "unique", "min", "max", "mean", "median", "top"}


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "n": [3, 1, 2, 2, None],
        "x": [1.5, 2.5, np.nan, 2.5, 10.0],
        "naam": ["Utrecht", "Zeist", None, "Utrecht", "Houten"],
        "datum": pd.to_datetime(["2020-01-03", None, "2019-12-31", "2020-01-03", "2021-06-01"]),
        "ok": [True, False, True, True, True],
        "jn": ["ja", "nee", "ja", None, "nee"],
        "code": ["0344", "0363", "0344", None, "1680"],
        "postcode": ["3511 AB", "1011AA", None, None, "9999 ZZ"],
    })


def test_types():
    p = profile(frame())
    assert {c.name: c.type for c in p.columns} == {
        "n": "integer", "x": "decimal", "naam": "text", "datum": "date", "ok": "boolean",
        "jn": "boolean", "code": "code", "postcode": "code"}
    assert p.rows == 5


def test_numbers():
    c = profile(frame()).column("n")
    assert (c.count, c.missing, c.unique) == (4, 1, 3)
    assert (c.min, c.max, c.mean, c.median) == (1, 3, 2.0, 2.0)
    assert c.top[0] == (2, 2)
    x = profile(frame()).column("x")
    assert (x.min, x.max, x.median) == (1.5, 10.0, 2.5)
    assert x.mean == pytest.approx(16.5 / 4)
    assert x.top[0] == (2.5, 2)


def test_text_and_dates():
    p = profile(frame())
    naam = p.column("naam")
    assert (naam.count, naam.missing, naam.unique) == (4, 1, 3)
    assert naam.top[0] == ("Utrecht", 2)
    assert naam.min is None and naam.mean is None
    datum = p.column("datum")
    assert (datum.count, datum.missing, datum.unique) == (4, 1, 3)
    assert datum.min == pd.Timestamp("2019-12-31") and datum.max == pd.Timestamp("2021-06-01")
    assert datum.top[0] == (pd.Timestamp("2020-01-03"), 2)
    assert datum.mean is None and datum.median is None


def test_to_dict_is_stable_json():
    d = profile(frame()).to_dict()
    assert set(d) == {"rows", "columns"}
    assert all(set(c) == KEYS for c in d["columns"])
    assert json.loads(json.dumps(d)) == d
    by_name = {c["name"]: c for c in d["columns"]}
    assert by_name["datum"]["min"] == "2019-12-31"
    assert by_name["n"]["top"][0] == {"value": 2, "count": 2}
    assert by_name["x"]["mean"] == pytest.approx(4.125)
    assert by_name["naam"]["min"] is None
    assert by_name["ok"]["top"][0] == {"value": True, "count": 4}


def test_integers_with_gaps_are_integers():
    c = profile(pd.DataFrame({"a": [1.0, np.nan, 3.0]})).column("a")
    assert c.type == "integer" and c.to_dict()["max"] == 3 and isinstance(c.to_dict()["max"], int)


def test_empty_frame_and_empty_column():
    p = profile(pd.DataFrame({"a": pd.Series([], dtype="float64"), "b": pd.Series([None, None], dtype=object)[:0]}))
    assert p.rows == 0 and p.column("a").count == 0
    q = profile(pd.DataFrame({"leeg": [np.nan, np.nan]}))
    assert q.column("leeg").to_dict()["min"] is None and q.column("leeg").missing == 2


def test_single_letters_are_not_booleans_unless_paired():
    p = profile(pd.DataFrame({"a": ["n", "n"], "b": ["j", "n"], "c": ["x", "y"]}))
    assert [c.type for c in p.columns] == ["text", "boolean", "text"]


@pytest.mark.parametrize("name, expected", [
    ("eindhoven_incijfers_buurten_2020.csv", {
        "Buurten": "text", "Inwoners|2020": "integer", "Hoog opleidingsniveau %|2020": "decimal"}),
    ("utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx", {
        "gwb_code_10": "code", "gwb_code_8": "code", "regio": "text", "a_inw": "integer", "g_hhgro": "decimal"}),
    ("utrecht_buurten.geojson", {"ID": "integer", "KODE": "code", "NAAM": "text", "geometry": "text"}),
    ("utrecht_evenementen_2011_2016.csv", {"Jaar": "integer", "Dag": "text", "Weeknummer": "text"}),  # keeps "28/29" (issue 16)
])
def test_profiles_of_shared_files(name, expected):
    p = profile(load(DATA / name).frame)
    types = {c.name: c.type for c in p.columns}
    assert {k: types[k] for k in expected} == expected


def test_profile_of_eindhoven_numbers():
    p = profile(load(DATA / "eindhoven_incijfers_buurten_2020.csv").frame)
    assert p.rows == 117
    inwoners = p.column("Inwoners|2020")
    assert inwoners.missing == 5  # five "x" (CBS: secret)
    assert (inwoners.min, inwoners.max, inwoners.unique) == (13, 7246, 109)
    assert inwoners.top[0] == (14, 2)  # ties: smallest value first
    inkomen = p.column("Gemiddeld persoonlijk inkomen per inkomensontvanger (x1000 euro)|2020")
    assert (inkomen.count, inkomen.missing, inkomen.min, inkomen.max) == (97, 20, 11.3, 90.7)
    assert inkomen.median == pytest.approx(34.6)


def test_profile_of_the_statline_years():
    p = profile(load(DATA / "cbs_statline_bevolking_kerncijfers_2017_cp1252.csv").frame)
    years = p.columns[0]
    assert (years.type, years.min, years.max, years.unique, years.mean) == ("integer", 1950, 2010, 7, 1980.0)


def test_dataclasses_are_plain():
    c = ColumnProfile(name="a", type="text", count=0, missing=0, unique=0)
    assert TableProfile(rows=0, columns=[c]).to_dict()["columns"][0]["top"] == []
    with pytest.raises(KeyError):
        TableProfile(rows=0, columns=[c]).column("b")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32)), max_size=40))
def test_numeric_profile_matches_pandas(values):
    s = pd.Series(values, dtype="float64")
    c = profile(pd.DataFrame({"v": s})).column("v")
    assert c.count == int(s.notna().sum()) and c.missing == int(s.isna().sum())
    assert c.unique == int(s.nunique())
    if c.count:
        assert c.min == s.min() and c.max == s.max()
        assert c.median == pytest.approx(s.median())
        assert sum(n for _, n in c.top) <= c.count
        assert c.top[0][1] == int(s.value_counts().iloc[0])
    json.dumps(c.to_dict())


def _top_by_pandas(s: pd.Series, n: int = 5) -> list:
    """The most common values, ties smallest value first (the profile's order)."""
    counts = s.value_counts()
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def test_profile_of_big_columns_counts_as_pandas_does():
    # more values than one slice of the whole-column passes (65,536), so the counting by slices,
    # the int32 positions and the first ties found slice by slice are all used
    rng = np.random.default_rng(16)
    rows = 200_003
    amounts = rng.integers(0, 5_000_000, rows) / 100  # mostly distinct: ties at one occurrence
    counts = rng.integers(0, 500, rows)  # a small range: counted slice by slice
    days = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 2920, rows), unit="D")
    frame = pd.DataFrame({"aantal": counts, "bedrag": amounts, "datum": days.astype("datetime64[us]")})
    table = profile(frame)
    # profiled in threads, the longest (the amounts) first, but listed as the table has them
    assert [c.name for c in table.columns] == ["aantal", "bedrag", "datum"]
    for name in ("bedrag", "aantal"):
        col, s = table.column(name), frame[name]
        assert col.unique == s.nunique() and col.count == rows
        assert col.median == pytest.approx(s.median()) and col.mean == pytest.approx(s.mean())
        assert col.min == s.min() and col.max == s.max()
        assert [(float(v), n) for v, n in col.top] == [(float(v), n) for v, n in _top_by_pandas(s)]
    col = table.column("datum")
    assert col.type == "date" and col.unique == frame["datum"].nunique()
    assert [(pd.Timestamp(v), n) for v, n in col.top] == _top_by_pandas(frame["datum"])
    assert col.min == frame["datum"].min() and col.max == frame["datum"].max()


@pytest.mark.parametrize("values", [
    lambda rng, n: rng.integers(-5_000_000, 5_000_000, n) / 100,  # amounts in cents, some negative
    lambda rng, n: rng.integers(0, 90_000, n) / 1000,  # three decimals, many repeats
    lambda rng, n: rng.integers(0, 10**12, n) / 100,  # cents beyond 32 bits: sorted as floats
    lambda rng, n: rng.random(n) * 1000,  # no fixed decimals at all
], ids=["cents", "thousandths", "too-big", "no-decimals"])
def test_amounts_sorted_as_whole_numbers_profile_as_the_floats_do(values):
    """A big column of amounts with a few decimals is sorted as whole numbers (cents); what the
    profile shows must be the very floats the column holds, as pandas counts them."""
    rng = np.random.default_rng(3)
    s = pd.Series(values(rng, 200_004))  # even: the median lies between two values
    col = profile(pd.DataFrame({"bedrag": s})).column("bedrag")
    assert col.type == "decimal" and col.unique == s.nunique() and col.count == len(s)
    assert col.min == s.min() and col.max == s.max() and col.median == s.median()
    assert [(float(v), n) for v, n in col.top] == [(float(v), n) for v, n in _top_by_pandas(s)]
    assert col.to_dict()["top"][0]["value"] == float(_top_by_pandas(s)[0][0])


@settings(max_examples=60, deadline=None)
@given(codes=st.lists(st.integers(-1, 40), max_size=300), extra=st.integers(0, 3), sort=st.booleans(),
       ascending=st.booleans())
def test_a_categorical_is_counted_as_pandas_counts_it(codes, extra, sort, ascending):
    """value_counts counts a categorical's codes a slice at a time; the answer is pandas' own
    (order of ties included), less the categories no row holds."""
    from workshop_data.explorer.loading.arrowtext import value_counts

    categories = [f"wijk {k:02d}" for k in range(max(codes, default=0) + 1 + extra)]
    s = pd.Series(pd.Categorical.from_codes(codes, categories=categories), name="Wijk")
    expected = s.value_counts(sort=sort, ascending=ascending)
    expected = expected[expected.to_numpy() > 0]
    pd.testing.assert_series_equal(value_counts(s, sort=sort, ascending=ascending), expected)
