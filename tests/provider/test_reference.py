"""docs/reference is what the definitions render: a changed resource, input, output,
lookup or config key without regenerated pages fails here, naming the command to run."""

from __future__ import annotations

from pathlib import Path

from datarobot_workloads_provider import definitions, lookups, reference

from tests.support.engine import REPO

ROOT = REPO / "docs" / "reference"
REGENERATE = "python -m datarobot_workloads_provider.reference"


def test_reference_pages_are_current() -> None:
    stale = reference.stale(ROOT)
    assert stale == [], f"stale reference pages {stale}: run `{REGENERATE}`"


def test_a_page_per_resource_and_per_function_with_three_languages() -> None:
    pages = reference.render_pages()
    expected = {f"resources/{r.type_name.lower()}.md" for r in definitions.RESOURCES}
    expected |= {f"functions/{lookup.name}.md" for lookup in lookups.LOOKUPS}
    assert expected <= set(pages)
    for path in expected:
        for fence in ("```python", "```typescript", "```yaml"):
            assert fence in pages[path], (path, fence)
    workload = pages["resources/workload.md"]
    assert (
        "| `artifact_id` / `artifactId` | string | yes |  "
        "| replaces in the older dialect; in place in the current one |"
    ) in workload
    deployment = pages["resources/deployment.md"]
    assert "| `workload_id` / `workloadId` | string | yes |  | replaces |" in deployment
    assert "| `desired_status` / `desiredStatus` | string: running, stopped |" in workload


def test_the_check_notices_an_edit_and_a_left_over_page(tmp_path: Path) -> None:
    reference.write(tmp_path)
    assert reference.stale(tmp_path) == []
    page = tmp_path / "resources" / "artifact.md"
    page.write_text(page.read_text() + "edited\n")
    (tmp_path / "functions" / "getNothing.md").write_text("old\n")
    assert reference.stale(tmp_path) == ["functions/getNothing.md", "resources/artifact.md"]
    assert reference.main(["--root", str(tmp_path), "--check"]) == 1
    reference.write(tmp_path)
    assert reference.stale(tmp_path) == []
