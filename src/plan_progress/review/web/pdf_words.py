"""The page's words for a PDF upload (the drafted cells beside their crops), in Japanese and
English: data a translator edits, merged into `pages.WORDS`."""

from __future__ import annotations

PDF_WORDS: dict[str, tuple[str, str]] = {
    "form_pdf": (
        "文字を選べる PDF の報告書（plan-progress transcribe で下書きを作ります。スキャンした画像だけの PDF は読めません）",
        "A report as a PDF with selectable text (drafted by plan-progress transcribe; a scanned"
        " PDF of images only cannot be read)",
    ),
    "kind_pdf": ("PDF の報告書（下書き）", "PDF report (draft)"),
    "kind_draft": ("PDF から作った下書き（直したもの）", "draft from a PDF (corrected)"),
    "cells_title": ("PDF から読み取った下書き", "The draft read from the PDF"),
    "cells_lead": (
        "読み取ったセルごとに、PDF のその場所の画像を並べています。画像と見比べて、違っていれば文字を直し、"
        "「直した下書きを確認する」を押してください。直した下書きを確認し直し、"
        "問題がなければ入力用ブックとパッケージをダウンロードできます。",
        "Each cell read is shown beside the image of its place in the PDF. Compare them, correct"
        " any text that differs, then press “Check the corrected draft”: the corrected draft is"
        " checked again and, when nothing is wrong, the workbook and the package can be"
        " downloaded.",
    ),
    "cells_count": (
        "{count} 個のセルを読み取りました。",
        "{count} cell(s) were read.",
    ),
    "cells_more": (
        "セルが多いため、最初の {shown} 個だけを示しています（全 {count} 個）。残りは下書きのままです。",
        "Only the first {shown} of {count} cells are shown; the rest stay as drafted.",
    ),
    "cell_where": (
        "{page} ページ・表「{table}」{row} 行目・列「{column}」",
        "page {page}, table {table}, row {row}, column {column}",
    ),
    "cell_image_alt": (
        "PDF の {page} ページ、表「{table}」{row} 行目・列「{column}」のセルの画像",
        "Image of page {page} of the PDF: table {table}, row {row}, column {column}",
    ),
    "cell_text": ("読み取った文字（直せます）", "Text read (you can correct it)"),
    "cells_submit": ("直した下書きを確認する", "Check the corrected draft"),
    "cells_none": (
        "文字として読み取れたセルはありません。",
        "No cell could be read as text.",
    ),
    "draft_title": ("下書きのダウンロード", "Download the draft"),
    "draft_lead": (
        "PDF に印刷されていない項目（主体の種類など）は空のままです。上の確認結果で直すところを見て、"
        "入力用ブックで入力してから、もう一度アップロードしてください。",
        "What the PDF does not print (such as the kind of each actor) is left empty. See what to"
        " fix in the results above, fill it in in the input workbook, then upload it again.",
    ),
    "download_draft_workbook": (
        "下書きの入力用ブック（.xlsx）",
        "The draft as the input workbook (.xlsx)",
    ),
    "download_draft": (
        "下書きのパッケージ（zip、ページと位置の記録つき）",
        "The draft package (zip, with each cell's page and place)",
    ),
}
