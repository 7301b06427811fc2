"""Routers of the current dialect; each translates HTTP into `services.current` calls."""
