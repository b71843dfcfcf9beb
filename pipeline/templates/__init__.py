"""Standard Excel templates per unit and year (docs/FORM-LAYOUT.md)."""
