"""The connection config promote reads per stack: the plugin's own keys win over the
shared ones, as they do for the plugin, so a YAML or TypeScript stack is reached alike."""

from __future__ import annotations

from datarobot_workloads_provider.client.settings import ApiSettings
from datarobot_workloads_provider.promote.command import shared_config


def test_the_plugins_own_keys_win_over_the_shared_ones() -> None:
    config = {
        "datarobot:endpoint": "http://shared/api/v2",
        "datarobot-workloads:endpoint": "http://own/api/v2",
        "datarobot-workloads:dialect": "current",
        "datarobot:apikey": "t",
        "p:artifactVersion": "1",
    }
    settings = ApiSettings.resolve(shared_config(config))
    assert (settings.endpoint, settings.dialect, settings.token) == (
        "http://own/api/v2",
        "current",
        "t",
    )
    assert shared_config({"datarobot:dialect": "older"}) == {"datarobot:dialect": "older"}
