"""The letters around the yearly report (ND 30/2020/NĐ-CP), from the same data as the report.

* :mod:`.request` – đề nghị báo cáo / đề nghị phối hợp of a year (catalog only, with the forms);
* :mod:`.followup` – đôn đốc and đề nghị bổ sung, hoàn thiện after a run (who owes what: the manifest's
  ``owing`` and ``followup_due``, computed once by :mod:`pipeline.consolidate.owing`);
* :mod:`.submission` – the tờ trình to UBND tỉnh (reusable for any draft UBND tỉnh is to sign);
* :mod:`.meta` – header, ký hiệu, Kính gửi, Nơi nhận, signer from the catalog (``plan.letters``);
* :mod:`.phrases` – the sentence patterns (``templates/cau-chu-cong-van.txt``, ``cau-chu-to-trinh.txt``);
* :mod:`.template_builder`, :mod:`.render`, :mod:`.lint` – the Word templates (built from the
  report's ND 30 blocks), rendering, checks of edited copies;
* :mod:`.outputs` – the files each step writes (``outputs/<Y>/cong-van/``, ``phan-hoi/<UNIT>.docx``).
"""

from pipeline.letters.outputs import (
    letter_path,
    write_corrections,
    write_reminder,
    write_requests,
    write_run_letters,
    write_submission,
)

__all__ = [
    "letter_path",
    "write_corrections",
    "write_reminder",
    "write_requests",
    "write_run_letters",
    "write_submission",
]
