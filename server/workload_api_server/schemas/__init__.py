"""Wire schemas of the server, independent of the provider's client models on purpose."""
