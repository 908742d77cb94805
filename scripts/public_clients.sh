#!/usr/bin/env bash
# Public Sophos Central clients from PyPI against a small sandbox (issue 10, acceptance 5).
#
# Each client is installed UNMODIFIED into its own venv (a Python version it accepts);
# a thin driver only points its URL attributes at the sandbox on 127.0.0.1 (they
# hard-code https://id.sophos.com and https://api.central.sophos.com) and then uses the
# client's own functions to list every tenant and read the licences of every tenant.
# A checker compares what each client saw with what the sandbox holds. Exit 0 = both
# clients listed every tenant once and read the licences of every manageable tenant.
#
#   sfos-central-sdk 0.9.11             (Python >= 3.12)
#   sophos-central-api-connector 0.1.6  (Python >= 3.6; run on 3.11 or older)
#
# Venvs are cached in $PUBLIC_CLIENTS_HOME (default ~/.cache/partner-desk/public-clients).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[ -x "$PY" ] || PY=.venv/Scripts/python.exe
[ -x "$PY" ] || { echo "public_clients: no .venv (run the README test command first)" >&2; exit 1; }

HOME_DIR="${PUBLIC_CLIENTS_HOME:-${HOME:-/tmp}/.cache/partner-desk/public-clients}"
CUSTOMERS="${PUBLIC_CLIENTS_CUSTOMERS:-150}"
mkdir -p "$HOME_DIR"
WORK="$(mktemp -d)"
SANDBOX_PID=""
cleanup() {
    if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A Python whose version is within [min, max] (minor versions of 3.x).
find_python() {
    local min=$1 max=$2 cand v
    for cand in python3.{13,12,11,10,9,8} /root/.pyenv/versions/3.*/bin/python3 \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3; do
        command -v "$cand" >/dev/null 2>&1 || [ -x "$cand" ] || continue
        v=$("$cand" -c 'import sys; print(sys.version_info[1])' 2>/dev/null) || continue
        if [ "$v" -ge "$min" ] && [ "$v" -le "$max" ]; then command -v "$cand" 2>/dev/null || echo "$cand"; return 0; fi
    done
    return 1
}

# make_venv NAME PYTHON REQUIREMENT: an own venv with the package installed unmodified.
make_venv() {
    local name=$1 python=$2 req=$3 dir="$HOME_DIR/$1"
    if [ ! -f "$dir/.installed" ] || [ "$(cat "$dir/.installed")" != "$req" ]; then
        rm -rf "$dir"
        "$python" -m venv "$dir"
        "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$req" \
            >"$dir.pip.log" 2>&1 || { cat "$dir.pip.log" >&2; return 1; }
        echo "$req" >"$dir/.installed"
    fi
    echo "$dir/bin/python"
}

SFOS_PY_BASE=$(find_python 12 13) || { echo "public_clients: no Python >= 3.12 for sfos-central-sdk" >&2; exit 1; }
CONN_PY_BASE=$(find_python 8 11) || { echo "public_clients: no Python 3.8-3.11 for sophos-central-api-connector" >&2; exit 1; }
SFOS_PY=$(make_venv sfos "$SFOS_PY_BASE" "sfos-central-sdk==0.9.11")
CONN_PY=$(make_venv connector "$CONN_PY_BASE" "sophos-central-api-connector==0.1.6")

# ---------------------------------------------------------------- the sandbox
"$PY" -m desktop.sandbox --port 0 --customers "$CUSTOMERS" --seed 5 >"$WORK/sandbox.out" 2>&1 &
SANDBOX_PID=$!
BASE=""
for _ in $(seq 1 100); do
    BASE=$(sed -n 's/^Partner API sandbox listening on \(http[^ ]*\).*/\1/p' "$WORK/sandbox.out")
    [ -n "$BASE" ] && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$WORK/sandbox.out" >&2; exit 1; }
    sleep 0.1
done
[ -n "$BASE" ] || { echo "public_clients: sandbox did not start" >&2; cat "$WORK/sandbox.out" >&2; exit 1; }
echo "sandbox: $BASE ($CUSTOMERS customers)"
CLIENT_ID=demo-super-admin
CLIENT_SECRET=sandbox  # the sandbox's published demo secret, not a real credential

# ---------------------------------------------------------------- sfos-central-sdk
cat >"$WORK/sfos_driver.py" <<'EOF'
"""Drives sfos-central-sdk unmodified; only its module-level URLs are pointed at the sandbox."""
import json
import sys

import central.session as session

base, client_id, secret, out_path = sys.argv[1:5]
session._auth_url = base + "/api/v2/oauth2/token"
session._whoami_url = base + "/whoami/v1"

from central.classes import ReturnState  # noqa: E402
from central.firewalls.licenses import get_licenses  # noqa: E402

central = session.CentralSession(client_id, secret)
if not central.authenticate():
    sys.exit("sfos: authentication failed")
tenants = central.get_tenants()
if isinstance(tenants, ReturnState):
    sys.exit(f"sfos: listing tenants failed: {tenants.message}")
result = {"tenants": [t.id for t in tenants], "licences": {}, "firewalls": {}}
for t in tenants:
    page = central.get_page("/licenses/v1/licenses", tenant_id=t.id, paginated=False)
    resp = page.value
    result["licences"][t.id] = (
        [lic["licenseIdentifier"] for lic in resp.data["licenses"]] if resp.success else resp.status_code
    )
    fw = get_licenses(central, tenant_id=t.id, url_base=t.apiHost)
    result["firewalls"][t.id] = (
        sorted(f.serialNumber for f in fw) if not isinstance(fw, ReturnState) else "failed"
    )
partner = get_licenses(central, partner_id=central.whoami.id)
if isinstance(partner, ReturnState):
    sys.exit(f"sfos: partner firewall licences failed: {partner.message}")
result["partner_firewalls"] = len(partner)
with open(out_path, "w", encoding="utf-8") as fh:
    json.dump(result, fh)
print(f"sfos-central-sdk: {len(result['tenants'])} tenants, "
      f"{sum(isinstance(v, list) for v in result['licences'].values())} with licences")
EOF

# ---------------------------------------------------------------- sophos-central-api-connector
cat >"$WORK/connector_driver.py" <<'EOF'
"""Drives sophos-central-api-connector unmodified; only its URL constants point at the sandbox.

Its interactive entry point (ten_auth) reads secrets from a prompt or AWS, so the driver
calls the same steps ten_auth calls, in the same order.
"""
import json
import sys

import sophos_central_api_connector.config.sophos_central_api_config as api_conf

base, client_id, secret, out_path = sys.argv[1:5]
api_conf.auth_uri = base + "/api/v2/oauth2/token"
api_conf.whoami_uri = base + "/whoami/v1"
api_conf.tenants_ptr_uri = base + "/partner/v1/tenants"
api_conf.tenants_org_uri = base + "/organization/v1/tenants"

from sophos_central_api_connector import sophos_central_api_auth as auth  # noqa: E402
from sophos_central_api_connector import sophos_central_api_get_data as get_data  # noqa: E402
from sophos_central_api_connector import sophos_central_api_tenants as api_tenant  # noqa: E402

token = auth.get_bearer_tok(client_id, secret, api_conf.auth_uri)
headers = auth.validate_id_headers(token)
whoami_id, whoami_type, whoami_data = auth.get_whoami_data(headers, api_conf.whoami_uri)
header_type, tenant_url = auth.validate_whoami_type(
    whoami_type, whoami_data, api_conf.tenants_ptr_uri, api_conf.tenants_org_uri
)
api_tenant.gen_tenant_headers(headers, whoami_id, whoami_type, header_type)
tenant_info = api_tenant.get_tenant_info(headers, tenant_url, token)
licences_url = whoami_data["apiHosts"]["global"] + "/licenses/v1/licenses"
result = {"tenants": list(tenant_info), "licences": {}}
for tid, info in tenant_info.items():
    data = get_data.get_page(licences_url, info["headers"])  # None on 403
    result["licences"][tid] = (
        [lic["licenseIdentifier"] for lic in data["licenses"]] if data else None
    )
with open(out_path, "w", encoding="utf-8") as fh:
    json.dump(result, fh)
print(f"sophos-central-api-connector: {len(result['tenants'])} tenants, "
      f"{sum(v is not None for v in result['licences'].values())} with licences")
EOF

# ---------------------------------------------------------------- the checker
cat >"$WORK/check.py" <<'EOF'
"""What the sandbox holds, read with our own HTTP calls; compared with what each client saw."""
import json
import sys

import httpx

base, client_id, secret, *reports = sys.argv[1:]
with httpx.Client(base_url=base, timeout=30) as http:
    token = http.post(
        "/api/v2/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": client_id,
              "client_secret": secret, "scope": "token"},
    ).json()["access_token"]
    partner = http.get("/whoami/v1", headers={"Authorization": f"Bearer {token}"}).json()["id"]
    h = {"Authorization": f"Bearer {token}", "X-Partner-ID": partner}
    tenants, page = [], 1
    while True:  # the extension route: tenant objects with partner assistance
        body = http.get("/partner/v1/extensions/tenants",
                        params={"page": page, "pageSize": 100, "pageTotal": "true"}, headers=h).json()
        tenants += body["items"]
        if page >= body["pages"]["total"]:
            break
        page += 1
    ids = {t["id"] for t in tenants}
    manageable = {t["id"] for t in tenants
                  if t["createdByPartner"] or t["partnerAssistance"]["enabled"]}
    expected = {}
    for tid in sorted(manageable):
        r = http.get("/licenses/v1/licenses", headers={**h, "X-Tenant-ID": tid})
        expected[tid] = [lic["licenseIdentifier"] for lic in r.json()["licenses"]]
    fw_total = http.get("/licenses/v1/licenses/firewalls", params={"pageTotal": "true"},
                        headers=h).json()["pages"]["items"]

failures = []
for path in reports:
    name = path.rsplit("/", 1)[-1].removesuffix(".json")
    seen = json.load(open(path, encoding="utf-8"))
    if len(seen["tenants"]) != len(set(seen["tenants"])) or set(seen["tenants"]) != ids:
        failures.append(f"{name}: listed {len(seen['tenants'])} tenants "
                        f"({len(set(seen['tenants']))} distinct), the sandbox has {len(ids)}")
    for tid in ids:
        got = seen["licences"].get(tid)
        if tid in manageable and got != expected[tid]:
            failures.append(f"{name}: licences of manageable tenant {tid}: {got!r}")
        elif tid not in manageable and isinstance(got, list):
            failures.append(f"{name}: read licences of a tenant it may not manage: {tid}")
    if "firewalls" in seen:
        bad = [t for t, v in seen["firewalls"].items() if t in manageable and v == "failed"]
        if bad:
            failures.append(f"{name}: firewall licences failed for {len(bad)} manageable tenants")
        if seen["partner_firewalls"] > 0 and fw_total == 0:
            failures.append(f"{name}: saw firewalls the sandbox does not have")
    print(f"{name}: {len(ids)} tenants, {len(manageable)} manageable: "
          f"{'ok' if not any(f.startswith(name + ':') for f in failures) else 'FAILED'}")
for f in failures[:20]:
    print("  " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
EOF

# run NAME PYTHON DRIVER: the client's log (403s of unmanageable tenants are expected
# there) is shown only when the driver fails.
run() {
    if ! "$2" "$WORK/$3" "$BASE" "$CLIENT_ID" "$CLIENT_SECRET" "$WORK/$1.json" 2>"$WORK/$1.log"; then
        echo "public_clients: $1 failed against the sandbox:" >&2
        tail -n 30 "$WORK/$1.log" >&2
        return 1
    fi
}
status=0
run sfos-central-sdk "$SFOS_PY" sfos_driver.py || status=1
run sophos-central-api-connector "$CONN_PY" connector_driver.py || status=1
reports=()
for f in "$WORK/sfos-central-sdk.json" "$WORK/sophos-central-api-connector.json"; do
    if [ -f "$f" ]; then reports+=("$f"); else echo "public_clients: no report $(basename "$f")" >&2; status=1; fi
done
if [ ${#reports[@]} -gt 0 ]; then
    "$PY" "$WORK/check.py" "$BASE" "$CLIENT_ID" "$CLIENT_SECRET" "${reports[@]}" || status=1
fi
if [ "$status" -ne 0 ]; then echo "public_clients: FAILED" >&2; exit 1; fi
echo "public_clients: ok"
