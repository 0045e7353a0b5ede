"""The spreadsheet route: an .xlsx template for staff who work in Excel, and its import."""
