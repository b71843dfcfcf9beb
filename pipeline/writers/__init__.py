"""Writers of the run's outputs: workbook, feedback forms, reminder list, manifest – all atomic."""
