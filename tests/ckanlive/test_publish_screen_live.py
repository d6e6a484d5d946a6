"""The publish screen against the real CKAN: y sends the outbox in a worker, with progress."""

from __future__ import annotations

import pytest

from apphelpers import db_rows, make_app, wait_for, wait_ready

pytestmark = pytest.mark.ckan


async def test_sync_from_the_screen(demo_db, ckan_portal, ckan_org, monkeypatch):
    import sqlite3

    monkeypatch.setenv("DATATRIP_CKAN_TOKEN", ckan_portal.token)
    monkeypatch.setenv("DATATRIP_CKAN_URL", ckan_portal.url)  # the portal the token is for
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE trip SET portal_url = ?, portal_organisation = ?",
                 [ckan_portal.url, ckan_org["name"]])
    conn.commit()
    conn.close()
    app = make_app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("b", "y")
        await wait_for(pilot, lambda: db_rows(
            demo_db, "SELECT state FROM outbox")[0][0] != "pending", timeout=60)
        await wait_for(pilot, lambda: not pilot.app.screen.query_one("#publish-progress").display,
                       timeout=30)
        log = "\n".join(str(line.text) for line in app.screen.query_one("#publish-log").lines)
        assert "meetwaarden-luchtkwaliteit-sensoren" in log and "published" in log
    assert db_rows(demo_db, "SELECT state FROM publication WHERE package_name = "
                            "'meetwaarden-luchtkwaliteit-sensoren'") == [("published",)]
    package = ckan_portal.client().action.package_show(id="meetwaarden-luchtkwaliteit-sensoren")
    assert package["organization"]["name"] == ckan_org["name"]
