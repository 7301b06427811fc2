"""The plugin front door: the native provider, its schema, and programs in other languages."""
