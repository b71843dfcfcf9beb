"""Sơ kết: the five-year review of the plan (KH 253 mục II.5, IV.1 đ), built from the yearly runs.

``ptn so-ket [--from 2021] [--to 2025]``:

* :mod:`.sources` – each year's manifest ``outputs/<Y>/run-<Y>.json``, re-run (``ptn run``) only when
  missing, unreadable, or older than its inputs or the catalog; a year that needs nothing is not read;
* :mod:`.frames` – the multi-year tables (pandas): target series, units × years, lũy kế, reporting
  discipline; :mod:`.commendation` – the proposals of the last year's forms and the units the data
  suggest (on time every year, targets met), for the Sở to confirm;
* :mod:`.workbook` – ``so-ket-<từ>-<đến>.xlsx``; :mod:`.report` – the Word report in both variants
  (phrases ``templates/cau-chu-so-ket.txt``, template ``templates/bao-cao-so-ket.docx``);
  :mod:`.submission` – its tờ trình; :mod:`.build` – the whole set, published at once.

Every figure comes from a yearly manifest (each counted by its own date in that year's reporting
period); the review's own record ``so-ket-<từ>-<đến>.json`` names the manifests and their SHA-256.
"""
