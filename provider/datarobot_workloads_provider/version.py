"""The package's version, written once.

pyproject.toml reads it at build time, the API client's User-Agent names it, and the
plugin package reports it to the engine, so the three can never disagree.
"""

__version__ = "0.2.0"
