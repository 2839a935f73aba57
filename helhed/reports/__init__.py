# SPDX-License-Identifier: MPL-2.0
"""Documents: one model of a report (title, sections, paragraphs, tables, charts) and its
renderings as an HTML fragment, PDF (WeasyPrint), DOCX (python-docx) and XLSX (openpyxl).
The apps that make reports build a Document; this app knows nothing of their data."""
