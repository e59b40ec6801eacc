"""Tracing: record a function's graph once (``trace``), replay it over numpy batches.

Imports: tracing.recording.
"""
from .recording import Trace, TracedValue, TracingError, trace

__all__ = ["Trace", "TracedValue", "TracingError", "trace"]
