"""Checks: named rules over read workbooks, each finding from the one message catalogue."""
