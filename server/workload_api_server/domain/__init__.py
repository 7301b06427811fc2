"""The contract's rules, free of HTTP: lifecycle, value rules, validation, IDs, time."""
