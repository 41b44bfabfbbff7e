#!/usr/bin/env bash
# `make compose-test`: build the stand-ins, run tests/compose on the running Docker engine, then remove what the
# stack made whatever the test did (its fixture already tries) and fail if any container, network or volume of it
# is left. The stand-in images and their Debian base stay in the engine for the next run.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.venv/bin}
PROJECT=bantinsmoke  # as in test_compose.py

compose() {  # the key only satisfies the compose file's required variable; nothing is started with it
  BANTIN_CREDENTIALS_KEY=unused "$BIN/docker-compose" -p "$PROJECT" -f docker-compose.yml \
    -f tests/compose/docker-compose.test.yml "$@"
}

docker info >/dev/null 2>&1 || { echo "compose-test needs a running Docker engine (dockerd)" >&2; exit 1; }
volumes_before=$(docker volume ls -q | sort)
bash tests/compose/standins.sh || exit 1

BANTIN_COMPOSE_TEST=1 "$BIN/python" -m pytest -q -p no:cacheprovider -s tests/compose ${PYTEST_ARGS:-}
status=$?

compose down -v --remove-orphans >/dev/null 2>&1
docker image rm -f bantin:latest >/dev/null 2>&1
docker image prune -f >/dev/null
docker builder prune -af >/dev/null 2>&1 || true  # the bantin image's build cache: each commit changes its sources
label="label=com.docker.compose.project=$PROJECT"
containers=$(docker ps -aq --filter "$label")
networks=$(docker network ls -q --filter "$label")
volumes=$(comm -13 <(echo "$volumes_before") <(docker volume ls -q | sort))
if [ -n "$containers$networks$volumes" ]; then
  echo "compose-test left behind: containers [$containers] networks [$networks] volumes [$volumes]" >&2
  [ -z "$containers" ] || docker rm -f $containers >/dev/null
  [ -z "$networks" ] || docker network rm $networks >/dev/null
  [ -z "$volumes" ] || docker volume rm $volumes >/dev/null
  status=1
fi
exit $status
