"""Intake: safe readers → raw workbooks → the flat intermediate form (one row per input cell)."""
