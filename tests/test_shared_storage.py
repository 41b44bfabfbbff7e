"""Several hosts, one bucket: two workers and the API, each with its own data folder, share S3 storage."""

from __future__ import annotations

from pathlib import Path

import boto3
import httpx
import pytest

from service.storage import sha256_of
from tests.audio import decoded_seconds
from tests.conftest import Accounts, Processes
from tests.reliability.flows import wait_job
from tests.workers.test_tasks import ARTICLE


@pytest.mark.slow
def test_render_on_two_hosts_with_audio_in_s3(processes: Processes, redis_url: str, s3_env: dict[str, str],
                                              tmp_path: Path, accounts: Accounts) -> None:
    auth = accounts.headers("editor")
    from service.settings import get_settings

    # The hosts share what a deployment shares: the database, the broker and the bucket.
    processes.env.update({**s3_env, "BANTIN_BROKER_URL": redis_url, "BANTIN_DATABASE_URL": get_settings().database_url})
    for host in ("alpha", "beta"):  # nothing on disk is shared between these two
        processes.env["BANTIN_DATA_DIR"] = str(tmp_path / host)
        processes.worker(host)
    processes.env["BANTIN_DATA_DIR"] = str(tmp_path / "api-host")
    base = processes.api()

    article = httpx.post(f"{base}/api/v1/articles", json={"text": ARTICLE}, timeout=30, headers=auth).json()
    queued = httpx.post(f"{base}/api/v1/articles/{article['id']}/render", timeout=30, headers=auth).json()
    job = wait_job(base, queued["job_id"], auth, timeout=180)
    assert job["state"] == "done", job

    audio = httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}/audio", timeout=30, headers=auth)
    assert audio.status_code == 200
    mp3 = tmp_path / "programme.mp3"
    mp3.write_bytes(audio.content)
    assert audio.headers["x-content-sha256"] == sha256_of(mp3)
    assert decoded_seconds(mp3) > 20

    s3 = boto3.client("s3", endpoint_url=s3_env["BANTIN_S3_ENDPOINT_URL"], region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    names = [o["Key"] for o in s3.list_objects_v2(Bucket=s3_env["BANTIN_S3_BUCKET"]).get("Contents", [])]
    assert any(n.startswith(f"programmes/{queued['job_id']}-") and n.endswith(".mp3") for n in names)
    assert any(n.startswith("cache/espeak/") for n in names)
    # No host wrote audio to its own audio folder: storage is the bucket.
    assert not any((tmp_path / host / "audio").exists() for host in ("alpha", "beta", "api-host"))
