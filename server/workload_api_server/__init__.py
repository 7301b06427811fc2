"""Local Workload API server: the contract of the DataRobot Workload API, offline.

- `command`: the `workload-api` command line, its safety checks, and serving it;
- `web`: HTTP plumbing (the app, middleware, routers, auth, bodies, errors, limits);
- `domain`: the contract's rules without HTTP (lifecycle, value rules, validation, IDs,
  time);
- `schemas`: the wire models; `services`: the operations; `store`: SQLite;
- `runtime`: how workloads run (simulated, or as local processes);
- `settings`: what configures one server; `launcher`: a server as a subprocess, for
  tests and scripts.
"""
