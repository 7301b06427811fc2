"""The one error the provider shows to the user as is.

A leaf module, so that the front doors can name it without loading the lifecycle: the
program process imports the dynamic providers only to pickle a reference to them.
"""

from __future__ import annotations


class ProviderError(Exception):
    """A failure shown to the user as is: it already names the resource and the cause."""
