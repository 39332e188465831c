import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "kroniek" / "models" / "nl_kroniek"
SHARED = ROOT.parent / "shared"

# One thread per test process: the machine has two cores and tests run beside other work.
os.environ.setdefault("OMP_NUM_THREADS", "1")

needs_model = pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="trained model not present")


@pytest.fixture(scope="session")
def nlp():
    if not (MODEL / "meta.json").exists():
        pytest.skip("trained model not present")
    from kroniek.nlp import pipeline

    return pipeline.load("nl")


from volume_store import volume_store, volume_url  # noqa: E402,F401  (session fixtures: the 200+-article store)
