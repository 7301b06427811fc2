"""Smoke tests of the benchmark's own code (bench/); the benchmark itself is a script."""
