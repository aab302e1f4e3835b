"""The central ledger: applies protocol v1 commands exactly once, in one transaction each."""
