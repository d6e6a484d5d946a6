"""The big-file road: a file read where it lies (FileBytes), cut into parts
for pyarrow, text recoded after parsing, columns assembled part by part.

Each piece is checked against the plain thing it stands in for: FileBytes
against `bytes`, part-wise reading against the small road's csv module,
recoding against Python's own codecs.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_data.explorer.loading import LoadError, LoadOptions, arrowcsv, bigfile, csvload, csvread, dates, load
from workshop_data.explorer.loading.bigfile import FileBytes, open_range

ROOT = Path(__file__).resolve().parent.parent


# -- FileBytes answers like bytes ---------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"\n").replace(b"\x01", b'"')),
       start=st.integers(-20, 320), end=st.integers(-20, 320))
def test_filebytes_answers_like_bytes(tmp_path_factory, data, start, end):
    path = tmp_path_factory.mktemp("fb") / "f.bin"
    path.write_bytes(data)
    saved = bigfile.BLOCK, bigfile.SCAN, bigfile.NEAR
    bigfile.BLOCK, bigfile.SCAN, bigfile.NEAR = 7, 5, 3  # many block boundaries in a small file
    try:
        fb = FileBytes(path)
        assert len(fb) == len(data)
        assert fb[start:end] == data[start:end]
        assert fb[-11:] == data[-11:] and fb[:] == data
        lo, hi = max(0, start), max(0, end)
        for sub in (b"\n", b"a", b"\xff"):
            assert fb.count(sub, lo, hi) == data.count(sub, lo, hi)
            assert fb.find(sub, lo, hi) == data.find(sub, lo, hi)
            assert fb.rfind(sub, lo, hi) == data.rfind(sub, lo, hi)
            assert (sub in fb) == (sub in data)
        assert fb.count(b"\n") == data.count(b"\n") and fb.count(b'"') == data.count(b'"')
        assert fb.quotes_before(lo) == data.count(b'"', 0, lo)
        assert fb.survey().cp1252_undefined == any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
        assert fb.startswith(data[:3]) and fb.endswith(data[-3:])
        assert fb.isascii() == data.isascii()
        stream = open_range(fb, lo, hi)
        assert stream.read() == data[lo:hi]
        stream.close()
    finally:
        bigfile.BLOCK, bigfile.SCAN, bigfile.NEAR = saved


def test_filebytes_index_raises_like_bytes(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a;b\n1;2\n")
    fb = FileBytes(path)
    assert fb.index(b"\n") == 3 and fb.rindex(b"\n") == 7
    with pytest.raises(ValueError):
        fb.index(b"x")
    with pytest.raises(ValueError):
        fb.count(b"ab")  # a single byte only, by design


# -- cutting a file into parts ------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(cells=st.lists(st.sampled_from(["1", "tekst", '"met ; puntkomma"', '"twee\nregels"',
                                       '"drie\nregels\nhier"', '"aanhaling "" binnen"', ""]),
                      min_size=3, max_size=300),
       size=st.integers(1, 120))
def test_parts_are_cut_between_records_never_inside_quotes(cells, size):
    rows = [";".join(cells[i : i + 3]) for i in range(0, len(cells), 3)]
    data = ("\n".join(rows) + "\n").encode()
    bounds = arrowcsv.part_bounds(data, 0, len(data), quoted=b'"' in data, size=size)
    assert bounds[0] == 0 and bounds[-1] == len(data)
    assert bounds == sorted(set(bounds))
    for cut in bounds[1:-1]:
        assert data[cut - 1 : cut] == b"\n"  # right after a line break
        assert data.count(b'"', 0, cut) % 2 == 0  # and outside any quoted value
    # the same rules for the file on disk, where quotes are counted from its survey
    on_disk = _on_disk(data, size)
    for cut in on_disk[1:-1]:
        assert data[cut - 1 : cut] == b"\n" and data.count(b'"', 0, cut) % 2 == 0
    assert on_disk[0] == 0 and on_disk[-1] == len(data)
    # the records of the parts, joined, are the records of the file
    import csv
    import io

    whole = list(csv.reader(io.StringIO(data.decode()), delimiter=";"))
    parts = [row for a, b in zip(bounds, bounds[1:])
             for row in csv.reader(io.StringIO(data[a:b].decode()), delimiter=";")]
    assert parts == whole


def _on_disk(data: bytes, size: int) -> list[int]:
    import tempfile

    saved = bigfile.SCAN
    bigfile.SCAN = 16  # survey boundaries every 16 bytes: cuts aligned to them
    try:
        with tempfile.NamedTemporaryFile(suffix=".csv") as fh:
            fh.write(data)
            fh.flush()
            fb = FileBytes(fh.name)
            return arrowcsv.part_bounds(fb, 0, len(fb), quoted=b'"' in data, size=size)
    finally:
        bigfile.SCAN = saved


# -- recoding text after parsing ----------------------------------------------------------------


@pytest.mark.parametrize("codec", ["cp1252", "iso8859-1", "iso8859-15"])
def test_recode_turns_one_byte_text_into_utf8(codec):
    pa = pytest.importorskip("pyarrow")
    texts = ["café", None, "", "plain", "Súdwest-Fryslân", "€ 12,50" if codec != "iso8859-1" else "½ liter",
             {"cp1252": "“aanhalingstekens” – streep", "iso8859-1": "¤ ok", "iso8859-15": "Šibenik €"}[codec], None, "ë" * 50]
    raw = pa.array([t.encode(codec) if t is not None else None for t in texts], pa.binary()).view(pa.string())
    for array, expected in ((raw, texts), (raw.slice(2, 5), texts[2:7])):
        out = arrowcsv.recode(array, codec)
        out.validate(full=True)
        assert out.type == pa.large_string()
        assert out.to_pylist() == expected


def test_recode_leaves_ascii_alone_and_refuses_undefined_bytes():
    pa = pytest.importorskip("pyarrow")
    ascii_ = pa.array(["0344", None, "abc"])
    assert arrowcsv.recode(ascii_, "cp1252").to_pylist() == ["0344", None, "abc"]
    undefined = pa.array([b"a\x81b"], pa.binary()).view(pa.string())  # 0x81 means nothing in cp1252
    with pytest.raises(UnicodeDecodeError):
        arrowcsv.recode(undefined, "cp1252")


# -- whole files through the parts --------------------------------------------------------------


@pytest.fixture
def spy(monkeypatch):
    """Records whether pyarrow (not the C parser's fallback) read the file, in how many parts."""
    pytest.importorskip("pyarrow")
    seen: dict = {}
    real, cut = csvread._arrow_frame, arrowcsv.part_bounds

    def reading(plan, opts, tick):
        seen["frame"] = real(plan, opts, tick)
        return seen["frame"]

    def bounds(*args, **kwargs):
        seen["parts"] = len(cut(*args, **kwargs)) - 1
        return cut(*args, **kwargs)

    monkeypatch.setattr(csvread, "_arrow_frame", reading)
    monkeypatch.setattr(arrowcsv, "part_bounds", bounds)
    return seen


def same_table(big, small) -> None:
    """The same values either road: the big one keeps a column of few texts as a categorical
    (a code per row), the small one as text."""
    spelled = big.copy()
    for name in spelled.columns:
        if isinstance(spelled[name].dtype, pd.CategoricalDtype):
            spelled[name] = spelled[name].astype("str")
    pd.testing.assert_frame_equal(spelled, small, check_dtype=False)


def _big_road(monkeypatch, part_bytes: int) -> None:
    monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    monkeypatch.setattr(arrowcsv, "PART_BYTES", part_bytes)


def test_a_generated_cp1252_export_in_many_parts_equals_the_small_road(tmp_path, monkeypatch, spy):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from explorer import generate
    finally:
        sys.path.pop(0)
    path = tmp_path / "meldingen.csv"
    generate(str(path), 20_000)  # cp1252, ';', decimal comma, dd-mm-yyyy, codes, quoted names
    small = load(path)
    _big_road(monkeypatch, 64 << 10)
    big = load(path)
    assert spy["frame"] is not None and spy["parts"] > 10
    assert big.column_kinds == small.column_kinds == {
        "Datum": "date", "Gemeentecode": "code", "Gemeente": "text", "Categorie": "text",
        "Aantal": "integer", "Bedrag (€)": "decimal"}
    same_table(big.frame, small.frame)
    assert {"Súdwest-Fryslân", "Nuenen, Gerwen en Nederwetten"} <= set(big.frame["Gemeente"])
    # twelve municipalities over every row: a code per row, the names once, in order
    names = big.frame["Gemeente"].cat.categories.tolist()
    assert names == sorted(names) and len(names) == 12
    assert big.frame["Datum"].dtype == "datetime64[us]"


def test_values_missing_only_in_later_parts(tmp_path, monkeypatch, spy):
    """A count column that is empty somewhere after the first part becomes a
    float column with gaps (as pandas does), a column empty throughout the
    first part still gets its text, quoted line breaks across a cut survive."""
    lines = ["id;aantal;opmerking;bedrag"]
    for i in range(3000):
        aantal = "" if i in (2500, 2900) else str(i % 97)
        opmerking = "" if i < 1500 else ('"lange\nopmerking €"' if i % 50 == 0 else f"nota {i} é")
        lines.append(f"{i};{aantal};{opmerking};{i},25")
    path = tmp_path / "gaten.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    small = load(path)
    _big_road(monkeypatch, 4 << 10)
    big = load(path)
    assert spy["frame"] is not None and spy["parts"] > 5
    same_table(big.frame, small.frame)
    assert big.frame["aantal"].isna().sum() == 2 and big.column_kinds["aantal"] == "integer"
    assert big.frame["opmerking"].iloc[:1500].isna().all()
    assert big.frame["opmerking"].iloc[1500] == "lange\nopmerking €"
    assert len(big.frame) == 3000


@pytest.mark.parametrize("tolerance", [0.0, 0.02])
def test_a_later_value_of_another_type_falls_back_to_the_c_parser(tmp_path, monkeypatch, spy, tolerance):
    """pyarrow pins the types of the first part; a later '24/28' in a count column breaks them,
    and pandas' C parser reads the file instead (measured: faster than reading it once more
    as text through pyarrow, and no more memory): the same table as the small road's, with the
    odd value kept (no tolerance) or set to missing and reported (the default 2%)."""
    rows = [f"{i};{i % 7}" for i in range(4000)] + ["4000;24/28"] + [f"{i};1" for i in range(4001, 4100)]
    path = tmp_path / "laat.csv"
    path.write_text("nr;aantal\n" + "\n".join(rows) + "\n")
    options = LoadOptions(numeric_tolerance=tolerance)
    small = load(path, options)
    _big_road(monkeypatch, 4 << 10)
    big = load(path, options)
    assert spy["frame"] is None  # pyarrow gave up; the C parser read it
    same_table(big.frame, small.frame)
    assert big.column_kinds == small.column_kinds
    if tolerance:
        assert big.column_kinds["aantal"] == "integer" and big.frame["aantal"].isna().sum() == 1
        assert any("24/28" in w for w in big.warnings)
    else:
        assert big.column_kinds["aantal"] == "text" and "24/28" in set(big.frame["aantal"])


@pytest.mark.parametrize("odd, road", [("24/28", "c"), ("3,5", "c"), ("", "arrow")])
def test_the_second_part_read_beside_the_first_holds_to_the_first_parts_types(tmp_path, monkeypatch, spy, odd, road):
    """The second part is read beside the first with the types pyarrow infers for it; text or
    decimals there in a column of whole numbers break the first part's types as they would
    in any later part (the C parser reads the file), a gap does not. A column of decimals
    whose second part holds whole numbers only stays one of decimals."""
    rows = [f"{i};{i % 7};{i % 5},5" for i in range(300)] + [f"{i};{i % 7};{i % 9}" for i in range(300, 600)]
    rows += [f"600;{odd};3"] + [f"{i};{i % 3};{i % 9}" for i in range(601, 1200)]
    rows += [f"{i};1;2,25" for i in range(1200, 3000)]
    path = tmp_path / "tweede.csv"
    path.write_text("nr;aantal;bedrag\n" + "\n".join(rows) + "\n")
    options = LoadOptions(numeric_tolerance=0.0)
    small = load(path, options)
    _big_road(monkeypatch, 4 << 10)
    real, parsed = arrowcsv._Parts.parse, []
    monkeypatch.setattr(arrowcsv._Parts, "parse", lambda self, *args: parsed.append(args[0]) or real(self, *args))
    big = load(path, options)
    assert spy["parts"] > 5 and (spy["frame"] is None) == (road == "c")
    if road == "arrow":  # the second part, whole numbers in a column of decimals, was kept
        assert len(parsed) == spy["parts"]
    same_table(big.frame, small.frame)
    assert big.column_kinds == small.column_kinds and big.column_kinds["bedrag"] == "decimal"


def test_thousands_separators_take_the_c_road(tmp_path, monkeypatch, spy):
    """pandas' C parser reads 1.234.567,89 natively; pyarrow would leave such columns as text
    for the converter, which measured slower (0.7-0.9 s against 0.5-0.6 s for a million rows)."""
    lines = ["Gemeente;Inwoners;Begroting"]
    for i in range(3000):
        inwoners = f"{1000 + i * 97:,}".replace(",", ".")
        begroting = f"{(i * 123457) // 100:,}".replace(",", ".") + f",{i % 100:02d}"
        lines.append(f"Plaats {i};{inwoners};{begroting}")
    path = tmp_path / "duizendtallen.csv"
    path.write_text("\n".join(lines) + "\n")
    small = load(path)
    assert small.options.thousands == "." and small.options.decimal == ","
    _big_road(monkeypatch, 8 << 10)
    big = load(path)
    assert spy.get("frame") is None
    same_table(big.frame, small.frame)
    assert big.column_kinds == {"Gemeente": "text", "Inwoners": "integer", "Begroting": "decimal"}
    assert big.frame["Begroting"].iloc[2999] == pytest.approx(3702475.99)  # "3.702.475,99"
    assert big.frame["Inwoners"].iloc[1] == 1097


# -- numbers from Arrow text --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.text(alphabet="0123456789.,- +e\u2212x", max_size=9),
                                 st.sampled_from(["1.234,56", "12", "−5", "1 234", "inf", "5.", ".5"])),
                       min_size=1, max_size=30),
       rules=st.sampled_from([(",", "."), (",", ""), (".", ","), (",", " "), (".", "")]))
def test_numbers_from_arrow_text_equal_numbers_from_python_text(values, rules):
    """Arrow-backed text (what the C parser and pyarrow hand over) is turned into numbers by
    Arrow's kernels; the result must be the pandas road's, value for value and odd for odd."""
    pytest.importorskip("pyarrow")
    import numpy as np

    from workshop_data.explorer.loading.convert import Rules, _to_numbers

    decimal, thousands = rules
    rule = Rules(decimal=decimal, thousands=thousands)
    fast = _to_numbers(pd.Series(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan)), rule)
    slow = _to_numbers(pd.Series(values, dtype=pd.StringDtype("python", na_value=np.nan)), rule)
    assert fast[1].tolist() == slow[1].tolist()
    for a, b in zip(fast[0].tolist(), slow[0].tolist()):
        assert a == b or (a != a and b != b), (values, a, b)


@pytest.mark.parametrize("where", ["end", "middle"])
def test_codes_first_seen_deep_in_a_sorted_export_keep_their_zeros(tmp_path, monkeypatch, where):
    """Sorted by municipality code: the first thousand rows hold "1980" only and "0344" comes
    at the end (or in the middle). Codes are judged on the middle and the end of a big file
    too, so "0344" stays "0344" on every road (the parser would otherwise read 344)."""
    if where == "end":
        rows = [f"1980;{i}" for i in range(3000)] + [f"0935;{i}" for i in range(1000)] + \
               [f"0344;{i}" for i in range(1000)]
    else:
        rows = [f"1980;{i}" for i in range(2000)] + [f"0344;{i}" for i in range(1000)] + \
               [f"1981;{i}" for i in range(2000)]
    path = tmp_path / "gesorteerd.csv"
    path.write_text("Gemeentecode;Aantal\n" + "\n".join(rows) + "\n")
    small = load(path)
    assert small.column_kinds["Gemeentecode"] == "code"
    for arrow in (True, False):
        monkeypatch.setattr(csvload, "SMALL_FILE", 0)
        monkeypatch.setattr(csvload, "SPREAD_CHARS", 2 << 10)
        if not arrow:
            monkeypatch.setattr(csvread, "_arrow_frame", lambda *a, **k: None)
        big = load(path)
        assert big.column_kinds["Gemeentecode"] == "code", arrow
        assert "0344" in set(big.frame["Gemeentecode"]) and "1980" in set(big.frame["Gemeentecode"])
        assert big.column_kinds["Aantal"] == "integer"


@settings(max_examples=60, deadline=None)
@given(days=st.lists(st.one_of(st.none(), st.dates(min_value=date(1, 1, 1))), max_size=40))
def test_fixed_width_dates_from_arrow_text_equal_pyarrows_strptime(days):
    """arrow_dates reads dd-mm-yyyy text by its bytes; the answer is pyarrow's own strptime's
    (the one its CSV reader uses), missing values included."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.array([None if d is None else f"{d.day:02d}-{d.month:02d}-{d.year:04d}" for d in days], pa.string())
    assert dates.arrow_dates(text, "%d-%m-%Y").cast(pa.timestamp("s")).equals(pc.strptime(text, format="%d-%m-%Y", unit="s"))


def test_dates_that_are_not_fixed_width_go_to_pyarrows_strptime():
    """A one-digit day or 31 February are read as pyarrow's strptime reads them; text that
    is no date raises as pyarrow's CSV reader raises (so the C parser's road reads the file)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    odd = pa.array(["3-1-2019", "31-02-2019", None, "15-06-2019"])
    assert dates.arrow_dates(odd, "%d-%m-%Y").cast(pa.timestamp("s")).equals(pc.strptime(odd, format="%d-%m-%Y", unit="s"))
    with pytest.raises(pa.ArrowInvalid):
        dates.arrow_dates(pa.array(["15-06-2019", "00-01-2019"]), "%d-%m-%Y")


def test_dates_of_later_parts_are_read_from_their_bytes(tmp_path, monkeypatch, spy):
    """The first two parts' dates are pyarrow's (it finds the date column); in the later parts the
    column is read as text and made dates from its bytes: with gaps, a one-digit day and a
    column of dates starting late, the table equals the small road's."""
    lines = ["nr;datum;later"]
    for i in range(5000):
        datum = "" if i % 997 == 5 else ("7-3-2016" if i == 4321 else f"{1 + i % 28:02d}-{1 + i % 12:02d}-{2010 + i % 9}")
        later = f"{1 + i % 28:02d}/{1 + i % 12:02d}/2020" if i > 4000 else ""
        lines.append(f"{i};{datum};{later}")
    path = tmp_path / "datums.csv"
    path.write_text("\n".join(lines) + "\n")
    small = load(path)
    _big_road(monkeypatch, 8 << 10)
    by_bytes, real = [], dates.arrow_dates
    monkeypatch.setattr(arrowcsv, "arrow_dates", lambda text, fmt: by_bytes.append(len(text)) or real(text, fmt))
    big = load(path)
    assert spy["frame"] is not None and spy["parts"] > 5
    assert sum(by_bytes) > 3000  # the later parts' dates (the first two parts' are pyarrow's)
    same_table(big.frame, small.frame)
    assert big.frame["datum"].iloc[4321] == pd.Timestamp("2016-03-07") and big.frame["datum"].isna().sum() == 6


@pytest.mark.parametrize("late, encoding", [
    ("Caf\xe9 \x81".encode("latin-1"), "latin-1"),  # cp1252 leaves 0x81 undefined: latin-1 after all
    ("Caf\xe9".encode("cp1252"), "cp1252"),  # an ASCII head, a cp1252 letter far down
    ("Café ✓".encode("utf-8"), "utf-8"),  # an ASCII head, UTF-8 further on
])
def test_the_whole_file_decides_its_encoding_not_its_head(tmp_path, monkeypatch, spy, late, encoding):
    """A big file's encoding is the whole file's, not its first megabyte's (a byte far down
    decides): the encoding, its reason and the table are the small road's."""
    head = "".join(f"{i};straat {i};{i % 7}\n" for i in range(80_000)).encode("ascii")  # 2 MB
    tail = b"".join(f"{i};".encode() + late + f";{i % 7}\n".encode() for i in range(80_000, 80_010))
    path = tmp_path / "laat_teken.csv"
    path.write_bytes(b"nr;naam;aantal\n" + head + tail)
    small = load(path)
    _big_road(monkeypatch, 256 << 10)
    big = load(path)
    assert spy["frame"] is not None
    assert big.options.encoding == small.options.encoding == encoding
    assert big.detection.reasons["encoding"] == small.detection.reasons["encoding"]
    same_table(big.frame, small.frame)
    assert big.frame["naam"].iloc[-1] == late.decode(encoding)


def test_a_column_of_few_texts_that_grows_many_later_stays_whole(tmp_path, monkeypatch, spy):
    """cp1252 text with few distinct values is parsed dictionary-encoded (only the dictionary is
    recoded); when a later part holds hundreds of new values the column is still read whole."""
    lines = ["nr;soort"]
    for i in range(6000):
        soort = ["café", "privé", "école"][i % 3] if i < 3000 else f"categorie {i} – één"
        lines.append(f"{i};{soort}")
    path = tmp_path / "soorten.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    small = load(path)
    _big_road(monkeypatch, 8 << 10)
    big = load(path)
    assert spy["frame"] is not None and spy["parts"] > 5
    same_table(big.frame, small.frame)
    assert big.frame["soort"].iloc[0] == "café" and big.frame["soort"].iloc[5999] == "categorie 5999 – één"


def test_a_gap_late_in_the_file_keeps_the_counts_before_it(tmp_path, monkeypatch, spy):
    """A count column whose first gap is in the last part becomes float there, and the counts
    of the parts before must come along."""
    lines = ["nr;aantal"] + [f"{i};{i % 1000}" if i != 250_000 else f"{i};" for i in range(260_000)]
    path = tmp_path / "laat_gat.csv"
    path.write_text("\n".join(lines) + "\n")  # about 3 MB
    small = load(path)
    _big_road(monkeypatch, 1 << 20)
    big = load(path)
    assert spy["frame"] is not None and spy["parts"] == 3
    same_table(big.frame, small.frame)
    assert big.frame["aantal"].isna().sum() == 1 and big.frame["aantal"].iloc[1] == 1


def test_a_total_row_set_apart_leaves_no_trace_in_the_counts_of_a_big_file(tmp_path, monkeypatch, spy):
    """On the big road a column of few texts is a categorical. "Totaal" is set apart as a total,
    yet stays one of its categories: the profile, the bar chart and the "values set to missing"
    note count only the values rows have."""
    from workshop_data.explorer import charts
    from workshop_data.explorer.loading import profile

    lines = ["wijk;week;aantal", "Noord;28/29;5"]  # a week that is no number, in the first part
    for i in range(6000):
        lines.append(f"{['Noord', 'Oost', 'Zuid'][i % 3]};{i % 20 + 1};{i % 90}")
    lines.append("Totaal;;270000")
    path = tmp_path / "wijken.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    _big_road(monkeypatch, 16 << 10)
    result = load(path)
    assert spy["frame"] is not None and spy["parts"] > 3
    wijk = result.frame["wijk"]
    assert isinstance(wijk.dtype, pd.CategoricalDtype) and "Totaal" in wijk.cat.categories
    assert result.total_labels == ["Totaal"] and len(result.frame) == 6001
    column = profile(result.frame).column("wijk")
    assert column.unique == 3 and column.count == 6001
    assert [value for value, _ in column.top] == ["Noord", "Oost", "Zuid"]
    data = charts.chart_data(result.frame, charts.suggest(result.frame, "bar", "wijk"))
    assert data.labels == ["Noord", "Oost", "Zuid"] and data.distinct == 3
    # the week with "28/29" keeps its text (nothing is lost); its note names that one value once
    assert result.column_kinds["week"] == "text"
    assert any("'28/29' (1" in w for w in result.warnings), result.warnings
    assert result.frame["week"].iloc[0] == "28/29" and result.frame["week"].iloc[1] == "1"


def test_padded_texts_of_a_big_file_are_stripped_and_stay_a_categorical(tmp_path, monkeypatch, spy):
    """An export that pads its cells (" Zuid") is stripped; the column of few texts stays a code
    per row, its categories stripped and in order, and reads as the small road reads it."""
    lines = ["wijk;aantal"] + [f"{['Noord', '  Oost', ' Zuid'][i % 3]};{i}" for i in range(6000)]
    path = tmp_path / "opgevuld.csv"
    path.write_text("\n".join(lines) + "\n")
    small = load(path)
    _big_road(monkeypatch, 16 << 10)
    big = load(path)
    assert spy["frame"] is not None
    assert big.frame["wijk"].cat.categories.tolist() == ["Noord", "Oost", "Zuid"]
    assert big.frame["wijk"].iloc[:3].tolist() == ["Noord", "Oost", "Zuid"]
    same_table(big.frame, small.frame)


@pytest.mark.parametrize("last_break", ["\n", ""])
def test_quoted_line_breaks_in_every_part_and_in_a_last_line_without_one(tmp_path, monkeypatch, spy,
                                                                        last_break):
    """Each part goes to pyarrow as one block, parsed without its quote-aware cutting: a line
    break inside quotes must still stay in its value, in every part, and in a last line that
    ends the file without a line break of its own (where the cut would fall inside quotes)."""
    rows = [f'{i};"opmerking {i}\nregel twee; met puntkomma";{i % 7}' if i % 3 == 0 else f"{i};kort;{i % 7}"
            for i in range(30_000)]
    rows.append('30000;"laatste\r\nregel";1')
    path = tmp_path / "opmerkingen.csv"
    path.write_text("nr;opmerking;klasse\n" + "\n".join(rows) + last_break, newline="")
    small = load(path)
    _big_road(monkeypatch, 16 << 10)
    big = load(path)
    assert spy["frame"] is not None and spy["parts"] > 20
    same_table(big.frame, small.frame)
    assert len(big.frame) == 30_001 and big.skipped == small.skipped
    assert big.frame["opmerking"].iloc[3] == "opmerking 3\nregel twee; met puntkomma"
    assert big.frame["opmerking"].iloc[-1] == "laatste\r\nregel"


def test_a_file_cut_short_while_it_is_read_is_an_error_not_a_crash(tmp_path, monkeypatch, spy):
    """The parts are mapped: reading pages past a file's new end would kill the app (SIGBUS).
    A file that gets shorter between two parts (an export still being written) is refused
    with a message, and the next load of the whole file reads it as before."""
    lines = ["nr;aantal"] + [f"{i};{i % 1000}" for i in range(200_000)]
    path = tmp_path / "wordt_geschreven.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = path.read_bytes()
    _big_road(monkeypatch, 256 << 10)
    real, calls = arrowcsv._Parts.parse, []

    def parse(self, start, end, *pinned):
        calls.append(start)
        if len(calls) == 3:
            with open(path, "r+b") as fh:
                fh.truncate(len(whole) // 2)
        return real(self, start, end, *pinned)

    monkeypatch.setattr(arrowcsv._Parts, "parse", parse)
    with pytest.raises(LoadError, match="got shorter while it was read"):
        load(path)
    monkeypatch.setattr(arrowcsv._Parts, "parse", real)
    path.write_bytes(whole)
    assert len(load(path).frame) == 200_000


def test_a_file_cut_short_while_pyarrow_parses_a_part_is_an_error_not_a_crash(tmp_path, monkeypatch):
    """The case no check before a part could catch while parts were mapped: the file shrinks
    after a part was handed over and before pyarrow has read it (CI's loaded machine crashed a
    worker so, SIGBUS). Parts are read into buffers now: the part being parsed is whole in
    memory, and the next one is a short read, refused with the message."""
    lines = ["nr;aantal"] + [f"{i};{i % 1000}" for i in range(200_000)]
    path = tmp_path / "wordt_geschreven.csv"
    path.write_text("\n".join(lines) + "\n")
    _big_road(monkeypatch, 256 << 10)
    real, handed = arrowcsv._Source.part, []

    def part(self, pa, start, end):
        source = real(self, pa, start, end)
        handed.append(start)
        if len(handed) == 2:  # handed over, not parsed yet: the file now ends before it
            os.truncate(path, start)
        return source

    monkeypatch.setattr(arrowcsv._Source, "part", part)
    with pytest.raises(LoadError, match="got shorter while it was read"):
        load(path)
