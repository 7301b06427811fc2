"""Resilience, proved on the whole system: faults, crashes, interrupts, bad input, secrets and
server hardening, with the real Pulumi engine against a private local server per test.

Bounded by default (part of scripts/test.sh, about 5-6 minutes on 2 cores);
`RESILIENCE_LONG=1` selects the long variants. `python bench/resilience_report.py`
re-runs the suite and prints one line per measured figure, against its target.
"""
