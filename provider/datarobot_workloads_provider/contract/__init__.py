"""What the API accepts and answers, as data: the input shapes (`args`), reading
declarations back (`declared`), the canonical spec (`canonical`).

The bottom layer: it imports nothing else of this package, and the client and everything
above it may import it (docs/architecture.md, "The data path").
"""
