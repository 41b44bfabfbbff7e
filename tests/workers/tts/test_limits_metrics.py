"""/metrics shows each network engine's current rate and any breaker that is not closed, as Redis has them."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families


def samples() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    from service.metrics import exposition

    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(exposition().decode()) for s in family.samples}


@pytest.mark.parametrize("shared", [True, False])
def test_metrics_show_rate_and_breaker_per_engine(shared: bool, settings_env: dict[str, str],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  request: pytest.FixtureRequest) -> None:
    from service.settings import get_settings
    from tests.conftest import _clear_caches
    from workers.tts.limits import breaker, rate_limiter

    if shared:
        monkeypatch.setenv("BANTIN_REDIS_URL", request.getfixturevalue("redis_url"))
    monkeypatch.setenv("BANTIN_TTS_RATE_RECOVERY_S", "3600")
    _clear_caches()
    settings = get_settings()
    for engine in ("gtts", "fpt"):  # any network engine, by name
        rate_limiter(settings, engine, 8.0, 8).acquire()
    rate_limiter(settings, "gtts", 8.0, 8).feedback("throttled")
    breaker(settings, "fpt").trip("cannot reach api.fpt.ai")
    found = samples()
    assert found[("bantin_tts_rate_per_s", (("engine", "gtts"),))] == pytest.approx(4.0, abs=0.01)
    assert found[("bantin_tts_rate_per_s", (("engine", "fpt"),))] == 8.0
    assert found[("bantin_tts_breaker_open", (("engine", "fpt"), ("state", "open")))] == 1.0
    assert not any(name == "bantin_tts_breaker_open" and dict(labels)["engine"] == "gtts" for name, labels in found)
