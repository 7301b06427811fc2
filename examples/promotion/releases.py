"""List or prune the registered versions of an artifact: they outlive the stacks on purpose.

The dev stack retains a registered artifact when it replaces or destroys it, because prod
may still run that version and a rollback needs it. So no `pulumi destroy` deletes a
release; deleting old ones is this separate, deliberate step:

    python releases.py list churn-model
    python releases.py prune churn-model --keep 2   # delete unused versions but the 2 newest

`prune` deletes registered versions only (a draft belongs to the stack that made it), and
never one a workload runs (the API would refuse anyway). It reads
DATAROBOT_ENDPOINT, DATAROBOT_API_TOKEN and DATAROBOT_API_DIALECT, like the provider does
without stack config. The current dialect lists locked versions alike, but deletes a
locked version only with its whole artifact repository, so `prune` there says so and
deletes nothing.
"""

from __future__ import annotations

import argparse
import sys

from datarobot_workloads_provider.client import ApiError, ApiSettings, WorkloadApi, models
from datarobot_workloads_provider.client.dialects import open_api
from datarobot_workloads_provider.client.settings import OLDER

FROZEN = ("registered", "locked")


def versions(api: WorkloadApi, name: str) -> list[models.Artifact]:
    """Every artifact with exactly this name (search also matches longer names), newest first."""
    found = [a for a in api.list_artifacts(search=name) if a.name == name]
    return sorted(found, key=lambda a: a.version or 0, reverse=True)


def in_use(api: WorkloadApi) -> set[str]:
    """IDs of the artifacts some workload runs: those must stay."""
    return {w.artifact_id for w in api.list_workloads() if w.artifact_id}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("list", "prune"))
    parser.add_argument("name", help="the artifact name (config artifactName)")
    parser.add_argument(
        "--keep", type=int, default=0, help="prune: also keep this many newest registered versions"
    )
    args = parser.parse_args(argv)
    settings = ApiSettings.resolve()
    if not settings.token:
        parser.error("set DATAROBOT_API_TOKEN (and DATAROBOT_ENDPOINT)")
    api = open_api(settings)
    try:
        artifacts = versions(api, args.name)
        used = in_use(api)
        if args.action == "list":
            for a in artifacts:
                note = "in use" if a.id in used else "unused"
                print(f"{a.id}  {a.status:<10}  version {a.version}  {note}")
            return 0
        if settings.dialect != OLDER:
            repositories = sorted({a.artifact_repository_id or "?" for a in artifacts})
            print(
                "the current dialect deletes a locked version only with its artifact "
                f"repository ({', '.join(repositories)}), every version at once: nothing "
                "pruned",
                file=sys.stderr,
            )
            return 2
        # Drafts are not releases: a stack owns each one and deletes it itself.
        registered = [a for a in artifacts if a.status in FROZEN]
        kept = {a.id for a in registered[: args.keep]}
        failed = 0
        for a in registered:
            if a.id in used or a.id in kept:
                print(f"keeping  {a.id} (version {a.version})")
                continue
            try:
                api.delete_artifact(a.id)
                print(f"deleted  {a.id} (version {a.version})")
            except ApiError as error:
                failed += 1
                print(f"failed   {a.id} (version {a.version}): {error}", file=sys.stderr)
        return 1 if failed else 0
    finally:
        api.close()


if __name__ == "__main__":
    sys.exit(main())
