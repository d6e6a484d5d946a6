"""How the stakeholder register, the grid and the invitations look on the demo trip.

The grid is shown at 100x30, the size of a projector, also with 60 stakeholders. The invitation
log's times are fixed (in Amsterdam time) so that the log reads the same whenever this runs.
Update with ``pytest --snapshot-update`` after a deliberate change of look, and look at the
report before committing the new SVGs."""

from __future__ import annotations

import random
import sqlite3
import time

import pytest

from apphelpers import make_app, wait_ready

PROJECTOR = (100, 30)
LAPTOP = (120, 40)


@pytest.fixture(autouse=True)
def amsterdam_time(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def dated_db(demo_db):
    """The demo trip with the invitation log spread over the weeks before the final atelier."""
    conn = sqlite3.connect(demo_db)
    entries = conn.execute("SELECT l.id, l.to_status FROM invitation_log l "
                           "ORDER BY l.invitation_id, l.created_at, l.rowid").fetchall()
    days = {"candidate": "2026-10-22T14:30", "invited": "2026-10-27T09:15",
            "confirmed": "2026-11-05T16:40", "attended": "2026-12-03T13:05",
            "declined": "2026-11-10T11:20"}
    for number, (log_id, status) in enumerate(entries):
        stamp = f"{days[status]}:{number:02}.000000Z"
        conn.execute("UPDATE invitation_log SET created_at = ?, updated_at = ? WHERE id = ?",
                     [stamp, stamp, log_id])
    conn.commit()
    conn.close()
    return demo_db


NAMES = [
    "Bewonersplatform Zuid", "Ondernemersvereniging Kanaleneiland", "Stichting Present",
    "Universiteit Utrecht, Geowetenschappen", "NS Stations", "ProRail regio Midden", "Eneco",
    "Stedin netbeheer", "GGD regio Utrecht", "Veiligheidsregio Utrecht",
    "Huurdersvereniging Overvecht", "Portaal", "Bo-Ex", "Kamer van Koophandel",
    "VNO-NCW Midden", "RTV Utrecht", "AD Utrechts Nieuwsblad", "Natuur- en Milieufederatie",
    "Utrecht Science Park", "Jaarbeurs", "Taxibranche Utrecht", "U-OV", "Ministerie van BZK",
    "Rijkswaterstaat Midden-Nederland", "Team Financiën", "Team Openbare Ruimte",
    "Wijkbureau Leidsche Rijn", "Wijkbureau Noordoost", "Seniorenraad",
    "Jongerenraad Utrecht", "Cliëntenraad Werk en Inkomen", "Voedselbank Utrecht",
    "Koninklijke Horeca Utrecht", "Stichting Cultuurhuis", "Bibliotheek Utrecht",
    "Centraal Museum", "Hogeschool voor de Kunsten", "Dataschool UU", "Open State Foundation",
    "Code for NL", "Waternet", "Staatsbosbeheer", "Provincie Utrecht, team Data", "CBS",
    "Fietsenstallingen Exploitatie",
]


@pytest.fixture
def crowded_db(demo_db):
    """The demo trip with 45 more stakeholders: 60, crowding the upper right of the grid."""
    from workshop_data.common.model import ATTITUDES, CATEGORIES
    from workshop_data.common.store import open_store

    store = open_store(demo_db)
    rng = random.Random(7)
    owners = [p.id for p in store.participants.list()]
    for name in NAMES:
        store.stakeholders.create(
            name=name, organisation=name.split(",")[0], category=rng.choice(CATEGORIES),
            influence=min(5, max(1, round(rng.gauss(3.6, 1.1)))),
            interest=min(5, max(1, round(rng.gauss(3.8, 1.0)))),
            attitude=rng.choice(ATTITUDES), owner_id=rng.choice(owners),
            contact=f"{name.split()[0].lower()}@secret.example")
    store.close()
    return demo_db


def test_register(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("s", "down", "down")  # Energiecoöperatie Utrecht
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=LAPTOP, run_before=before)


def test_register_links_dialog(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("s", "down", "down", "l")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=LAPTOP, run_before=before)


def test_grid(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_grid_in_dutch_on_a_projector_while_moving(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "g", "down", "right", "m")
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=PROJECTOR,
                        run_before=before)


def test_grid_with_60_stakeholders(snap_compare, crowded_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("g", "right", "down", "down", "down", "down")  # deep in a crowded cell
        await pilot.pause()

    assert snap_compare(make_app(crowded_db), terminal_size=PROJECTOR, run_before=before)


def test_invitations(snap_compare, dated_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("i", "down", "down", "down")  # Hogeschool Utrecht: invited
        await pilot.pause()

    assert snap_compare(make_app(dated_db), terminal_size=LAPTOP, run_before=before)


def test_invitations_public_list_on_a_projector(snap_compare, dated_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "i", "l")
        await pilot.pause()

    assert snap_compare(make_app(dated_db), terminal_size=PROJECTOR, run_before=before)
