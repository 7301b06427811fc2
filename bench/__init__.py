"""Benchmark of `pulumi up` against the engine's own floor, and of the local server.

Run it with `python -m bench.run` (or `python -m bench`) after `source scripts/env.sh`;
`--help` lists the options. It lives outside the test suite on purpose: timings on a shared
2-core machine are too noisy to gate a build, but they are what users feel, so they are
measured side by side in one run and printed with their spread instead.
"""
