"""Publishing 100 datasets to a local CKAN: our outbox sync against ``ckanapi load datasets``.

Both run in the same invocation against the same CKAN (started by tests/ckanlive/harness.py if
it is not running), each into an organisation of its own, with the same 100 records of one small
CSV resource each. Ours uploads each file. ``ckanapi load datasets --upload-resources`` uploads
the same files too (it fetches them from a URL, so a local http.server serves the folder): that
is the baseline of the budget (issue 7: ratio <= 1.0). For information it also runs ``ckanapi
load`` with the resources as plain links, which uploads nothing and so does less work.

    python benchmarks/publish.py [--datasets 100] [--workers 4]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EU = "http://publications.europa.eu/resource/authority/"


def harness():
    spec = importlib.util.spec_from_file_location("datatrip_ckan_harness",
                                                  ROOT / "tests" / "ckanlive" / "harness.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records(n: int, folder: Path, tag: str) -> list[dict]:
    out = []
    for i in range(n):
        path = folder / f"tellingen-{i:03d}.csv"
        path.write_text("buurt;aantal\n" + "".join(f"Buurt {j};{j * i}\n" for j in range(20)),
                        encoding="utf-8")
        out.append({"name": f"bench-{tag}-{i:03d}", "title": f"Tellingen {i:03d}",
                    "notes": f"Tellingen per buurt, reeks {i}.", "path": str(path)})
    return out


def queued_trip(path: Path, url: str, org: str, recs: list[dict]):
    """A trip file at ``path`` with one queued publication per record (also used by
    benchmarks/sync_faults.py)."""
    from workshop_data.portal.metadata import Metadata, Resource
    from workshop_data.portal.queue import queue
    from workshop_data.common.setup import create_trip
    from workshop_data.common.store import open_store

    store = open_store(path)
    create_trip(store, name="Benchmark", organisation="Gemeente Utrecht")
    store.trips.update(store.trip_id, portal_url=url, portal_organisation=org)
    for rec in recs:
        dataset = store.datasets.create(title=rec["title"])
        meta = Metadata(title=rec["title"], description=rec["notes"], publisher="Gemeente Utrecht",
                        identifier=f"https://data.example.org/id/{rec['name']}",
                        contact_point="opendata@utrecht.example",
                        theme="http://standaarden.overheid.nl/owms/terms/Verkeer",
                        licence="http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
                        access_rights=EU + "access-right/PUBLIC", language=EU + "language/NLD",
                        resources=[Resource(Path(rec["path"]).name, rec["path"], format="CSV")])
        store.publications.create(dataset_id=dataset.id, package_name=rec["name"],
                                  metadata=meta.to_json())
        queue(store, dataset.id, meta)
    return store


def ours(url: str, token: str, org: str, recs: list[dict], workers: int, folder: Path) -> float:
    from workshop_data.portal.client import connect
    from workshop_data.portal.sync import Syncer

    store = queued_trip(folder / "bench.db", url, org, recs)
    os.environ["DATATRIP_CKAN_TOKEN"] = token
    os.environ["DATATRIP_CKAN_URL"] = url  # the portal the token is bound to
    started = time.perf_counter()
    report = Syncer(store, connect(url), workers=workers).run()
    elapsed = time.perf_counter() - started
    assert report.count("published") == len(recs), [i.detail for i in report.items][:3]
    store.close()
    return elapsed


def ckanapi_load(url: str, token: str, org: str, recs: list[dict], folder: Path, *,
                 upload: bool, file_base: str) -> float:
    lines = folder / f"datasets-{org}.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for rec in recs:
            name = Path(rec["path"]).name
            resource = {"name": name, "format": "CSV", "url": f"{file_base}/{name}"}
            if upload:  # ckanapi patches the resource by id with the file fetched from url
                resource.update(id=str(uuid.uuid4()), url_type="upload")
            out.write(json.dumps({
                "name": rec["name"], "title": rec["title"], "notes": rec["notes"],
                "owner_org": org, "license_id": "cc-zero", "resources": [resource],
            }) + "\n")
    command = [str(Path(sys.executable).with_name("ckanapi")), "load", "datasets", "-I",
               str(lines), "-r", url, "-a", token, "-q"] + (["--upload-resources"] * upload)
    # ckanapi load starts its workers as `ckanapi` from PATH: put this venv's bin first
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost",
           "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    state = harness().up()
    url, token = state["url"], state["token"]
    import ckanapi

    admin = ckanapi.RemoteCKAN(url, apikey=token)
    tag = uuid.uuid4().hex[:6]
    kinds = ("ours", "load", "link")
    orgs = {kind: admin.action.organization_create(name=f"bench-{kind}-{tag}")["name"]
            for kind in kinds}
    server = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            recs = {kind: records(args.datasets, folder, f"{kind[0]}{tag}") for kind in kinds}
            server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind",
                                       "127.0.0.1", "-d", str(folder)],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            port = server.stdout.readline().split("port ")[1].split()[0]
            base = f"http://127.0.0.1:{port}"
            link_time = ckanapi_load(url, token, orgs["link"], recs["link"], folder,
                                     upload=False, file_base=base)
            load_time = ckanapi_load(url, token, orgs["load"], recs["load"], folder,
                                     upload=True, file_base=base)
            our_time = ours(url, token, orgs["ours"], recs["ours"], args.workers, folder)
    finally:
        if server:
            server.terminate()
        for org in orgs.values():
            found = admin.action.package_search(fq=f"organization:{org}", rows=1000)["results"]
            for package in found:
                admin.action.dataset_purge(id=package["id"])
            admin.action.organization_purge(id=org)
    n = args.datasets
    print(f"{n} datasets, one small CSV each, CKAN at {url}")
    print(f"ckanapi load datasets --upload-resources : {load_time:6.2f} s  "
          f"({load_time / n * 1000:5.1f} ms a dataset)")
    print(f"datatrip sync ({args.workers} workers)               : {our_time:6.2f} s  "
          f"({our_time / n * 1000:5.1f} ms a dataset)")
    print(f"ratio                                    : {our_time / load_time:.2f}  (budget <= 1.0)")
    print(f"for information, ckanapi load with links only (no upload): {link_time:6.2f} s, "
          f"ratio {our_time / link_time:.2f}")


if __name__ == "__main__":
    main()
