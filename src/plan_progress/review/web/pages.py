"""The page's own words in Japanese and English, and the template environment.

Messages about the data come from the rules (`core/messages.py`, the source of docs/rules.md);
only the page's frame is worded here. Every template autoescapes: a cell that holds
`<script>` is shown as those characters."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from jinja2 import Environment, StrictUndefined

from plan_progress.core.messages import RULES, Lang
from plan_progress.core.rules_doc import plain
from plan_progress.review.result import kind_of, kind_title
from plan_progress.review.web.pdf_words import PDF_WORDS
from plan_progress.spreadsheet.locations import Place

WORDS: dict[str, tuple[str, str]] = {
    "app_name": ("計画進捗データの確認", "Plan progress data review"),
    "language_switch": ("English", "日本語"),
    "skip_to_content": ("本文へ移動", "Skip to content"),
    "upload_title": ("入力したデータを確認する", "Check the data you entered"),
    "upload_lead": (
        "Excel の入力用ブックをアップロードすると、直すところがあれば場所（シート・行・列）と直し方を示し、"
        "問題がなければ公開用のデータ（パッケージ）を作ります。",
        "Upload the Excel input workbook: you get every place to fix (sheet, row, column) with"
        " how to fix it, or, when nothing is wrong, the data ready to publish (the package).",
    ),
    "what_to_upload": ("アップロードできるもの", "What you can upload"),
    "form_workbook": (
        "plan-progress template で作った入力用ブック（.xlsx）",
        "The input workbook made by plan-progress template (.xlsx)",
    ),
    "form_csv_zip": (
        "Excel で表ごとに保存した CSV（UTF-8 または Shift_JIS）をまとめた zip（ファイル名は表の名前：plans.csv など）",
        "A zip of the tables saved from Excel as CSV (UTF-8 or Shift_JIS), each named after its"
        " table (plans.csv and so on)",
    ),
    "form_package": (
        "パッケージのフォルダー（datapackage.json のあるフォルダー）の zip",
        "A zip of a package folder (the folder with datapackage.json)",
    ),
    "choose_file": ("ファイルを選ぶ", "Choose a file"),
    "limit_note": ("大きさの上限：{limit}", "Largest file: {limit}"),
    "submit": ("確認する", "Check"),
    "privacy_title": ("ファイルの扱い", "What happens to your file"),
    "privacy": (
        "ファイルはこのサーバーの非公開の一時フォルダーに置き、確認が終わるとすぐ削除します。"
        "確認結果とダウンロード用のファイルは、アップロードしたブラウザーからだけ見られ、{minutes} 分後に削除します"
        "（「結果を削除する」ですぐに削除することもできます）。インターネットには何も送りません。",
        "Your file is kept in a private temporary folder on this server and deleted as soon as"
        " the check ends. The results and downloads can be seen only from the browser that"
        " uploaded the file and are deleted after {minutes} minutes (or at once with “Delete the"
        " results”). Nothing is sent to the internet.",
    ),
    "no_file": ("ファイルを選んでください。", "Choose a file first."),
    "result_title": ("確認結果", "Review results"),
    "uploaded_file": ("確認したファイル", "File checked"),
    "kind_workbook": ("入力用ブック（.xlsx）", "input workbook (.xlsx)"),
    "kind_csv-zip": ("CSV ファイルの zip", "zip of CSV files"),
    "kind_package": ("パッケージの zip", "zipped package"),
    "valid_summary": (
        "問題は見つかりませんでした。公開できる形になっています。",
        "No problems were found: the data is ready to publish.",
    ),
    "invalid_summary": ("直すところが {count} 件あります。", "{count} thing(s) to fix."),
    "warnings_summary": (
        "確認してほしいところ（警告）が {count} 件あります。警告があっても公開はできます。",
        "{count} warning(s) to check; warnings do not stop publishing.",
    ),
    "warnings_title": ("確認するところ", "What to check"),
    "warning": ("警告", "Warning"),
    "summary": ("まとめ", "Summary"),
    "kind": ("種類", "Kind"),
    "count": ("件数", "Count"),
    "problems": ("直すところ", "What to fix"),
    "rule": ("規則", "Rule"),
    "what_rule_says": ("この規則について", "About this rule"),
    "how_to_fix": ("直し方", "How to fix"),
    "place": ("場所", "Place"),
    "sheet": ("シート", "Sheet"),
    "file": ("ファイル", "File"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "value": ("入力された値", "Value as typed"),
    "empty_value": ("（空）", "(empty)"),
    "problem": ("内容", "Problem"),
    "import_first": (
        "シートの読み取りで問題が見つかったため、値の検証はまだ行っていません。"
        "これらを直してからもう一度アップロードしてください。",
        "The sheets could not all be read, so their values have not been checked yet."
        " Fix these, then upload again.",
    ),
    "values_first": (
        "表の形や値の問題があるため、その先の検査（コードの検査数字、表どうしのつながりなど）はまだ行っていません。"
        "直してからもう一度アップロードすると、残りの問題があれば表示されます。",
        "Because of problems in the tables' form or values, the later checks (check digits,"
        " links between tables and so on) have not run yet. Upload again after fixing these"
        " to see any that remain.",
    ),
    "more_total": (
        "ここには {shown} 件まで表示しています。ほかに {count} 件あり、すべては結果の CSV・JSON にあります。",
        "{shown} are listed here; {count} more are not. The results as CSV or JSON list them all.",
    ),
    "more_in_rule": (
        "この規則の問題は、ほかに {count} 件あります（すべては結果の CSV・JSON にあります）。",
        "{count} more of this rule are not listed here (the results as CSV or JSON list them all).",
    ),
    "todo_link": ("やることリスト（印刷用）", "To-do list (for printing)"),
    "todo_title": ("やることリスト", "To-do list"),
    "todo_lead": (
        "直したら □ に印を付けてください。全部直したら、もう一度アップロードして確認します。",
        "Tick each box when it is fixed. When all are done, upload the file again to check it.",
    ),
    "print": ("印刷する", "Print"),
    "colon": ("：", ": "),
    "report_files": ("結果のファイル", "The results as files"),
    "report_csv": ("結果の CSV（Excel 用）", "Results as CSV (for Excel)"),
    "report_json": ("結果の JSON", "Results as JSON"),
    "notes": ("お知らせ", "Notes"),
    "preview": ("公開したときの見え方", "How it will look when published"),
    "preview_lead": (
        "オープンデータのポータルサイトで公開される表（日本語の見出し）と、市民向けの報告ページです。",
        "The tables an open data portal shows (with Japanese headings) and the report page for citizens.",
    ),
    "site_report": ("市民向けの報告ページを開く", "Open the report page for citizens"),
    "site_report_en": ("英語版の報告ページ", "The report page in English"),
    "rows_shown": ("{shown} 行を表示（全 {total} 行）", "{shown} of {total} rows shown"),
    "downloads": ("ダウンロード", "Downloads"),
    "download_package": ("パッケージ（zip）", "The package (zip)"),
    "download_package_note": (
        "公開するデータ一式。題名と説明は仮のものなので、datapackage.json で書き換えてください。",
        "Everything to publish. Its title and description are placeholders: change them in datapackage.json.",
    ),
    "download_package_note_zip": (
        "公開するデータ一式（アップロードしたパッケージに生成ファイルを加えたもの）。",
        "Everything to publish (the uploaded package with its generated files).",
    ),
    "download_release": ("リリース一式（zip）", "The release bundle (zip)"),
    "download_release_note": (
        "ポータルに載せるファイル、チェックサム、カタログ情報（plan-progress release の dist/ と同じ）。",
        "The files for the portal, checksums and catalogue metadata (as plan-progress release writes to dist/).",
    ),
    "download_workbook": ("入力用ブック（.xlsx）", "The input workbook (.xlsx)"),
    "download_workbook_note": (
        "確認したデータを入れた入力用ブック。次に直すときはこのブックから始められます。",
        "The input workbook filled with the checked data: start from it next time.",
    ),
    "delete": ("結果を削除する", "Delete the results"),
    "delete_note": (
        "このサーバーから、この確認結果とダウンロード用のファイルをすぐに削除します。",
        "Removes these results and the downloads from this server now.",
    ),
    "check_another": ("別のファイルを確認する", "Check another file"),
    "deleted": ("確認結果を削除しました。", "The results have been deleted."),
    "error_title": ("ページを表示できません", "The page cannot be shown"),
    "not_found": (
        "この確認結果は見つかりません。期限が切れたか、削除されたか、別のブラウザーでアップロードされたものです。",
        "These results cannot be found: they have expired, been deleted, or were uploaded from another browser.",
    ),
    "csrf": (
        "フォームの有効期限が切れたか、別のページから送られました。このページを開き直して、もう一度アップロードしてください。",
        "The form has expired or was sent from another page. Open the page again and upload once more.",
    ),
    "too_large": (
        "ファイルが大きすぎます（上限 {limit}）。",
        "The file is too large (the limit is {limit}).",
    ),
    "length_required": (
        "送信の大きさが分かりません。ブラウザーのフォームからアップロードしてください。",
        "The request does not say its size. Upload with the page's form.",
    ),
    "bad_host": (
        "このサーバーはこのアドレス（ホスト名）では答えません。",
        "This server does not answer to this address (host name).",
    ),
    "busy": (
        "ただいま確認が混み合っていて、受け付けられません。少し待ってからもう一度アップロードしてください。",
        "Too many checks are waiting now, so this one was not accepted. Please upload again in a moment.",
    ),
    "pending_title": ("確認しています", "Checking your file"),
    "pending_lead": (
        "ファイルを受け付けました。確認が終わると、このページに結果が表示されます（ほかの確認が先に待っていると、少しかかります）。",
        "Your file has been received. The results appear on this page when the check is done"
        " (it takes a little longer when other checks are waiting).",
    ),
    "pending_reload": (
        "結果が出たか確かめる（再読み込み）",
        "See whether the results are ready (reload)",
    ),
    "server_error": (
        "サーバーで予期しないエラーが起きました。もう一度お試しください。",
        "An unexpected error happened on the server. Please try again.",
    ),
    "back_to_start": ("最初のページへ", "Back to the start"),
    "footer": (
        "plan-progress のデータ確認ページ。確認は plan-progress validate と同じ検査です。",
        "The plan-progress data review page; it runs the same checks as plan-progress validate.",
    ),
}

WORDS.update(PDF_WORDS)


class Words:
    """`w.key` (or `w("key", limit=...)`) in one language, for the templates."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __getattr__(self, key: str) -> str:
        if key not in WORDS:
            raise AttributeError(key)  # Jinja probes attributes; a missing word is an error
        pair = WORDS[key]
        return pair[0] if self.lang == "ja" else pair[1]

    def __call__(self, key: str, **values: Any) -> str:
        return getattr(self, key).format(**values)


def place_text(place: Place, lang: Lang) -> str:
    """Where to look, in words: シート「plans」 3行目 C列（全国地方公共団体コード）."""
    if lang == "ja":
        parts = [f"{'シート' if place.sheet else 'ファイル'}「{place.where}」"]
        if place.row is not None:
            parts.append(f"{place.row}行目")
        if place.column:
            parts.append(f"{place.column}列" if place.sheet else f"{place.column}列目")
        text = " ".join(parts)
        return text + (f"（{place.column_title}）" if place.column_title else "")
    parts = [f"{'sheet' if place.sheet else 'file'} {place.where}"]
    if place.row is not None:
        parts.append(f"row {place.row}")
    if place.column:
        parts.append(f"column {place.column}")
    text = ", ".join(parts)
    return text + (f" ({place.column_title})" if place.column_title else "")


def lang_of(value: str | None) -> Lang:
    return "en" if value == "en" else "ja"


def environment(**options: Any) -> Environment:
    options["undefined"] = StrictUndefined
    env = Environment(**options)
    env.globals.update(
        url=reverse,
        plain=plain,
        kind_title=kind_title,
        kind_of=kind_of,
        place_text=place_text,
        rule_warning=lambda rule: RULES[rule].severity == "warning",
    )
    return env
