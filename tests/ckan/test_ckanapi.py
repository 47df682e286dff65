#!/usr/bin/env python3
"""Drives Simpul's CKAN-compatible Action API with the real ckanapi client.

    test_ckanapi.py BASE_URL EXPECT_JSON

EXPECT_JSON is written by crates/simpul/tests/ckan.rs from the seeded
database: {"public": {name: {...}}, "hidden": {name: {...}}, "namespace": ...}.
Every action is called through ckanapi.RemoteCKAN (POST, as the client does
by default, and GET with get_only=True), on both URL prefixes, and the
client's exception mapping (NotFound, ValidationError, NotAuthorized,
SearchQueryError) is exercised. Exits non-zero on the first failed check.
"""
import hashlib
import json
import sys
import urllib.request

import ckanapi

PACKAGE_KEYS = {
    "id", "name", "title", "author", "author_email", "maintainer", "maintainer_email", "license_id",
    "license_title", "license_url", "notes", "url", "version", "state", "type", "private",
    "metadata_created", "metadata_modified", "creator_user_id", "owner_org", "organization", "groups",
    "tags", "extras", "resources", "num_resources", "num_tags", "isopen", "relationships_as_object",
    "relationships_as_subject",
}
RESOURCE_KEYS = {
    "id", "package_id", "name", "description", "format", "mimetype", "mimetype_inner", "url", "url_type",
    "size", "hash", "created", "last_modified", "metadata_modified", "position", "state", "cache_url",
    "cache_last_updated", "datastore_active", "resource_type",
}
TAG_KEYS = {"id", "name", "display_name", "state", "vocabulary_id"}


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def raises(exc, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except exc as e:
        return e
    raise AssertionError(f"{fn} {args} {kwargs} did not raise {exc.__name__}")


def check_package(p, exp):
    missing = PACKAGE_KEYS - set(p)
    check(not missing, f"package {p.get('name')} lacks {missing}")
    check(p["id"] == exp["id"], f"id {p['id']} != {exp['id']}")
    check(p["title"] == exp["title"], p["title"])
    check(p["url"].endswith(exp["page"]), f"url {p['url']} is not the portal page {exp['page']}")
    check(p["organization"]["name"] == exp["organization"], p["organization"])
    check(p["owner_org"] == p["organization"]["id"], "owner_org")
    check([g["name"] for g in p["groups"]] == [exp["topic"]], p["groups"])
    check(sorted(t["name"] for t in p["tags"]) == sorted(exp["tags"]), p["tags"])
    for t in p["tags"]:
        check(TAG_KEYS <= set(t), t)
    check(p["num_tags"] == len(p["tags"]) and p["num_resources"] == len(p["resources"]), "counts")
    check(p["private"] is False and p["state"] == "active" and p["type"] == "dataset", "flags")
    check([r["id"] for r in p["resources"]] == exp["resources"], f"resources {p['resources']} vs {exp['resources']}")
    for i, r in enumerate(p["resources"]):
        missing = RESOURCE_KEYS - set(r)
        check(not missing, f"resource lacks {missing}")
        check(r["position"] == i and r["package_id"] == p["id"] and r["datastore_active"] is True, r)
        check(r["hash"] == "sha256:" + exp["sha256"][i], r["hash"])
    extras = {e["key"]: e["value"] for e in p["extras"]}
    check(extras.get("concept") == exp["concept"], extras)
    check(extras.get("confidentiality") == "terbuka" and extras.get("region_codes") == exp["region_codes"], extras)
    lic = {"cc_by_4_0": "cc-by", "cc0_1_0": "cc-zero", "odbl_1_0": "odc-odbl"}[exp["licence"]]
    check(p["license_id"] == lic and p["isopen"] is True, p["license_id"])


def main():
    base, expect_file = sys.argv[1], sys.argv[2]
    exp = json.load(open(expect_file))
    public, hidden = exp["public"], exp["hidden"]
    names = sorted(public)

    ck = ckanapi.RemoteCKAN(base, user_agent="simpul-test")          # POST, /api/action/
    ck3 = ckanapi.RemoteCKAN(base, user_agent="simpul-test")
    ck3.base_url = "api/3/action/"                                    # the /api/3 prefix
    get = ckanapi.RemoteCKAN(base, user_agent="simpul-test", get_only=True)  # GET with query parameters
    a = ck.action

    status = a.status_show()
    check(status["ckan_version"].startswith("2.") and status["site_url"] == base, status)
    check("datastore" in status["extensions"], status)

    check(a.package_list() == names, f"package_list {a.package_list()} != {names}")
    check(a.package_list(limit=2, offset=1) == names[1:3], "package_list paging")
    check(get.action.package_list() == names, "package_list GET")

    # package_search: counts, keys, paging by id asc, q, fq, facets, sort.
    for client in (ck, ck3, get):
        r = client.action.package_search(rows=1000)
        check(r["count"] == len(public), f"count {r['count']} != {len(public)}")
        check(sorted(p["name"] for p in r["results"]) == names, "search results")
        for p in r["results"]:
            check_package(p, public[p["name"]])
            check(p["name"] not in hidden, p["name"])
        check(r["sort"] == "score desc, metadata_modified desc", r["sort"])
    seen = []
    start = 0
    while True:
        page = get.action.package_search(sort="id asc", rows=3, start=start)
        if not page["results"]:
            break
        seen += [p["id"] for p in page["results"]]
        start += 3
    check(len(seen) == len(public) and seen == sorted(seen), f"id asc paging {seen}")
    check(set(seen) == {public[n]["id"] for n in names}, "id asc paging covers all")

    r = a.package_search(q="faskes")
    check(r["results"][0]["name"] == "ck-faskes", [p["name"] for p in r["results"]])
    r = a.package_search(q="name:ck-sekolah")
    check([p["name"] for p in r["results"]] == ["ck-sekolah"], r["results"])
    r = a.package_search(q="rahasiaku")
    check(r["count"] == 0, "hidden tags found")
    dinkes = sorted(n for n in names if public[n]["organization"] == "dinkes")
    r = a.package_search(fq="organization:dinkes", rows=1000, sort="name asc")
    check([p["name"] for p in r["results"]] == dinkes, f"fq organization {[p['name'] for p in r['results']]} vs {dinkes}")
    r = a.package_search(fq="+groups:pendidikan +tags:sekolah")
    check([p["name"] for p in r["results"]] == ["ck-sekolah"], "fq groups+tags")
    r = a.package_search(fq='tags:"massal" -organization:dinkes', rows=100)
    check(r["count"] == sum(1 for n in names if "massal" in public[n]["tags"] and public[n]["organization"] != "dinkes"), "negated fq")
    with_files = sorted(n for n in names if public[n]["resources"])
    r = a.package_search(fq="res_format:CSV", rows=100, sort="name asc")
    check([p["name"] for p in r["results"]] == with_files, "fq res_format")
    r = a.package_search(fq="license_id:cc-zero")
    check([p["name"] for p in r["results"]] == ["ck-sekolah"], "fq license_id")
    r = a.package_search(sort="name desc", rows=1000)
    check([p["name"] for p in r["results"]] == names[::-1], "sort name desc")
    r = a.package_search(sort="title_string asc", rows=1000)
    check([p["title"] for p in r["results"]] == sorted(public[n]["title"] for n in names), "sort title_string")
    r = a.package_search(sort="metadata_modified desc", rows=1000)
    mods = [p["metadata_modified"] for p in r["results"]]
    check(mods == sorted(mods, reverse=True), "sort metadata_modified")
    # Incremental harvesting as ckanext-harvest asks: what changed since a moment.
    newest = mods[0]
    r = a.package_search(fq=f"metadata_modified:[{newest}Z TO *]", rows=1000)
    check(r["count"] >= 1 and all(p["metadata_modified"] >= newest for p in r["results"]), f"since {newest}: {r['count']}")
    check(r["count"] == sum(1 for m in mods if m >= newest), "since count")
    check(a.package_search(fq="metadata_modified:[* TO 2000-01-01]")["count"] == 0, "range before anything")
    check(a.package_search(fq="metadata_created:[2000-01-01T00:00:00Z TO *]")["count"] == len(public), "created since 2000")
    r = a.package_search(**{"facet.field": json.dumps(["organization", "groups", "tags", "res_format", "license_id"]), "facet.limit": -1, "rows": 0})
    check(r["results"] == [] and r["count"] == len(public), "rows=0")
    orgs = {}
    for n in names:
        orgs[public[n]["organization"]] = orgs.get(public[n]["organization"], 0) + 1
    check(r["facets"]["organization"] == orgs, f"facets {r['facets']['organization']} vs {orgs}")
    check({i["name"]: i["count"] for i in r["search_facets"]["organization"]["items"]} == orgs, "search_facets")
    check(r["facets"]["res_format"] == {"CSV": len(with_files)}, r["facets"]["res_format"])
    check("rahasiaku" not in r["facets"]["tags"], "hidden tag in facets")
    r = a.package_search(**{"facet.field": ["tags"], "facet.limit": 1})
    check(len(r["facets"]["tags"]) == 1, r["facets"])

    # package_show by name and by id; not found for every hidden dataset and for nothing.
    p = a.package_show(id="ck-faskes")
    check_package(p, public["ck-faskes"])
    check(a.package_show(id=p["id"]) == p, "by id")
    check(get.action.package_show(id="CK-FASKES")["id"] == p["id"], "name case-insensitive")
    page = urllib.request.urlopen(p["url"]).read().decode()
    check(p["title"] in page, "the package url is its public portal page")
    for n, h in hidden.items():
        raises(ckanapi.NotFound, a.package_show, id=n)
        raises(ckanapi.NotFound, a.package_show, id=h["id"])
        for rid in h["resources"]:
            raises(ckanapi.NotFound, a.resource_show, id=rid)
            raises(ckanapi.NotFound, a.datastore_search, resource_id=rid)
    raises(ckanapi.NotFound, a.package_show, id="tidak-ada")
    raises(ckanapi.NotFound, ck3.action.package_show, id="tidak-ada")

    # Validation errors, search query errors, read-only.
    e = raises(ckanapi.ValidationError, a.package_show)
    check("id" in e.error_dict, e.error_dict)
    raises(ckanapi.ValidationError, a.package_search, rows=-1)
    raises(ckanapi.ValidationError, a.package_search, start="awal")
    raises(ckanapi.SearchQueryError, a.package_search, sort="popularity desc")
    raises(ckanapi.SearchQueryError, a.package_search, fq="colour:red")
    raises(ckanapi.ValidationError, a.datastore_search)
    raises(ckanapi.ValidationError, a.organization_list, sort="size asc")
    raises(ckanapi.NotAuthorized, a.package_create, name="baru", title="Baru")
    raises(ckanapi.NotAuthorized, a.datastore_upsert, resource_id="x", records=[])

    # Organizations and groups.
    org_names = a.organization_list(sort="name asc")
    check("dinkes" in org_names and "disdikbud" in org_names and org_names == sorted(org_names), org_names)
    full = {o["name"]: o for o in a.organization_list(all_fields=True)}
    check(full["dinkes"]["package_count"] == orgs.get("dinkes", 0) and full["dinkes"]["is_organization"], full["dinkes"])
    check(a.organization_list(limit=1, offset=1, sort="name asc") == org_names[1:2], "organization_list paging")
    o = a.organization_show(id="dinkes", include_datasets=True)
    check(sorted(p["name"] for p in o["packages"]) == dinkes and o["package_count"] == len(dinkes), o.get("packages"))
    check(a.organization_show(id=o["id"])["name"] == "dinkes" and "packages" not in a.organization_show(id="dinkes"), "organization by id")
    raises(ckanapi.NotFound, a.organization_show, id="tidak-ada")
    groups = a.group_list()
    check("kesehatan" in groups and "pendidikan" in groups, groups)
    gfull = {g["name"]: g for g in a.group_list(all_fields=True)}
    check(gfull["pendidikan"]["package_count"] == sum(1 for n in names if public[n]["topic"] == "pendidikan"), gfull["pendidikan"])
    g = a.group_show(id="pendidikan", include_datasets=True)
    check(sorted(p["name"] for p in g["packages"]) == sorted(n for n in names if public[n]["topic"] == "pendidikan"), g["packages"])
    check(a.group_show(id=g["id"])["name"] == "pendidikan", "group by id")
    raises(ckanapi.NotFound, a.group_show, id="tidak-ada")

    # Tags, licences, autocomplete, current packages.
    tags = a.tag_list()
    want = sorted({t for n in names for t in public[n]["tags"]})
    check(tags == want, f"tag_list {tags} vs {want}")
    check(a.tag_list(query="sek") == ["sekolah"], "tag_list query")
    check(all(TAG_KEYS <= set(t) for t in a.tag_list(all_fields=True)), "tag dicts")
    check({l["id"] for l in a.license_list()} >= {"cc-by", "cc-zero", "odc-odbl"}, "license_list")
    ac = a.package_autocomplete(q="sekolah")
    check([x["name"] for x in ac] == ["ck-sekolah"], ac)
    cur = a.current_package_list_with_resources(limit=100)
    check(sorted(p["name"] for p in cur) == names, "current_package_list_with_resources")
    check(len(a.current_package_list_with_resources(limit=2, page=2)) == min(2, max(0, len(names) - 2)), "current page 2")
    check(isinstance(a.help_show(name="package_search"), str), "help_show")

    # Resources: show, download (bytes match the hash), datastore_search.
    fa = public["ck-faskes"]
    rid = fa["resources"][0]
    res = a.resource_show(id=rid)
    check(RESOURCE_KEYS <= set(res) and res["id"] == rid and res["format"] == "CSV", res)
    body = urllib.request.urlopen(res["url"]).read()
    check("sha256:" + hashlib.sha256(body).hexdigest() == res["hash"], "download digest")

    ds = a.datastore_search(resource_id=rid)
    check(ds["total"] == fa["rows"] and len(ds["records"]) == fa["rows"], ds)
    check([f["id"] for f in ds["fields"]] == ["_id", "kecamatan", "jumlah", "rasio"], ds["fields"])
    check([f["type"] for f in ds["fields"]] == ["int", "text", "int", "numeric"], ds["fields"])
    check(ds["records"][0] == {"_id": ds["records"][0]["_id"], "kecamatan": "Teluk Sirih", "jumlah": 1300, "rasio": 12.5}, ds["records"][0])
    ds = a.datastore_search(resource_id=rid, filters={"kecamatan": "Sungai Ilir"})
    check(ds["total"] == 1 and ds["records"][0]["jumlah"] == 310, ds)
    ds = get.action.datastore_search(resource_id=rid, filters=json.dumps({"kecamatan": "Sungai Ilir"}))
    check(ds["total"] == 1, "filters over GET")
    ds = a.datastore_search(resource_id=rid, filters={"kecamatan": ["Sungai Ilir", "Bukit Meranti"]})
    check(ds["total"] == 2, ds)
    # Filters are exact, as in CKAN: another case or a number as text of another form finds nothing.
    check(a.datastore_search(resource_id=rid, filters={"kecamatan": "sungai ilir"})["total"] == 0, "filters are exact")
    check(a.datastore_search(resource_id=rid, filters={"kecamatan": ["SUNGAI ILIR", "Bukit Meranti"]})["total"] == 1, "list filters are exact")
    check(a.datastore_search(resource_id=rid, filters={"jumlah": 310})["total"] == 1, "numeric filter")
    ds = a.datastore_search(resource_id=rid, sort="jumlah desc", limit=2)
    check([r["jumlah"] for r in ds["records"]] == [1300, 310] and ds["total"] == fa["rows"], ds["records"])
    ds = a.datastore_search(resource_id=rid, sort="jumlah asc", limit=2, offset=1)
    check([r["jumlah"] for r in ds["records"]] == [42, 99], ds["records"])
    ds = a.datastore_search(resource_id=rid, q="harapan", fields=["kecamatan"])
    check(ds["records"] == [{"kecamatan": "Tanjung Harapan"}] and ds["total"] == 1, ds)
    ds = a.datastore_search(resource_id=rid, limit=2, include_total=False)
    check("total" not in ds and len(ds["records"]) == 2 and "next" in ds["_links"], ds)
    raises(ckanapi.ValidationError, a.datastore_search, resource_id=rid, filters={"warna": "merah"})
    raises(ckanapi.ValidationError, a.datastore_search, resource_id=rid, sort="warna")
    raises(ckanapi.NotFound, a.datastore_search, resource_id="tidak-ada")
    old = fa["resources"][1]
    check(a.datastore_search(resource_id=old)["total"] == 2, "older version queryable")

    print("ckanapi: all checks passed")


if __name__ == "__main__":
    main()
