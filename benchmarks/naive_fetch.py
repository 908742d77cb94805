"""The naive reference for the sync benchmark: one request at a time, with httpx.

It asks for the same things as the real sync engine (token, whoami, extensions,
every tenant page, every licence page of the bulk route — or, without the
bulk route, every tenant's licences — and the groups) strictly one after the
other and parses the JSON; it writes nothing. That makes it a lower bound for a
sequential client: the real engine also stages everything in SQLite.
"""

from __future__ import annotations

from typing import Any

import httpx


def naive_fetch(base_url: str, client_id: str, secret: str, page_size: int = 100) -> dict[str, Any]:
    requests = 0
    with httpx.Client(timeout=30) as http:

        def get(path: str, **kw: Any) -> Any:
            nonlocal requests
            requests += 1
            resp = http.get(f"{base_url}{path}", headers=headers, **kw)
            resp.raise_for_status()
            return resp.json()

        requests += 1
        token = http.post(
            f"{base_url}/api/v2/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                "scope": "token",
            },
        )
        token.raise_for_status()
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        who = get("/whoami/v1")
        headers["X-Partner-ID"] = who["id"]
        ext_resp = http.get(f"{base_url}/partner/v1/extensions", headers=headers)
        requests += 1
        features: set[str] = set()
        if ext_resp.status_code == 200:
            features = set(ext_resp.json().get("features", []))

        tenants: list[dict[str, Any]] = []
        total = 1
        page = 1
        while True:
            params: dict[str, Any] = {"page": page, "pageSize": page_size}
            if page == 1:
                params["pageTotal"] = "true"
            data = get("/partner/v1/tenants", params=params)
            tenants.extend(data.get("items") or [])
            if page == 1:
                total = (data.get("pages") or {}).get("total") or 1
            if page >= total:
                break
            page += 1

        licences = 0
        if "bulkLicenses" in features:
            page = 1
            while True:
                params = {"page": page, "pageSize": page_size}
                if page == 1:
                    params["pageTotal"] = "true"
                data = get("/partner/v1/licenses", params=params)
                for item in data.get("items") or []:
                    licences += len(item.get("licenses") or [])
                if page == 1:
                    total = (data.get("pages") or {}).get("total") or 1
                if page >= total:
                    break
                page += 1
        else:
            for tenant in tenants:
                resp = http.get(
                    f"{base_url}/licenses/v1/licenses",
                    headers={**headers, "X-Tenant-ID": tenant["id"]},
                )
                requests += 1
                if resp.status_code == 200:
                    licences += len(resp.json().get("licenses") or [])
        if "groups" in features:
            get("/partner/v1/customer-groups")
    return {"customers": len(tenants), "licences": licences, "requests": requests}
