"""Helpers shared by the test packages (plain functions and classes; the fixtures live in the
``conftest.py`` files next to the tests that use them).

- ``paths``: the repository, the tests folder and the saved cache fixtures.
- ``cli``: ``python -m desktop ...`` as a user runs it, and the CLI steps the tests repeat.
- ``sandbox``: profiles, API configurations and a small authenticated HTTP client for a sandbox.
- ``db``: what a cache file holds (integrity, tables, the rows a user sees).
- ``records``: tenant and licence records and one sync through the store's API.
- ``rows``: ``CustomerRow`` values for the table tests.
- ``gui``: profiles and main windows for the GUI tests.
- ``desk``: a small window with the customer actions (``tests/views/conftest.py``'s ``make_desk``).
- ``keyrings``: the in-memory keyring backend and a keyring switch.
- ``hostile_server``: an HTTP server that misbehaves on purpose.
"""
