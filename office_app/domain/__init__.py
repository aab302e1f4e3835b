"""Framework-free domain rules: money, bank accounts and card numbers.

Nothing in this package imports a database, web or terminal framework, so the
rules can be tested and reused by the office terminal and the central ledger alike.
"""
