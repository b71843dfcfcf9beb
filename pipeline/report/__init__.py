"""The yearly Word report (ND 30/2020/NĐ-CP), rendered from the run manifest alone.

- :mod:`.template_builder` writes ``templates/report.docx`` (``scripts/build_report_template.py``)
  from the ND 30 building blocks of :mod:`.nd30` (shared with the letters and the five-year review);
- :mod:`.context` turns a :class:`~pipeline.manifest.Manifest` + catalog variant into the context;
- :mod:`.render` renders it (``render_report``), :mod:`.lint` checks an edited template,
  :mod:`.charts` draws the optional chart appendix.
"""

from pipeline.report.render import render_report, report_filename

__all__ = ["render_report", "report_filename"]
