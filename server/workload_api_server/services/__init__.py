"""The contract's rules per collection, on top of the store; no HTTP in here."""
