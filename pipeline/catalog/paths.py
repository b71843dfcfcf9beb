"""Where the plan catalog is by default (kept apart from the loader: the command line names it in
its help without loading anything)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_PLAN = Path("plans") / "kh-253-2021-2025.yaml"
