"""The Demo profile: an in-process sandbox on a free 127.0.0.1 port (docs/architecture.md §5).

No account and no network needed. The sandbox port changes each run, so the
Demo profile's URLs are rewritten every time it starts.

The demo keeps its state between launches (docs/architecture.md §5): the sandbox's data
(renames, group changes, partner-assistance requests, new monthly accounts …) is
saved in :func:`demo_state_path` after each change and reloaded on the next start;
``fresh=True`` (``partner-desk --demo``, File › Reset demo data) deletes it and the
Demo profile's cache, and the demo starts afresh.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services import paths
from desktop.services.credentials import SecretStore
from desktop.services.profiles import (
    DEMO_CLIENT_ID,
    DEMO_PROFILE_ID,
    DEMO_PROFILE_NAME,
    Profile,
    ProfileKind,
    ProfileStore,
)

if TYPE_CHECKING:
    from desktop.sandbox import SandboxServer

DEMO_CUSTOMERS = 2_000
DEMO_SEED = 1
__all__ = ["DEMO_CLIENT_ID", "DEMO_CUSTOMERS", "DEMO_SEED", "demo_state_path", "start_demo"]

DEMO_STATE_FILE = "demo-sandbox.json"


def demo_state_path() -> Path:
    """Where the demo sandbox keeps its data between launches (user data dir)."""
    return paths.data_dir() / DEMO_STATE_FILE


def start_demo(
    customers: int = DEMO_CUSTOMERS,
    fresh: bool = False,
    *,
    seed: int = DEMO_SEED,
    store: ProfileStore | None = None,
) -> tuple[SandboxServer, Profile]:
    """Start the sandbox and write the Demo profile (and its secret) pointing at it.

    ``fresh`` deletes the Demo profile's cache so the demo starts from nothing. The Demo
    profile has its own fixed id (``DEMO_PROFILE_ID``), so this can never touch the cache
    of a user profile, whatever its name (``demo``, ``Demo-1`` …).
    """
    from urllib.parse import urlsplit

    from desktop.sandbox import DEMO_SECRET, SandboxServer

    store = store or ProfileStore()
    state_file = demo_state_path()
    if fresh:
        state_file.unlink(missing_ok=True)
    # Reuse last run's port when it is free: the tenants' apiHost carries it, and a
    # new port would make every customer look "changed" on the next demo sync.
    previous = next((p for p in store.list() if p.id == DEMO_PROFILE_ID), None)
    port = (urlsplit(previous.global_url).port or 0) if previous else 0
    try:
        server = SandboxServer(
            customers=customers, seed=seed, port=port, state_file=state_file
        ).start()
    except OSError:
        server = SandboxServer(customers=customers, seed=seed, state_file=state_file).start()
    profile = Profile(
        name=DEMO_PROFILE_NAME,
        kind=ProfileKind.SANDBOX,
        client_id=DEMO_CLIENT_ID,
        identity_url=server.base_url,
        global_url=server.base_url,
        id=DEMO_PROFILE_ID,
    )
    profile = store.add(profile)
    if not profile.is_demo:  # never: add() keeps the demo's id; checked all the same
        raise RuntimeError("the Demo profile lost its id")
    SecretStore().set(profile, DEMO_SECRET)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            profile.cache_path.with_name(profile.cache_path.name + suffix).unlink(missing_ok=True)
    return server, profile
