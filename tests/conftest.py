"""Hypothesis profiles: the full search for `make test`, a short one for `make quick`
(selected with --hypothesis-profile=quick). Derandomized in both, so CI cannot flake."""
from hypothesis import settings

settings.register_profile("full", max_examples=500, derandomize=True, deadline=None)
settings.register_profile("quick", max_examples=20, derandomize=True, deadline=None)
settings.load_profile("full")
