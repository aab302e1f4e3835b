"""Tools around the ledger, not its runtime: demo seeding, the canteen simulator, and running
``office-app ledger serve`` as a process of its own (for tests and benchmarks)."""
