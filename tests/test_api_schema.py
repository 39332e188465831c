"""Schemathesis against the real server: requests generated from /openapi.json (valid and invalid ones)
must never get a 5xx, and every status they get must be one the document declares for that operation.

Real HTTP on 127.0.0.1 over the fixture store; a fixed seed (hypothesis ``derandomize``) and a bounded
number of examples per operation keep the run repeatable and short. ``POST /analyze`` runs the real
analyser (or answers a documented 503 without the model) with a few examples only: analyses are slow.
``POST /api/ingest`` is left out: it stores what it is sent, and its tests are its own.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from kroniek.api import create_app
from test_api_fixture import build_db, serve

CHECKS = [not_a_server_error, status_code_conformance]
SETTINGS = dict(derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("schema") / "fixture.duckdb")
    with serve(db) as base:
        yield base


# The document the server serves (create_app builds it without a store). It is loaded here rather than
# from the live server's /openapi.json through schemathesis.pytest.from_fixture, which does not work
# with this pytest (it sets the removed Node._nodeid); the requests still go to the live server.
schema = schemathesis.openapi.from_dict(create_app(None).openapi())


@schema.include(method="GET").parametrize()
@settings(max_examples=30, **SETTINGS)
def test_read_routes_answer_only_documented_statuses(case, base_url):
    case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=30)


@schema.include(method="POST", path="/analyze").parametrize()
@settings(max_examples=6, **SETTINGS)
def test_analyze_answers_only_documented_statuses(case, base_url):
    case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=60)
