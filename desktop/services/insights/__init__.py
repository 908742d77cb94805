"""Insights on the synced data (issue 15): renewals, licence reconciliation, the month's
billing, the change feed, the user's own words on customers, saved views, reports.

Qt-free: every computation here is plain Python over the cache, unit-tested on its own.
"""
