"""The harness gives a working CKAN 2.12 that ckanapi can drive end to end."""
from __future__ import annotations

import hashlib
import uuid

import ckanapi
import pytest

pytestmark = pytest.mark.ckan


def _word() -> str:
    """A unique all-letter word, so a text search finds only this test's data."""
    return "dt" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])


def _dataset(ckan, org, name_word, **extra):
    name = f"{org['name'][:60]}-{name_word}"[:100]
    return ckan.action.package_create(
        name=name, title=extra.pop("title", f"Street trees {name_word}"),
        owner_org=org["id"], notes=extra.pop("notes", f"Inventory of trees, {name_word}."),
        **extra)


def _csv_bytes() -> bytes:
    rows = ["id,species,commune,height_m"]
    rows += [f"{i},Platanus × acerifolia,Forêt-{i % 7},{(i * 37) % 300 / 10}"
             for i in range(2000)]
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_status_show(ckan_portal):
    status = ckan_portal.client().action.status_show()
    assert status["ckan_version"].startswith("2.12")
    assert status["site_url"].rstrip("/") == ckan_portal.url.rstrip("/")
    # anonymous clients work too
    assert ckan_portal.anonymous().action.status_show()["ckan_version"] == status["ckan_version"]


def test_organization_create(ckan_portal, ckan_org):
    ckan = ckan_portal.client()
    shown = ckan.action.organization_show(id=ckan_org["name"], include_datasets=True)
    assert shown["id"] == ckan_org["id"]
    assert shown["is_organization"] is True
    assert shown["package_count"] == 0
    assert ckan_org["name"] in ckan.action.organization_list()


def test_dataset_with_uploaded_resource_roundtrip(ckan_portal, ckan_org, tmp_path):
    ckan = ckan_portal.client()
    word = _word()
    ds = _dataset(ckan, ckan_org, word, tags=[{"name": "trees"}], license_id="odc-odbl")
    assert ds["organization"]["name"] == ckan_org["name"]

    payload = _csv_bytes()
    path = tmp_path / "arbres.csv"
    path.write_bytes(payload)
    with open(path, "rb") as fh:
        res = ckan.action.resource_create(package_id=ds["id"], name="Arbres", format="CSV",
                                          upload=fh)
    assert res["url_type"] == "upload"
    assert res["url"].endswith("/arbres.csv")
    assert res["size"] == len(payload)

    got = ckan_portal.session().get(res["url"], headers={"Authorization": ckan_portal.token},
                                    timeout=30)
    assert got.status_code == 200
    assert hashlib.sha256(got.content).hexdigest() == hashlib.sha256(payload).hexdigest()

    shown = ckan.action.package_show(id=ds["name"])
    assert shown["id"] == ds["id"]
    assert shown["owner_org"] == ckan_org["id"]
    assert [r["id"] for r in shown["resources"]] == [res["id"]]
    assert [t["name"] for t in shown["tags"]] == ["trees"]
    assert shown["num_resources"] == 1


def test_package_patch_keeps_resources(ckan_portal, ckan_org):
    ckan = ckan_portal.client()
    ds = _dataset(ckan, ckan_org, _word(), resources=[
        {"name": "a", "url": "http://example.org/a.csv", "format": "CSV"},
        {"name": "b", "url": "http://example.org/b.json", "format": "JSON"},
    ])
    before = [r["id"] for r in ds["resources"]]
    assert len(before) == 2

    patched = ckan.action.package_patch(id=ds["id"], title="Renamed", notes="New notes")
    assert patched["title"] == "Renamed"
    assert [r["id"] for r in patched["resources"]] == before

    shown = ckan.action.package_show(id=ds["id"])
    assert shown["notes"] == "New notes"
    assert [r["id"] for r in shown["resources"]] == before
    # the search index holds the patched version too
    found = ckan.action.package_search(q="renamed", fq=f'owner_org:"{ckan_org["id"]}"')
    assert [d["id"] for d in found["results"]] == [ds["id"]]
    assert len(found["results"][0]["resources"]) == 2


def test_package_search_text_org_filter_facets_paging(ckan_portal, ckan_org, request):
    ckan = ckan_portal.client()
    word = _word()
    other = ckan.action.organization_create(name=f"{ckan_org['name']}-b"[:100],
                                            title="Other org")
    request.addfinalizer(lambda: _purge_org(ckan, other))

    ids = []
    for i, (tag, fmt) in enumerate([("trees", "CSV"), ("trees", "JSON"), ("bikes", "CSV")]):
        ds = _dataset(ckan, ckan_org, f"{word}-{i}", tags=[{"name": tag}],
                      resources=[{"name": f"r{i}", "url": f"http://example.org/{i}", "format": fmt}])
        ids.append(ds["id"])
    in_other = _dataset(ckan, other, f"{word}-x")

    # free text over title/notes (dismax over name, title, tags, groups, text)
    found = ckan.action.package_search(q=word, rows=10)
    assert found["count"] == 4
    assert {d["id"] for d in found["results"]} == set(ids) | {in_other["id"]}

    # free text AND a word in the title of only some datasets
    ckan.action.package_patch(id=ids[0], title=f"Platanes {word}")
    found = ckan.action.package_search(q=f"platanes {word}")
    assert [d["id"] for d in found["results"]] == [ids[0]]

    # filter by organisation
    found = ckan.action.package_search(q=word, fq=f'owner_org:"{ckan_org["id"]}"')
    assert found["count"] == 3
    found = ckan.action.package_search(fq=f"organization:{other['name']}")
    assert [d["id"] for d in found["results"]] == [in_other["id"]]

    # fielded search and tag filter
    found = ckan.action.package_search(q=f"tags:trees AND owner_org:{ckan_org['id']}")
    assert {d["id"] for d in found["results"]} == set(ids[:2])

    # facets
    found = ckan.action.package_search(
        q=word, **{"facet.field": ["organization", "tags", "res_format"], "facet.limit": 10})
    facets = found["facets"]
    assert facets["organization"] == {ckan_org["name"]: 3, other["name"]: 1}
    assert facets["tags"] == {"trees": 2, "bikes": 1}
    assert facets["res_format"] == {"CSV": 2, "JSON": 1}
    items = {f["name"]: f["count"] for f in found["search_facets"]["tags"]["items"]}
    assert items == {"trees": 2, "bikes": 1}

    # paging with rows/start over a stable sort
    pages = [ckan.action.package_search(q=word, fq=f'owner_org:"{ckan_org["id"]}"',
                                        sort="name asc", rows=2, start=start)
             for start in (0, 2)]
    assert [p["count"] for p in pages] == [3, 3]
    names = [d["name"] for p in pages for d in p["results"]]
    assert len(pages[0]["results"]) == 2 and len(pages[1]["results"]) == 1
    assert names == sorted(names) and len(set(names)) == 3

    # organization_show counts datasets through the search index
    assert ckan.action.organization_show(id=ckan_org["id"])["package_count"] == 3


def _purge_org(ckan, org):
    for d in ckan.action.package_search(fq=f'owner_org:"{org["id"]}"', include_private=True,
                                        include_drafts=True, rows=1000)["results"]:
        ckan.action.dataset_purge(id=d["id"])
    ckan.action.organization_purge(id=org["id"])


def test_private_dataset_hidden_from_anonymous(ckan_portal, ckan_org):
    ckan = ckan_portal.client()
    anon = ckan_portal.anonymous()
    word = _word()
    private = _dataset(ckan, ckan_org, f"{word}-p", private=True)
    public = _dataset(ckan, ckan_org, f"{word}-o")
    assert private["private"] is True

    seen = anon.action.package_search(q=word, include_private=True)
    assert [d["id"] for d in seen["results"]] == [public["id"]]
    assert seen["count"] == 1
    seen = anon.action.package_search(fq=f'owner_org:"{ckan_org["id"]}"', include_private=True)
    assert [d["id"] for d in seen["results"]] == [public["id"]]
    with pytest.raises(ckanapi.NotAuthorized):
        anon.action.package_show(id=private["id"])

    # the sysadmin sees it only when asking for private datasets
    assert ckan.action.package_search(q=word)["count"] == 1
    mine = ckan.action.package_search(q=word, include_private=True)
    assert {d["id"] for d in mine["results"]} == {private["id"], public["id"]}


def test_package_delete_and_purge(ckan_portal, ckan_org):
    ckan = ckan_portal.client()
    word = _word()
    ds = _dataset(ckan, ckan_org, word)
    assert ckan.action.package_search(q=word)["count"] == 1

    ckan.action.package_delete(id=ds["id"])
    assert ckan.action.package_show(id=ds["id"])["state"] == "deleted"
    assert ckan.action.package_search(q=word)["count"] == 0
    assert ds["name"] not in ckan.action.package_list()

    ckan.action.dataset_purge(id=ds["id"])
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=ds["id"])
    assert ckan.action.package_search(q=word, include_deleted=True)["count"] == 0
