"""A profile's files beside its cache (issue 11): the slug migration takes turns through
an OS-level lock, and removing a profile removes its writer lock and sync marker."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from filelock import FileLock

from desktop.services.cache import Cache, dirty_path, lock_path
from desktop.services.profiles import Profile, ProfileKind, ProfileStore


def sophos(name: str) -> Profile:
    return Profile(
        name,
        ProfileKind.SOPHOS,
        "client",
        "https://id.sophos.com",
        "https://api.central.sophos.com",
    )


def test_removing_a_profile_removes_its_lock_and_marker_but_not_its_cache(
    partner_desk_home: Path,
) -> None:
    store = ProfileStore()
    profile = store.add(sophos("Acme"))
    other = store.add(sophos("Other"))
    for p in (profile, other):
        Cache.open(p.cache_path).close()
        with Cache(p.cache_path).writer_lock():
            pass
        dirty_path(p.cache_path).touch()
        assert lock_path(p.cache_path).exists()
    assert store.remove("Acme")
    assert not lock_path(profile.cache_path).exists()
    assert not dirty_path(profile.cache_path).exists()
    assert profile.cache_path.exists()  # the cache itself is kept, as before
    assert lock_path(other.cache_path).exists() and dirty_path(other.cache_path).exists()


def test_a_running_sync_keeps_its_lock_when_its_profile_is_removed(
    partner_desk_home: Path,
) -> None:
    store = ProfileStore()
    profile = store.add(sophos("Acme"))
    Cache.open(profile.cache_path).close()
    with Cache(profile.cache_path).writer_lock():
        dirty_path(profile.cache_path).touch()
        assert store.remove("Acme")
        assert lock_path(profile.cache_path).exists()
        assert dirty_path(profile.cache_path).exists()


def test_the_slug_migration_waits_for_another_process_holding_its_lock(
    partner_desk_home: Path,
) -> None:
    config = partner_desk_home / "config"
    config.mkdir()
    item = {
        "name": "Acme",
        "kind": "sophos",
        "client_id": "c",
        "identity_url": "https://id.sophos.com",
        "global_url": "https://api.central.sophos.com",
        "ca_bundle": None,
    }
    profiles = config / "profiles.json"
    profiles.write_text(json.dumps({"profiles": [item], "last_used": None}), encoding="utf-8")
    lock_file = str(profiles.with_name("profiles.json.migrating"))
    held, released = threading.Event(), threading.Event()
    during: list[bool] = []

    def hold() -> None:  # another process would hold it the same way (an OS lock)
        holder = FileLock(lock_file, is_singleton=False)
        with holder:
            held.set()
            time.sleep(0.3)
            # nothing migrated while another holder had the lock
            during.append('"id"' in profiles.read_text(encoding="utf-8"))
            released.set()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        (loaded,) = ProfileStore().list()
    finally:
        thread.join()
    assert released.is_set() and during == [False]  # it waited for the other holder
    saved = json.loads(profiles.read_text(encoding="utf-8"))["profiles"]
    assert saved[0]["id"] == loaded.id
