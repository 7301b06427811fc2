"""The benchmark's sections, each measuring one thing and producing one report `Section`.

Every timed comparison is made *side by side*: floor and provider runs alternate (floor
first on even runs, provider first on odd ones), so a moment of load on this shared machine
hits both and the per-run ratio stays fair. Each section gets its own server and state
folder, so one figure never leaves objects or stacks behind for the next.

One module per section, plus what they share:

* `floor_quickstart`: 1+2, the engine floor against the quickstart, command by command.
* `scaling`: 3, `up` of N chains against the floor plus one workload start-up.
* `call_counts`: 4, API calls per command from the server's request log.
* `server_load`: 5, the server alone under keep-alive load.
* `peak_memory`: 6, peak resident memory of each process of `up`.
* `options`: the settings every section takes; `runs`: the life of a stack, the run
  order, the plan checks and the cell formats.
"""

from __future__ import annotations

from bench.figures.call_counts import api_calls
from bench.figures.floor_quickstart import floor_and_quickstart
from bench.figures.options import Options
from bench.figures.peak_memory import memory
from bench.figures.scaling import ScaleCase, scale, scale_cases
from bench.figures.server_load import server_alone

__all__ = [
    "Options",
    "ScaleCase",
    "api_calls",
    "floor_and_quickstart",
    "memory",
    "scale",
    "scale_cases",
    "server_alone",
]
