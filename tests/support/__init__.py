"""Shared test helpers: the real engine, the local server, and stack steps."""
