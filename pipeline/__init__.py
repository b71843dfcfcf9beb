"""ptn – báo cáo kết quả thực hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn.

Data flows one way: catalog → templates → intake → checks → consolidation → writers.
See docs/ARCHITECTURE.md.
"""

__version__ = "0.1.0"
