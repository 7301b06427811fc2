"""The lifecycle of each resource, once, under both front doors (see `core`)."""
