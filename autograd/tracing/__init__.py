"""Tracing: record a function's graph once (``trace``), replay it over numpy batches (a ``Trace``).

Imports: tracing.recording, tracing.program.
"""
from .program import Trace
from .recording import TracedValue, TracingError, trace

__all__ = ["Trace", "TracedValue", "TracingError", "trace"]
