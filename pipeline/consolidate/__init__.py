"""Consolidation: receipt times, completeness and timeliness, aggregation of targets (DOMAIN §5)."""
