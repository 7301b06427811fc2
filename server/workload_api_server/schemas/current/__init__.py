"""Wire schemas of the current dialect (`/workloads`, `/artifacts`, `/artifactRepositories`).

Both dialects' schemas share one OpenAPI document, so names must not collide. The four
resources answer under their own names (`Artifact`, `ArtifactRepository`, `Workload`,
`Replacement`), which tools match to ID parameters (`artifactId`, ...) to chain calls;
every other model of this dialect starts with `Current`.
"""
