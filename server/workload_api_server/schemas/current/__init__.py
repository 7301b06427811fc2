"""Wire schemas of the current dialect (`/workloads`, `/artifacts`, `/artifactRepositories`).

Class names start with `Current` so both dialects' schemas can share one OpenAPI document.
"""
