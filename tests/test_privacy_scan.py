"""Privacy quick-scan: BSN (elfproef), e-mail, Dutch phone numbers, addresses."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from workshop_data.explorer.loading import PrivacyHit, load, scan_privacy
from workshop_data.explorer.loading.privacy import _is_phone, elfproef

DATA = Path(__file__).parent / "data"

# valid by the 11-test: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66 = 6*11
VALID_BSN = ["111222333", "123456782", "999999990", "010000008"]


def hits(frame) -> dict[tuple[str, str], int]:
    return {(h.column, h.kind): h.count for h in scan_privacy(frame)}


@pytest.mark.parametrize("number", VALID_BSN)
def test_elfproef_accepts_valid_numbers(number):
    assert elfproef(number)


@pytest.mark.parametrize("number", ["111222334", "123456789", "000000000", "12345678", "1234567890", "12345678a"])
def test_elfproef_rejects_others(number):
    assert not elfproef(number)


def test_bsn_in_text_and_number_columns():
    frame = pd.DataFrame({
        "bsn": [111222333, 123456782, None, 999999990],
        "bsn_tekst": ["BSN 111222333", "1234.56.782", "onbekend", None],
        "ander": ["klantnummer 123456789", "x", "y", "z"],  # fails the 11-test
    })
    assert hits(frame) == {("bsn", "bsn"): 3, ("bsn_tekst", "bsn"): 2}


def test_a_bsn_with_a_leading_zero_stored_as_a_number():
    assert hits(pd.DataFrame({"bsn": [10000008, 111222333]})) == {("bsn", "bsn"): 2}


def test_random_nine_digit_numbers_are_not_bsn():
    rng = random.Random(7)
    numbers = [rng.randrange(100_000_000, 999_999_999) for _ in range(500)]
    frame = pd.DataFrame({"bedrag": numbers, "kenmerk": [str(n) for n in numbers]})
    assert hits(frame) == {}  # about 1 in 11 passes by chance; not a BSN column


def test_large_totals_in_an_amount_column_are_not_bsn():
    frame = pd.DataFrame({"aantal": [12, 80, 13562940, 111222333] + list(range(40))})
    assert hits(frame) == {}


def test_email():
    frame = pd.DataFrame({"contact": ["jan@example.nl", "-", "mail k.l@gemeente.utrecht.nl graag", "geen"]})
    assert hits(frame) == {("contact", "email"): 2}


@pytest.mark.parametrize("text", ["06-12345678", "06 12345678", "0612345678", "06 1234 5678", "020-1234567",
                                  "020 123 4567", "030-2861234", "+31 6 12345678", "+31612345678",
                                  "0031 (0)20 1234567", "+31 (0)30 286 1234"])
def test_dutch_phone_numbers(text):
    assert _is_phone(text)
    assert hits(pd.DataFrame({"tel": [f"bel {text} na 17:00"]})) == {("tel", "phone"): 1}


@pytest.mark.parametrize("text", ["13-05-2011 20-05-2011", "01-04-2013-31-09-2013", "06-1234567",
                                  "0123456789012", "3511 AB", "12:00 14:00 18:00 14:00"])
def test_not_phone_numbers(text):
    assert hits(pd.DataFrame({"x": [text]})) == {}


def test_postcode_with_house_number_in_one_cell():
    frame = pd.DataFrame({"adres": ["Oudegracht 12, 3511 AB Utrecht", "3511AB 12", "Utrecht", "3511 AB"]})
    assert hits(frame) == {("adres", "postcode_house_number"): 2}


def test_postcode_column_next_to_house_number_column():
    frame = pd.DataFrame({"Postcode": ["3511 AB", "1011AA", "9999 ZZ", None],
                          "Huisnummer": [1, 2, None, 4], "plaats": ["Utrecht"] * 4})
    assert hits(frame) == {("Postcode + Huisnummer", "postcode_house_number"): 2}


def test_a_postcode_column_alone_is_fine():
    assert hits(pd.DataFrame({"postcode": ["3511 AB", "1011AA"], "aantal": [1, 2]})) == {}


def test_hit_fields_and_scan_limit():
    frame = pd.DataFrame({"mail": ["a@b.nl"] * 30})
    [hit] = scan_privacy(frame, max_rows=10)
    assert isinstance(hit, PrivacyHit)
    assert (hit.column, hit.kind, hit.count, hit.rows_scanned) == ("mail", "email", 10, 10)
    assert hit.label == "e-mail address"
    assert hit.to_dict() == {"column": "mail", "kind": "email", "count": 10, "rows_scanned": 10}


@pytest.mark.parametrize("path", sorted(p for p in DATA.iterdir() if p.suffix != ".md"), ids=lambda p: p.name[:20])
def test_the_shared_open_data_files_hold_no_personal_data(path):
    assert scan_privacy(load(path).frame) == []


def test_dates_and_booleans_are_skipped():
    frame = pd.DataFrame({"d": pd.to_datetime(["2020-01-01"]), "b": [True]})
    assert scan_privacy(frame) == []


def test_a_house_number_split_over_two_columns_is_one_address():
    frame = pd.DataFrame({"Postcode": ["3511 AB", "1011AA", "9999 ZZ"],
                          "Huisnummer": [12, 3, None], "Huisnummertoevoeging": ["a", None, "b"]})
    assert hits(frame) == {("Postcode + Huisnummer + Huisnummertoevoeging",
                            "postcode_house_number"): 3}


def test_addresses_spaced_with_any_kind_of_space_are_found():
    # exports write non-breaking, thin or em spaces; the quick search (in Arrow's kernels)
    # must find every address the exact pattern does, as Python's \s sees them
    frame = pd.DataFrame({"adres": ["3511 AB\u00a012", "Oudegracht\u2003 12,\u202f3511 AB Utrecht",
                                    "3511 AB\t7a", "geen adres", "3511 AB\u200b12"]}, dtype="str")
    assert hits(frame) == {("adres", "postcode_house_number"): 3}
