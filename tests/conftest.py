"""Shared test settings.

Hypothesis runs a fixed, derandomised number of examples so that a test run is
repeatable and its time predictable on a shared machine; ``HYPOTHESIS_PROFILE=dev``
explores more.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
