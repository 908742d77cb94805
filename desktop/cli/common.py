"""What several commands share: the profile store, a profile by name, its cache, the
client secret from the environment or a prompt, a yes/no question."""

from __future__ import annotations

import getpass
import os
import sys
from typing import TextIO

from desktop.services.cache import Cache, CacheError, open_cache
from desktop.services.credentials import ENV_SECRET
from desktop.services.profiles import Profile, ProfileStore


def store_or_error(err: TextIO) -> ProfileStore | None:
    """The profile store, or None after a one-line message when profiles.json was damaged."""
    store = ProfileStore()
    problem = store.check()
    if problem:
        err.write(problem + "\n")
        return None
    return store


def profile_or_error(name: str, err: TextIO) -> Profile | None:
    store = store_or_error(err)
    if store is None:
        return None
    profile = store.get(name)
    if profile is None:
        err.write(f"No profile named {name!r}. Add one with 'partner-desk profiles add'.\n")
    return profile


def open_profile_cache(profile: Profile, err: TextIO) -> Cache | None:
    """The profile's cache for reading, or None after a one-line message (none yet, damaged)."""
    if not profile.cache_path.exists():
        err.write(f"Profile {profile.name!r} has no cached customers yet: sync it first.\n")
        return None
    try:
        cache, note = open_cache(profile.cache_path)
    except CacheError as exc:
        err.write(f"{exc.message}\n")
        return None
    if note:
        err.write(note + "\n")
    return cache


def confirm(question: str) -> bool:
    """A yes/no question in a terminal; False when there is none to ask in."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def read_secret(err: TextIO) -> str | None:
    """The client secret from the environment or a no-echo prompt (None after a message)."""
    secret = os.environ.get(ENV_SECRET)
    if not secret:
        if not sys.stdin or not sys.stdin.isatty():
            err.write(
                f"No client secret: set {ENV_SECRET} or run this command in a terminal "
                "to be asked for it.\n"
            )
            return None
        secret = getpass.getpass("Client secret (not shown): ")
    if not secret:
        err.write("The client secret cannot be empty.\n")
        return None
    return secret
