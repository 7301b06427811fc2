"""The current dialect's rules over the shared store (see docs/current-dialect.md)."""
