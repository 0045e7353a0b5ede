"""The data review page: a municipality's staff upload the workbook (or a zip of CSV files, or a
zipped package), read in Japanese what is wrong and where, and download the package.

`run.run_review` is the whole review as a function (no web involved); the web application
(Django, `app/`) stores each review in a private folder and shows it."""
