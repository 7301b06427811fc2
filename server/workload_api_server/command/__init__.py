"""The `workload-api` command: options, the safety checks before serving, and serving."""
