"""A stand-in analyser for the analysis-service tests, imported inside the worker processes.

The text says what to do, so a test controls the worker without the model:
``sleep:N`` sleeps N seconds (a slow or runaway analysis), ``raise`` raises
(an analyser bug), ``exit`` ends the process (a crash); anything else answers
at once. Every answer carries the worker's pid, so a test can check that a
killed worker is really gone and its successor is another process.
"""
from __future__ import annotations

import os
import time


def analyze(article) -> dict:
    text = article.text
    if text.startswith("sleep:"):
        time.sleep(float(text.split(":", 1)[1]))
    elif text == "raise":
        raise ValueError("the fake analyser was asked to fail")
    elif text == "exit":
        os._exit(3)
    return {"id": article.id, "text": text, "pid": os.getpid()}
