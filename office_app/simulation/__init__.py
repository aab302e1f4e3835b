"""Deterministic simulation of a whole school: the real ledger app, offices, terminals, a portal.

One seeded random generator decides every operation, every fault and every id, and a
simulated clock decides every time, so a seed replays the same run exactly. The ledger runs
as the real FastAPI app in this process; offices use the real outbox, sender and puller over
an in-process transport that loses, duplicates and delays requests on purpose.
"""
