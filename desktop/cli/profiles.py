"""``partner-desk profiles add|edit|list|remove``."""

from __future__ import annotations

import argparse
from typing import TextIO

from desktop.cli.common import confirm, read_secret, store_or_error
from desktop.services.credentials import ENV_SECRET, SecretStore
from desktop.services.profiles import Profile, ProfileError, ProfileKind, ProfileStore


def cmd_profiles(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = store_or_error(err)
    if store is None:
        return 1
    if args.profiles_command == "list":
        last = store.last_used()
        for p in store.list():
            mark = " *" if p.name == last else ""
            out.write(f"{p.name}\t{p.kind.value}\t{p.client_id}\t{p.global_url}{mark}\n")
        return 0
    if args.profiles_command == "remove":
        profile = store.get(args.name)
        if profile is None:
            err.write(f"No profile named {args.name!r}.\n")
            return 2
        SecretStore().delete(profile)
        if profile.database_url:
            from desktop.services.credentials import delete_db_password

            delete_db_password(profile)
        store.remove(args.name)
        out.write(f"Removed profile {args.name!r}.\n")
        return 0
    if args.profiles_command == "edit":
        return cmd_profiles_edit(store, args, out, err)
    # add
    if args.client_id is None and args.kind != ProfileKind.TEAM.value:
        err.write("the following arguments are required: --client-id\n")
        return 2
    profile = Profile(
        name=args.name.strip(),
        kind=ProfileKind(args.kind),
        client_id=(args.client_id or "").strip(),
        identity_url=args.identity_url.rstrip("/"),
        global_url=args.global_url.rstrip("/"),
        ca_bundle=args.ca_bundle,
        database_url=args.database,
        db_role=args.db_role,
    )
    existing = store.get(profile.name)
    if existing is not None:
        # never silently: a profile of another kind is not replaced, one of the same kind
        # only with --replace (or a yes in a terminal)
        if existing.kind is not profile.kind:
            err.write(
                f"A {existing.kind.value} profile is already named {profile.name!r}; choose "
                f"another name, or change it with 'partner-desk profiles edit'.\n"
            )
            return 2
        if not args.replace and not confirm(
            f"A profile named {profile.name!r} already exists. Replace it? [y/N] "
        ):
            err.write(
                f"A profile named {profile.name!r} already exists: add --replace to replace "
                f"it, or change it with 'partner-desk profiles edit {profile.name}'.\n"
            )
            return 2
    if existing is not None:
        SecretStore().delete(existing)
    if profile.is_team and not profile.client_id:  # a desktop that only reads
        try:
            store.add(profile)
        except ProfileError as exc:
            err.write(f"{exc}\n")
            return 2
        _keep_db_password(store.get(profile.name) or profile, err)
        out.write(f"Added team profile {profile.name!r} (read-only: no API credential).\n")
        return 0
    secret = read_secret(err)
    if secret is None:
        return 2
    try:
        store.add(profile)
    except ProfileError as exc:
        err.write(f"{exc}\n")
        return 2
    except OSError as exc:
        err.write(f"The profile could not be saved: {exc.strerror or exc}.\n")
        return 1
    saved = store.get(profile.name) or profile
    _keep_db_password(saved, err)
    secrets = SecretStore()
    kept = secrets.set(saved, secret)
    if not store.last_used():
        store.set_last_used(profile.name)
    out.write(f"Added profile {profile.name!r}.\n")
    if not kept and secrets.last_error:
        err.write(
            f"The keyring failed ({secrets.last_error}): the secret was NOT saved. "
            f"Set {ENV_SECRET} when you sync, or fix the keyring and add the profile again.\n"
        )
        return 1
    if not kept:
        err.write(
            "No usable keyring was found (a plaintext keyring does not count): the secret "
            f"is kept for this session only. For headless use, set {ENV_SECRET} when you sync.\n"
        )
    return 0


def cmd_profiles_edit(
    store: ProfileStore, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """``profiles edit NAME [--rename NEW] [--client-id ID] [--identity-url URL]
    [--global-url URL] [--ca-bundle FILE] [--secret]``: the profile keeps its id (and
    so its cache) and its kind; ``--secret`` asks for the secret again (or takes it from
    the environment)."""
    old = store.get(args.name)
    if old is None:
        err.write(f"No profile named {args.name!r}.\n")
        return 2
    if old.is_demo:
        err.write("The Demo profile is set up by Partner Desk; 'partner-desk --demo' resets it.\n")
        return 2
    changes = (args.rename, args.client_id, args.identity_url, args.global_url, args.ca_bundle)
    if all(c is None for c in changes) and not args.secret:
        err.write("Nothing to change: give --rename, --client-id, --identity-url, "
                  "--global-url, --ca-bundle or --secret.\n")  # fmt: skip
        return 2
    secrets = SecretStore()
    secret = read_secret(err) if args.secret else secrets.get(old, use_env=False)
    if args.secret and secret is None:
        return 2
    try:
        profile = store.edit(
            old.name,
            new_name=args.rename,
            client_id=args.client_id,
            identity_url=args.identity_url,
            global_url=args.global_url,
            ca_bundle=args.ca_bundle,
        )
    except ProfileError as exc:
        err.write(f"{exc}\n")
        return 2
    except OSError as exc:
        err.write(f"The profile could not be saved: {exc.strerror or exc}.\n")
        return 1
    # the keyring entry is named after the profile's name and client id: move it
    if args.secret or (profile.name, profile.client_id) != (old.name, old.client_id):
        secrets.delete(old)
        if secret and not secrets.set(profile, secret) and secrets.last_error:
            err.write(f"The keyring failed ({secrets.last_error}): the secret was NOT saved.\n")
            return 1
    out.write(f"Changed profile {profile.name!r}.\n")
    return 0


def _keep_db_password(profile: Profile, err: TextIO) -> None:
    if profile.database_url:
        from desktop.team_cli import ask_db_password

        ask_db_password(profile, err)  # under the saved profile's id
