"""Stable rule ids and their messages in Japanese and English.

A rule id never changes meaning once published; messages may be reworded. Each message
says what is wrong; `fix` says how to mend it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    ja: str
    en: str
    fix_ja: str = ""
    fix_en: str = ""
    # A warning is printed but does not make the package invalid (exit code stays 0).
    severity: Severity = "error"

    def text(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en

    def fix(self, lang: Lang) -> str:
        return self.fix_ja if lang == "ja" else self.fix_en


RULES: dict[str, Rule] = {
    "package.not-found": Rule(
        "datapackage.json が見つかりません。",
        "datapackage.json was not found.",
        "パッケージのディレクトリを指定してください（plan-progress new で作成できます）。",
        "Give the package directory (plan-progress new creates one).",
    ),
    "package.descriptor": Rule(
        "datapackage.json の記述が正しくありません：{detail_ja}",
        "datapackage.json is not a valid descriptor: {detail}",
        "Data Package v2 の仕様に合わせて修正してください。",
        "Correct it to the Data Package v2 specification.",
    ),
    "package.resource-missing": Rule(
        "datapackage.json にリソース「{resource}」がありません。",
        "datapackage.json has no resource named {resource}.",
        "標準のリソース一覧に合わせて追加してください。",
        "Add it as in the standard's list of resources.",
    ),
    "package.table-schema": Rule(
        "リソース「{resource}」の Table Schema が標準（と宣言されたプロファイル）と一致しません：{detail}",
        "The Table Schema of resource {resource} differs from the standard's (with the declared profiles): {detail}",
        "標準の schema/tables/ の定義をそのまま使い、独自の列はプロファイルで宣言してください。",
        "Use the standard's definition from schema/tables/ and declare your own columns in a profile.",
    ),
    "package.standard-version": Rule(
        "このパッケージは標準の {value} 版のものです（このツールは {version} 版）。",
        "This package follows version {value} of the standard (this tool: {version}).",
        "旧版なら plan-progress migrate {dir} で更新し（docs/migration-0.3.md）、新しい版なら plan-progress を更新してください。",
        "For an older version run: plan-progress migrate {dir} (docs/migration-0.3.md);"
        " for a newer one, update plan-progress.",
    ),
    "package.shape": Rule(
        "datapackage.json のこの位置の形が正しくありません：{expected_ja}。",
        "datapackage.json has an unexpected shape at this place: it {expected_en}.",
        "Data Package v2 と標準のリソース一覧（schema/resources.json）に合わせてください。",
        "Follow Data Package v2 and the standard's list of resources (schema/resources.json).",
    ),
    "path.outside-package": Rule(
        "パス「{path}」はパッケージの外を指しています（絶対パス・.. は使えません）。読み書きしません。",
        "The path {path} points outside the package (absolute paths and .. are not allowed); it is neither read nor written.",
        "パッケージのディレクトリからの相対パス（例 data/reports.csv）にしてください。",
        "Use a path relative to the package directory (e.g. data/reports.csv).",
    ),
    "path.link-outside": Rule(
        "「{path}」はシンボリックリンクを通じてパッケージの外を指しています。読み書きしません。",
        "{path} leads outside the package through a symbolic link; it is neither read nor written.",
        "リンクではなく、ファイルそのものをパッケージの中に置いてください。",
        "Put the file itself inside the package instead of a link.",
    ),
    "path.too-long": Rule(
        "パス「{path}」が長すぎます（名前ひとつは 255 バイトまで、パッケージの中のパスは全体で 1024 バイトまで）。読み書きしません。",
        "The path {path} is too long (at most 255 bytes per name, and 1024 bytes in all inside a package); it is neither read nor written.",
        "data/reports.csv のような短い相対パスにしてください。",
        "Use a short relative path such as data/reports.csv.",
    ),
    "path.remote": Rule(
        "「{path}」は URL または $ref です。ネットワークからは何も取得しません。",
        "{path} is a URL or a $ref; nothing is fetched from the network.",
        "ファイルをパッケージの中に置いて相対パスで指定し、Table Schema と dialect は datapackage.json に直接書いてください。",
        "Put the file inside the package and give its relative path; write Table Schemas and dialects inline in datapackage.json.",
    ),
    "path.shared": Rule(
        "パス「{path}」は {other} と同じファイルです（生成ファイルが他のファイルを上書きしてしまいます）。",
        "The path {path} is the same file as {other} (a generated file would overwrite another file).",
        "リソースごとに別のファイルを指定してください。",
        "Give each resource a file of its own.",
    ),
    "path.not-a-file": Rule(
        "「{path}」は通常のファイルではありません（ディレクトリ・FIFO・デバイスなど）。読み込みません。",
        "{path} is not a regular file (a directory, FIFO or device); it is not read.",
        "ここには通常のファイルを置いてください。",
        "Put a regular file here.",
    ),
    "limit.file-size": Rule(
        "ファイルが大きすぎます（{size}、上限 {limit}）。読み込みません。",
        "The file is too large ({size}; the limit is {limit}); it is not read.",
        "上限は README と docs/security.md にあります。表を分けるか、誤って入った内容を除いてください。",
        "The limits are listed in README.md and docs/security.md; split the table or remove what got in by mistake.",
    ),
    "limit.rows": Rule(
        "行が多すぎます（上限 {limit} 行）。",
        "There are too many rows (the limit is {limit}).",
        "上限は README と docs/security.md にあります。誤って入った行がないか確認してください。",
        "The limits are listed in README.md and docs/security.md; check for rows added by mistake.",
    ),
    "limit.cell-size": Rule(
        "セルが長すぎます（上限 {limit} 文字：Excel の1セルの上限）。",
        "The cell is too long (the limit is {limit} characters, Excel's limit for a cell).",
        "誤って貼り付けた内容がないか確認してください。",
        "Check for text pasted by mistake.",
    ),
    "limit.json-nesting": Rule(
        "JSON の入れ子が深すぎます（上限 {limit} 段）。読み込みません。",
        "The JSON nests too deeply (the limit is {limit} levels); it is not read.",
        "Data Package v2 の形に合わせてください。",
        "Follow the Data Package v2 structure.",
    ),
    "limit.workbook-size": Rule(
        "ブックを展開すると大きすぎます（{size}、上限 {limit}）。読み込みません。",
        "The workbook is too large once unzipped ({size}; the limit is {limit}); it is not read.",
        "plan-progress template で作ったブックに値だけを入れ直してください。",
        "Copy the values into a workbook made by plan-progress template.",
    ),
    "limit.xml-entity": Rule(
        "ブックの XML に DTD（実体宣言）があります。Excel は書かないもので、展開攻撃の恐れがあるため読みません。",
        "The workbook's XML declares a DTD or entities, which Excel never writes and which can expand without bound; it is not read.",
        "Excel で開いて保存し直すか、plan-progress template のブックに値を入れ直してください。",
        "Open and save it again in Excel, or copy the values into a template workbook.",
    ),
    "limit.compression": Rule(
        "ブックの部品「{part}」の圧縮率が高すぎます（{ratio} 倍、上限 {limit} 倍）。展開攻撃の恐れがあるため読みません。",
        "The workbook's part {part} is compressed too much ({ratio} to 1; the limit is {limit} to 1), as a zip bomb is; it is not read.",
        "plan-progress template で作ったブックに値だけを入れ直してください。",
        "Copy the values into a workbook made by plan-progress template.",
    ),
    "limit.shared-strings": Rule(
        "ブックの共有文字列（{part}）が多すぎます（上限 {limit} 個）。読みません。",
        "The workbook has too many shared strings in {part} (the limit is {limit}); it is not read.",
        "plan-progress template で作ったブックに値だけを入れ直すか、表を分けてください。",
        "Copy the values into a workbook made by plan-progress template, or split the table.",
    ),
    "limit.columns": Rule(
        "セル {cell} に値がありますが、この表の列は {last} 列まで（表の {columns} 列と追加の {extra} 列）です。それより右は読みません。",
        "Cell {cell} holds a value, but this table's columns end at column {last} (its {columns} columns and {extra} more); nothing further right is read.",
        "表の外に入力した値を削除するか、別のシート・ファイルに移してください。",
        "Delete the values typed outside the table, or move them to another sheet or file.",
    ),
    "io.write": Rule(
        "書き込めません：{detail}。何も変更していません（前のファイルはそのままです）。",
        "Cannot write: {detail}. Nothing was changed (the previous files are left as they were).",
        "空き容量、書き込み権限、同じ名前のディレクトリがないかを確認してください。",
        "Check free space, permissions, and that no directory has the file's name.",
    ),
    "internal.error": Rule(
        "予期しない内部エラーです（{error}）。",
        "Unexpected internal error ({error}).",
        "--debug を付けて再実行し、その出力を添えて報告してください。",
        "Please report with --debug output (run the same command again with --debug).",
    ),
    "profile.invalid": Rule(
        "拡張プロファイルが正しくありません：{detail}",
        "The extension profile is not valid: {detail}",
        "docs/profiles.md の書き方に合わせて修正してください。",
        "Correct it as described in docs/profiles.md.",
    ),
    "table.source": Rule(
        "ファイルを読み込めません：{detail_ja}",
        "The file cannot be read: {detail}",
        "UTF-8 の CSV として保存し直してください。",
        "Save it again as a UTF-8 CSV file.",
    ),
    "table.header": Rule(
        "見出し行が表の定義と一致しません：{detail_ja}",
        "The header row does not match the table's schema: {detail}",
        "見出し行を datapackage.json の列名（英字）に合わせてください。",
        "Make the header row match the column names in datapackage.json.",
    ),
    "table.missing-cell": Rule(
        'この行はセルが足りません（引用符 " の閉じ忘れも考えられます）。',
        'This row has too few cells (an unclosed quote " can cause this).',
        "列の数と引用符の対応を確認してください。",
        "Check the number of cells and that every quote is closed.",
    ),
    "table.extra-cell": Rule(
        "この行はセルが多すぎます（値の中のカンマを引用符で囲んでいない可能性があります）。",
        "This row has too many cells (a comma inside a value may lack quotes).",
        'カンマを含む値は "…" で囲んでください。',
        'Put values that contain commas inside "…".',
    ),
    "table.blank-row": Rule(
        "空の行があります。",
        "The row is blank.",
        "空の行を削除してください。",
        "Delete the blank row.",
    ),
    "table.type": Rule(
        "「{value}」は {type} 型として読めません。",
        "{value} is not a valid {type}.",
        "値の書式を確認してください（数値は半角数字、日付は YYYY-MM-DD）。",
        "Check its form (numbers in ASCII digits, dates as YYYY-MM-DD).",
    ),
    "table.required": Rule(
        "必須の値が空です。",
        "A required value is empty.",
        "値を入力してください。",
        "Fill in the value.",
    ),
    "table.enum": Rule(
        "「{value}」はコード表にない値です（使える値：{allowed}）。",
        "{value} is not in the codelist (allowed: {allowed}).",
        "コード表の値から選んでください。",
        "Choose one of the codelist's codes.",
    ),
    "table.pattern": Rule(
        "「{value}」は決められた書式（{pattern}）に合いません。",
        "{value} does not match the required form ({pattern}).",
        "ID は英小文字・数字・ハイフン、コードは半角数字、URL は http:// か https:// で始めて"
        "入力してください。評価の記号（A、◎ など）は「.」「..」だけにはできず、/ \\ ? # と"
        "制御文字は使えません（記号は IRI の一部になるため）。",
        "Use lower-case letters, digits and hyphens for ids, ASCII digits for codes, and"
        " http:// or https:// for addresses. A grade level's code (A, ◎, ...) cannot be just"
        " `.` or `..` and cannot hold / \\ ? # or control characters (it becomes part of an IRI).",
    ),
    "table.constraint": Rule(
        "「{value}」は制約（{constraint}）を満たしません。",
        "{value} breaks the constraint {constraint}.",
        "datapackage.json の制約を確認してください。",
        "See the constraint in datapackage.json.",
    ),
    "table.primary-key": Rule(
        "ID「{value}」が重複しています。",
        "The id {value} is used more than once.",
        "各行に別の ID を付けてください。",
        "Give every row its own id.",
    ),
    "table.unique": Rule(
        "値の組「{value}」が重複しています。",
        "The combination {value} appears more than once.",
        "重複した行を削除するか、番号を直してください。",
        "Delete the duplicate or correct its number.",
    ),
    "table.foreign-key": Rule(
        "参照先「{value}」が {target} にありません。",
        "{value} does not exist in {target}.",
        "参照先の表に行を追加するか、ID の綴りを直してください。",
        "Add the row to the referenced table or correct the id.",
    ),
    "text.not-nfc": Rule(
        "文字列が Unicode 正規化形式 NFC ではありません。",
        "The text is not in Unicode normalization form NFC.",
        "NFC に正規化して保存してください（NFKC は使わないでください）。",
        "Normalise it to NFC (never NFKC) and save again.",
    ),
    "text.whitespace": Rule(
        "文字列の先頭・末尾、または改行の前後に空白があります（PDF の折り返しの名残の可能性）。",
        "The text has spaces at its start or end or around a line break (a PDF wrap artifact?).",
        "余分な空白を削除してください。段落の区切りは改行一つです。",
        "Delete the extra spaces; a paragraph break is a single line break.",
    ),
    "text.control-character": Rule(
        "文字列に制御文字（タブ・CR など）が含まれています。",
        "The text contains a control character (tab, CR, ...).",
        "段落の区切りには改行（LF）だけを使ってください。",
        "Use only line feeds (LF) between paragraphs.",
    ),
    "text.invisible-character": Rule(
        "目に見えない文字・制御文字 {char}（{name}）が {position} 文字目にあります。",
        "The invisible or control character {char} ({name}) is at character {position}.",
        "その文字を削除してください（段落の区切りは改行 LF だけです）。",
        "Delete it (a paragraph break is a single line feed).",
    ),
    "text.private-use": Rule(
        "私用領域の文字（外字）{char} が {position} 文字目にあります。他の環境では正しく表示されません。",
        "The private-use character {char} is at character {position}; other systems show it differently or not at all.",
        "標準の文字に置き換えてください（異体字は異体字セレクタで表せます）。",
        "Replace it with a standard character (variant forms can use a variation selector).",
    ),
    "text.unassigned": Rule(
        "Unicode で割り当てられていない符号位置 {char} が {position} 文字目にあります。",
        "The code point {char} at character {position} is not assigned in Unicode.",
        "文字化けの可能性があります。資料のとおりの文字に直してください。",
        "It is probably garbled; correct it to the character the source prints.",
    ),
    "text.stray-combining-mark": Rule(
        "結合文字 {char}（{name}）が {position} 文字目で、結び付く文字なしに現れています。",
        "The combining mark {char} ({name}) at character {position} has no character to combine with.",
        "削除するか、結び付く文字の直後に置いてください。",
        "Delete it or put it right after the character it marks.",
    ),
    "code.municipality-check-digit": Rule(
        "全国地方公共団体コード「{value}」の検査数字が正しくありません（正しくは {expected}）。",
        "The municipality code {value} has a wrong check digit (expected {expected}).",
        "総務省の全国地方公共団体コード一覧で6桁のコードを確認してください。",
        "Look the six-digit code up in the official list of local government codes.",
    ),
    "model.cardinality": Rule(
        "{table} には {expected} 行が必要ですが、{actual} 行あります。",
        "{table} needs {expected} row(s) but has {actual}.",
        "1パッケージには1つの報告と、その計画（と下位計画）を入れてください。",
        "Put one report and its plan (with any sub-plans) in each package.",
    ),
    "model.unused": Rule(
        "{what}「{value}」はどこからも使われていません。",
        "{what} {value} is not used anywhere.",
        "資料に載っているなら参照を加え、載っていないなら行を削除してください（警告）。",
        "Refer to it if the source does, or delete the row (a warning).",
        severity="warning",
    ),
    "model.subject": Rule(
        "{columns} のうち二つ以上に値があります。評価・指標・計画の改定の対象は一つだけです。",
        "More than one of {columns} is set; a grade, indicator or plan revision has one subject.",
        "取組なら initiative_id だけ、目標なら goal_id だけ（評価は指標なら indicator_id だけ、"
        "計画の改定は目標の一覧・主体・部署・会議体ならその列だけ）、計画全体ならすべて空欄にしてください。",
        "Fill initiative_id for an initiative, goal_id for a goal (indicator_id for an indicator's"
        " grade; for a plan revision, the goal list, actor, department or body column), none for"
        " the whole plan.",
    ),
    "model.value-and-status": Rule(
        "数値と一緒に、文字または値の状態が入っています（{given}）。",
        "A number is given together with text or a status ({given}).",
        "数値なら値だけを、数値でなければ文字（と、値がないなら状態）を入力してください。",
        "Give the number alone, or else the text (and, when there is no value, its status).",
    ),
    "model.unnamed": Rule(
        "「{value}」には {columns} のどれもありません。",
        "{value} has none of {columns}.",
        "資料に印刷された名称か番号を入力してください。",
        "Enter the title or number the source prints.",
    ),
    "model.report-empty": Rule(
        "報告「{value}」には進捗項目・評価・指標・評価の集計のどれもありません。",
        "The report {value} has no progress entry, grade, indicator or grade count.",
        "資料に載っている進捗項目・評価・指標のいずれかを入力してください。",
        "Enter the progress entries, grades or indicators the source prints.",
    ),
    "model.entry-empty": Rule(
        "進捗項目「{value}」には進捗状況も課題もありません。",
        "The progress entry {value} has neither progress nor an issue.",
        "資料のとおりに progress か issue を入力するか、行を削除してください。",
        "Enter its progress or issue as printed, or delete the row.",
    ),
    "model.plan-tree": Rule(
        "計画「{value}」は報告の計画「{plan}」とその下位計画のつながりの中にありません（または上位計画が循環しています）。",
        "The plan {value} is not the report's plan {plan} or one of its sub-plans (or its parents form a loop).",
        "下位計画なら parent_plan_id に上位の計画を入力してください。",
        "Give a sub-plan its parent in parent_plan_id.",
    ),
    "model.plan-mismatch": Rule(
        "plan_id「{value}」が、対象（{subject}）の計画「{expected}」と違います。",
        "plan_id {value} differs from the plan {expected} of its subject ({subject}).",
        "plan_id を空欄にするか、対象と同じ計画にしてください。",
        "Leave plan_id empty or make it the subject's plan.",
    ),
    "model.parent-goal": Rule(
        "上位の目標「{value}」が別の計画に属しているか、上位関係が循環しています。",
        "The parent goal {value} belongs to another plan, or the parents form a loop.",
        "同じ計画の中の上位の目標を指定してください。",
        "Give a parent goal of the same plan.",
    ),
    "model.scale-type": Rule(
        "尺度「{value}」（{scale_type}）に合わない値です：{detail}",
        "This does not fit the scale {value} ({scale_type}): {detail}",
        "名義尺度の段階には rank を付けず、数値尺度には段階を作らず範囲（minimum・maximum）と向き"
        "だけを書いてください。",
        "Nominal levels have no rank; a numeric scale has no levels, only its range and direction.",
    ),
    "model.grade-value": Rule(
        "評価「{value}」は尺度「{scale}」（{scale_type}）に合いません：{detail}",
        "The grade {value} does not fit the scale {scale} ({scale_type}): {detail}",
        "数値尺度なら value だけ、順序・名義尺度なら code だけを入力してください（範囲があればその中で）。",
        "Give value on a numeric scale (within its range, if stated), code on the others.",
    ),
    "model.goal-per-list": Rule(
        "取組「{value}」が目標の一覧「{goal_list}」の目標に二つ以上属しています（{goals}）。",
        "The initiative {value} sits under more than one goal of the goal list {goal_list} ({goals}).",
        "一つの目標の一覧からは目標を一つだけ結び付けてください。",
        "Link at most one goal of each goal list.",
    ),
    "model.fiscal-years": Rule(
        "年度の範囲が正しくありません：{detail}",
        "The fiscal years are not a range: {detail}",
        "fiscal_year に最初の年度、複数年度のときだけ fiscal_year_end に最後の年度を入力してください。",
        "Put the first year in fiscal_year and, only for several years, the last in fiscal_year_end.",
    ),
    "model.count-mismatch": Rule(
        "印刷された件数 {count} 件（{what}）と、入力した評価の数 {found} 件が一致しません。",
        "The printed count {count} ({what}) differs from the {found} grade(s) entered.",
        "集計が全項目を数えていて評価を一部だけ入力したのなら問題ありません。写し間違いがないか確認してください（警告）。",
        "Fine when the printed totals cover items not entered; check for a transcription slip (a warning).",
        severity="warning",
    ),
    "model.parent-initiative": Rule(
        "上位の取組「{value}」が別の基本目標に属しているか、上位関係が循環しています。",
        "The parent initiative {value} belongs to another goal, or the parents form a loop.",
        "同じ基本目標の中の上位の取組を指定してください。",
        "Give a parent initiative under the same goal.",
    ),
    "series.plan-conflict": Rule(
        "同じ計画の{what}「{key}」の {column} が、{other} と違います（こちら「{value}」、前の報告「{other_value}」）。"
        "二つを合わせたグラフでは一つの IRI に二つの値が並びます。",
        "{what} {key} of the same plan has {column} {value} here but {other_value} in {other};"
        " the merged graph would hold both for one IRI.",
        "写し間違いなら直してください。計画が年度の途中で改定されたなら、後の報告の plan-revisions に"
        "改定（revised）を、計画は変わらず資料の表記だけが違うなら表記の違い（wording）を、その年度とともに書いてください。",
        "Correct a transcription slip. If the plan was revised mid-period, declare it in the later"
        " report's plan-revisions (revised); if only the sources word it differently, declare"
        " wording; either with its fiscal year.",
    ),
    "series.fiscal-year": Rule(
        "同じ計画の報告の年度 {value} が、{other} の報告の年度 {other_years} と重なっています。",
        "This report's fiscal year {value} overlaps {other_years} of the report in {other},"
        " a report of the same plan.",
        "一つの計画の報告は年度ごとに一つです。年度（fiscal_year・fiscal_year_end）を直すか、"
        "同じ報告なら一つのパッケージにしてください。",
        "A plan has one report per fiscal year: correct fiscal_year / fiscal_year_end, or keep"
        " one package if they are the same report.",
    ),
    "series.fiscal-year-missing": Rule(
        "計画「{plan}」の報告が複数あるのに、この報告には年度（fiscal_year）がありません。年度の順に並べられません。",
        "Several reports of the plan {plan} were given, but this one has no fiscal_year:"
        " they cannot be put in order.",
        "報告が評価する年度（西暦）を fiscal_year に入れてください（資料の表記は fiscal_year_label）。",
        "Fill in fiscal_year, the year the report evaluates (the printed form in fiscal_year_label).",
    ),
    "series.report-id": Rule(
        "同じ計画の報告の ID「{value}」が、{other} と同じです（二つの報告が同じ IRI になります）。",
        "Report id {value} is also the id of the report in {other}, a report of the same plan"
        " (both reports would have one IRI).",
        "年度ごとに違う報告 ID（例：r6-evaluation、r7-evaluation）にしてください。",
        "Give each year's report its own id (e.g. r6-evaluation, r7-evaluation).",
    ),
    "series.plan-only": Rule(
        "同じ計画を報告なしで入れたパッケージが、{other} にもあります。",
        "The plan on its own, without a report, is also the package of {other}.",
        "計画だけのパッケージは一つにしてください（改定は後の報告の plan-revisions に書きます）。",
        "Keep one package of the plan on its own (declare revisions in the later reports'"
        " plan-revisions).",
    ),
    "series.base-iri": Rule(
        "同じ計画のパッケージなのに planProgress.baseIri「{value}」が {other} の「{expected}」と違います（グラフがつながりません）。",
        "planProgress.baseIri {value} differs from {expected} in {other}, a package of the same"
        " plan (their graphs would not join).",
        "同じ計画のパッケージは同じ baseIri にしてください。",
        "Give the packages of one plan the same baseIri.",
    ),
    "series.restated-grade": Rule(
        "{year} 年度の「{subject}」の評価 {value} が、その年度の報告 {other} の評価 {other_value} と違います。",
        "The grade {value} of {subject} for fiscal year {year} differs from {other_value} in"
        " {other}, the report of that year.",
        "写し間違いがないか確認してください。後の報告が評価を改めたのなら、そのままで構いません（警告）。",
        "Check for a transcription slip; fine when the later report revised the grade (a warning).",
        severity="warning",
    ),
    # plan-progress diff OLD NEW: each refusal names both packages
    "diff.other-plan": Rule(
        "{new} と {old} は別の計画の報告です（{column}：こちら「{value}」、前の報告「{other_value}」）。比較できるのは同じ計画の報告どうしです。",
        "{new} and {old} report on different plans ({column} {value} here, {other_value} in the"
        " earlier report); only reports of one plan can be compared.",
        "同じ自治体（municipality_code）・同じ計画 ID（plan_id）の二つの年度の報告を指定してください。",
        "Give two years' reports of the same plan (same municipality_code and plan_id).",
    ),
    "diff.not-valid": Rule(
        "{package} は正しいパッケージではないため、{old} と {new} を比較できません（上の問題を参照）。",
        "{package} is not a valid package, so {old} and {new} cannot be compared (see the"
        " problems above).",
        "plan-progress validate {package} で問題を確かめて直してから、もう一度比較してください。",
        "Check it with plan-progress validate {package}, correct it, and compare again.",
    ),
    "diff.no-report": Rule(
        "{package} には報告がありません（計画だけのパッケージです）。{old} と {new} の報告どうしを比較します。",
        "{package} holds no report (it is the plan on its own); diff compares the reports of {old}"
        " and {new}.",
        "年度ごとの報告のパッケージを二つ指定してください。",
        "Give two packages that each hold one year's report.",
    ),
    "diff.multi-plan": Rule(
        "{package} は複数の計画をまとめたパッケージです。{old} と {new} の比較は一つの計画の報告どうしで行います。",
        "{package} holds many plans; diff of {old} and {new} compares the reports of one plan.",
        "一つの計画の報告のパッケージを指定してください。",
        "Give packages that each hold one report of one plan.",
    ),
    "diff.fiscal-year-missing": Rule(
        "この報告には年度（fiscal_year）がないため、{old} と {new} のどちらが先か分かりません。",
        "This report has no fiscal_year, so which of {old} and {new} comes first cannot be told.",
        "報告が評価する年度（西暦）を fiscal_year に入れてください。",
        "Fill in fiscal_year, the year the report evaluates.",
    ),
    "diff.order": Rule(
        "後の報告として指定した {new} の年度 {value} が、前の報告 {old} の年度 {other_years} より後ではありません。",
        "The later report {new} is of fiscal year {value}, not after {other_years} of the earlier"
        " report {old}.",
        "plan-progress diff 前の年度 後の年度 の順に指定してください（同じ年度の報告は比較しません）。",
        "Give the earlier year first: plan-progress diff OLD NEW (two reports of one year are"
        " not compared).",
    ),
    "model.base-iri": Rule(
        "planProgress.baseIri「{value}」が正しくありません：{detail}",
        "planProgress.baseIri {value} is not valid: {detail}",
        "「https://…/」のように / で終わる絶対 IRI を指定してください。",
        'Give an absolute IRI ending in "/".',
    ),
    "model.base-iri-code": Rule(
        "planProgress.baseIri「{value}」の団体コード {named} が、{file} の {row} 行目の全国地方公共団体コード {code} と一致しません（IRI が別の団体のものになります）。",
        "planProgress.baseIri {value} names the municipality code {named}, but {file} row {row} says {code} (the IRIs would belong to another municipality).",
        "コードを一致させてください（例：{expected}）。plans.csv のコードが誤っている場合はそちらを直してください。",
        "Make them agree (e.g. {expected}), or correct the code in plans.csv if that is the wrong one.",
    ),
    "descriptor.catalog": Rule(
        "planProgress.catalog の値が正しくありません：{detail}",
        "planProgress.catalog is not valid: {detail}",
        "schema/catalog-metadata.schema.json の定義に合わせてください。分からない項目は書かないでください。",
        "Follow schema/catalog-metadata.schema.json; leave out what is not known.",
    ),
    "descriptor.catalog-date": Rule(
        "planProgress.catalog の日付「{value}」が正しくありません：{detail}",
        "The date {value} in planProgress.catalog is not valid: {detail}",
        "実在する日付を YYYY-MM-DD で書き、最終更新日は公開日より後にしてください。",
        "Give a real date as YYYY-MM-DD; the modified date must not be before the issued one.",
    ),
    "jsonld.schema": Rule(
        "この行から作った JSON-LD が JSON Schema に適合しません（{key}：{reason}）。",
        "The JSON-LD made from this row does not conform to the JSON Schema ({key}: {reason}).",
        "この行の値を確認してください。",
        "Check the values of this row.",
    ),
    "rdf.shacl": Rule(
        "この行から作った RDF が SHACL 形状 {shape} に適合しません（{property}：{reason}）。",
        "The RDF made from this row does not conform to the SHACL shape {shape} ({property}: {reason}).",
        "この行の値を確認してください。",
        "Check the values of this row.",
    ),
    "generated.missing": Rule(
        "生成ファイルがありません。",
        "The generated file is missing.",
        "plan-progress build {dir} を実行してください。",
        "Run: plan-progress build {dir}",
    ),
    "generated.stale": Rule(
        "生成ファイルが元の CSV と一致しません（古いか、手で編集されています）。",
        "The generated file differs from a fresh build (stale or edited by hand).",
        "plan-progress build {dir} を実行してください。",
        "Run: plan-progress build {dir}",
    ),
    "generated.rdf-mismatch": Rule(
        "JSON-LD から得た RDF グラフが Turtle のグラフと一致しません（差分 {count} トリプル）。",
        "The RDF graph of the JSON-LD differs from the Turtle graph ({count} triples differ).",
        "plan-progress build {dir} で両方を作り直してください。",
        "Rebuild both with: plan-progress build {dir}",
    ),
    # Release and publishing (issue 3).
    "release.write": Rule(
        "dist/ を書き込めません：{detail}",
        "dist/ cannot be written: {detail}",
        "空き容量と書き込み権限を確認してください。前回の dist/ はそのまま残っています。",
        "Check free space and permissions; the previous dist/ is left as it was.",
    ),
    "release.placeholder": Rule(
        "plan-progress new が書いた仮の文「{value}」が残っています（このまま公開されます）。",
        "The placeholder {value} that plan-progress new wrote is still there (it would be published).",
        "計画名・報告書名に合わせて書き換えてください。仮のまま出すときだけ --allow-placeholders を付けます。",
        "Replace it with the plan's and the report's titles; add --allow-placeholders only to release it as it is.",
    ),
    # A plan's reports released together as its series (issue 21).
    "release.series-year": Rule(
        "同じ計画の報告が二つとも {year} 年度です（もう一つは {other}）。年度ごとの報告の順序が決まりません。",
        "Two reports on the same plan are both for fiscal year {year} (the other is {other}): the order of the yearly reports is ambiguous.",
        "reports.csv の fiscal_year を確かめ、同じ年度の報告は一緒に指定しないでください。",
        "Check fiscal_year in reports.csv, and do not give two reports of the same year together.",
    ),
    "release.series-dataset": Rule(
        "同じ計画の二つの報告が同じデータセット {value} になっています（もう一つは {other}）。",
        "Two reports on the same plan are the same dataset {value} (the other is {other}).",
        "年度ごとの報告には、それぞれ別の name と id を datapackage.json に付けてください。",
        "Give each year's report its own name and id in datapackage.json.",
    ),
    "publish.no-release": Rule(
        "リリース（dist/ の catalog.ttl と SHA256SUMS）がありません。",
        "There is no release (catalog.ttl and SHA256SUMS in dist/).",
        "先に plan-progress release {dir} を実行してください。",
        "Run plan-progress release {dir} first.",
    ),
    "publish.release-corrupt": Rule(
        "リリースのファイルがチェックサムと一致しません（{detail}）。",
        "A release file does not match its checksum ({detail}).",
        "plan-progress release で dist/ を作り直してください。",
        "Rebuild dist/ with plan-progress release.",
    ),
    "publish.bad-url": Rule(
        "ポータルの URL「{url}」が正しくありません。",
        "The portal URL {url} is not valid.",
        "http:// または https:// で始まる CKAN の URL を指定してください。",
        "Give the CKAN site URL, starting with http:// or https://.",
    ),
    "publish.org-required": Rule(
        "公開先の組織が指定されていません。",
        "No organisation was given.",
        "--org NAME または環境変数 {env} で CKAN の組織名を指定してください。",
        "Give the CKAN organisation with --org NAME or the environment variable {env}.",
    ),
    "publish.token-missing": Rule(
        "API トークンがありません。",
        "There is no API token.",
        "環境変数 {env} に CKAN の API トークンを設定してください（--dry-run は不要）。",
        "Set the environment variable {env} to a CKAN API token (--dry-run needs none).",
    ),
    "publish.token-malformed": Rule(
        "API トークンに使えない文字（空白、改行、ASCII 以外の文字など）が含まれています（トークンは表示しません）。",
        "The API token contains characters a token cannot have (spaces, line breaks, non-ASCII); the token is not shown.",
        "ポータルのユーザー設定からトークンだけをコピーし、環境変数 {env} に設定し直してください。",
        "Copy only the token from your user settings on the portal into {env} again.",
    ),
    "publish.bad-timeout": Rule(
        "--timeout「{value}」は使えません。0 より大きい秒数にしてください。",
        "The --timeout value {value} cannot be used; give a number of seconds greater than 0.",
        "例：--timeout 30",
        "For example: --timeout 30",
    ),
    "publish.bad-answer": Rule(
        "ポータルの {action} への応答が CKAN の API の形ではありません（{detail}）。",
        "The portal's answer to {action} does not have the shape of a CKAN API answer ({detail}).",
        "--portal が CKAN サイトの URL（/api の手前まで）か確認し、続くときはポータルの管理者に相談してください。",
        "Check that --portal is the CKAN site's URL (the part before /api); if it goes on, ask the portal's administrators.",
    ),
    "publish.token-invalid": Rule(
        "API トークンがポータル {portal} で認められません（無効・失効・別サイトのもの）。",
        "The API token is not accepted by {portal} (invalid, revoked or for another site).",
        "ポータルのユーザー設定で API トークンを作り直し、環境変数に設定してください。",
        "Create a new API token in your user settings on the portal and set it again.",
    ),
    "publish.permission": Rule(
        "ユーザー「{user}」は組織「{org}」でデータセットを作成できません。",
        "User {user} may not create datasets in organisation {org}.",
        "組織の管理者に、編集者（editor）以上の権限を付けてもらってください。",
        "Ask an organisation admin to make the user an editor or admin.",
    ),
    "publish.org-missing": Rule(
        "組織「{org}」がポータル {portal} にありません。",
        "Organisation {org} does not exist on {portal}.",
        "組織名（URL に使われる英字の名前）を確認してください。",
        "Check the organisation's name (the one used in its URL).",
    ),
    "publish.name-conflict": Rule(
        "データセット名「{name}」は、ポータルで別の組織が使っています。",
        "The dataset name {name} is used by another organisation on the portal.",
        "datapackage.json の name を変えるか、ポータルの管理者に相談してください。",
        "Change name in datapackage.json or ask the portal's administrators.",
    ),
    "publish.file-too-large": Rule(
        "ファイル {file} がポータルのアップロード上限を超えています。",
        "The file {file} is larger than the portal accepts for uploads.",
        "ポータルの管理者に上限（ckan.max_resource_size）を確認してください。",
        "Ask the portal's administrators about the limit (ckan.max_resource_size).",
    ),
    "publish.server-error": Rule(
        "ポータルがサーバーエラー（HTTP {status}）を返しました。",
        "The portal answered with a server error (HTTP {status}).",
        "時間をおいて再実行してください。途中まで進んだ公開は次の実行で完了します。",
        "Run again later; a partly done publication is completed by the next run.",
    ),
    "publish.timeout": Rule(
        "ポータルが {seconds} 秒以内に応答しませんでした（{action}）。",
        "The portal did not answer within {seconds} seconds ({action}).",
        "時間をおいて再実行するか、--timeout を延ばしてください。",
        "Run again later or raise --timeout.",
    ),
    "publish.connection-refused": Rule(
        "ポータル {portal} に接続できません（接続拒否）。",
        "Cannot connect to {portal} (connection refused).",
        "URL とポート番号、ポータルが動いているかを確認してください。",
        "Check the URL and port, and that the portal is running.",
    ),
    "publish.connection": Rule(
        "ポータル {portal} に接続できません（{detail}）。",
        "Cannot connect to {portal} ({detail}).",
        "URL とネットワークを確認してください。",
        "Check the URL and the network.",
    ),
    "publish.not-ckan": Rule(
        "ポータルの応答を CKAN の API として読めません（HTTP {status}、{action}）。",
        "The portal's answer is not a CKAN API response (HTTP {status}, {action}).",
        "--portal には CKAN サイトの URL（/api の手前まで）を指定してください。",
        "Give the CKAN site's URL (the part before /api) as --portal.",
    ),
    "publish.vanished": Rule(
        "ポータルで {action} の対象が見つかりません（公開の途中で他の人が削除・変更した可能性があります）。",
        "The portal found nothing for {action} (someone may have deleted or changed it while publishing).",
        "ポータルのデータセットを確認してから、もう一度実行してください。",
        "Check the dataset on the portal, then run publish again.",
    ),
    "publish.not-authorized": Rule(
        "ポータルが操作 {action} を許可しませんでした。",
        "The portal did not allow {action}.",
        "組織での権限（編集者以上）を確認してください。",
        "Check the user's role in the organisation (editor or admin).",
    ),
    "publish.rejected": Rule(
        "ポータルが {action} の内容を受け付けませんでした：{detail}",
        "The portal rejected {action}: {detail}",
        "内容を確認してください。",
        "Check the values.",
    ),
    "publish.download": Rule(
        "公開したファイルをダウンロードできません（{detail}）：{url}",
        "A published file cannot be downloaded ({detail}): {url}",
        "ポータルの設定（ファイルの保存先）を確認してください。",
        "Check the portal's file storage settings.",
    ),
    "publish.datastore": Rule(
        "{portal} のデータストア（プレビュー）に {file} を登録できませんでした：{detail}",
        "{portal}: could not load {file} into the datastore (preview): {detail}",
        "ポータルで datastore プラグインが有効か、管理者に確認してください。",
        "Ask the portal's administrator whether the datastore plugin is enabled.",
    ),
    "publish.checksum-mismatch": Rule(
        "ポータルからダウンロードした {file} がリリースと一致しません（{detail}）。",
        "{file} downloaded from the portal differs from the release ({detail}).",
        "もう一度 publish を実行してください。繰り返す場合はポータルの管理者に相談してください。",
        "Run publish again; if it repeats, ask the portal's administrators.",
    ),
    # plan-progress new
    "new.municipality-code": Rule(
        "「{value}」は全国地方公共団体コードの形（半角数字6桁）ではありません。",
        "{value} is not in the form of a municipality code (six ASCII digits).",
        "検査数字を含む6桁を半角数字で指定してください（例：下野市は 092169）。",
        "Give all six digits, check digit included, in ASCII (Shimotsuke City: 092169).",
    ),
    "new.name": Rule(
        "地方公共団体名「{value}」が使えません：{detail}",
        "The municipality name {value} cannot be used: {detail}",
        "前後の空白や改行を含めずに、正式な名称を指定してください（例：下野市）。",
        "Give the official name without surrounding spaces or line breaks.",
    ),
    "new.plan-id": Rule(
        "計画ID「{value}」は英小文字・数字・ハイフンの形になっていません。",
        "The plan id {value} is not made of lower-case letters, digits and hyphens.",
        "例：chiiki-fukushi-2 のように、英小文字か数字で始めてください。",
        "Start with a lower-case letter or digit, e.g. chiiki-fukushi-2.",
    ),
    "new.target-exists": Rule(
        "{value} は既に存在し、空のディレクトリではありません。",
        "{value} already exists and is not an empty directory.",
        "新しいディレクトリ名を指定してください（既存のファイルは上書きしません）。",
        "Give a new directory name (existing files are never overwritten).",
    ),
    "new.from-invalid": Rule(
        "前年度のパッケージ {value} が有効でないため、次年度の下書きを作れません（以下の問題）。",
        "Last year's package {value} is not valid, so no draft for next year is made"
        " (its problems follow).",
        "前年度のパッケージを直して plan-progress validate が通ってから、もう一度実行してください。",
        "Mend last year's package until plan-progress validate passes, then run this again.",
    ),
    "new.from-elsewhere": Rule(
        "前年度のパッケージ {value} が、作成する {out} と同じフォルダの中にありません。",
        "Last year's package {value} is not inside the folder that will hold {out}.",
        "前年度と同じフォルダの中に作成してください（例：reports/h26 から reports/h27）。下書きは前年度の場所をそのフォルダの中の相対パスで覚えます。",
        "Create the draft beside last year's package (e.g. reports/h26 -> reports/h27): the"
        " draft keeps last year's place as a path inside that folder.",
    ),
    "new.from-multi-plan": Rule(
        "{value} は多数の計画をまとめたパッケージ（planProgress.multiPlan）なので、次年度の下書きを作れません。",
        "{value} is a package of many plans (planProgress.multiPlan): it has no single plan to"
        " carry into next year.",
        "計画ごとのパッケージ（前年度の報告1件）を --from に指定してください。",
        "Give one plan's package (last year's report) to --from.",
    ),
    "new.from-fiscal-year": Rule(
        "前年度のパッケージ {value} には報告の年度（reports.csv の fiscal_year）がなく、次の年度が決まりません。",
        "Last year's package {value} states no report fiscal year (fiscal_year in"
        " reports.csv), so the next fiscal year is unknown.",
        "--fiscal-year で作成する報告の年度（西暦）を指定してください（計画だけのパッケージから最初の報告を作るときも同じ）。",
        "Give the draft's fiscal year with --fiscal-year (also for the first report of a"
        " package that holds only the plan).",
    ),
    "new.from-year-not-after": Rule(
        "--fiscal-year {given} は前年度の報告の年度 {last} より後ではありません。",
        "The fiscal year {given} (--fiscal-year) does not come after last year's report"
        " fiscal year {last}.",
        "{last} より大きい年度を指定するか、--fiscal-year を省いてください（{last} + 1 になります）。",
        "Give a year after {last}, or leave --fiscal-year out ({last} + 1 is used).",
    ),
    "template.previous": Rule(
        "前年度のパッケージ（planProgress.previous.path の「{path}」）を読めません：{detail}",
        "Last year's package (planProgress.previous.path {path}) cannot be read: {detail}",
        "下書きと同じフォルダの中にある前年度のパッケージを「../フォルダ名」で指定してください（リンクやフォルダの外は使えません）。",
        "Name last year's package beside the draft as ../NAME (no link, nothing outside that"
        " folder).",
    ),
    # plan-progress template / import
    "template.exists": Rule(
        "{value} は既に存在します。",
        "{value} already exists.",
        "別のファイル名を指定するか、上書きしてよければ --force を付けてください。",
        "Give another file name, or add --force to replace it.",
    ),
    "import.source": Rule(
        "読み込めません：{detail}",
        "Cannot read the source: {detail}",
        "plan-progress template で作ったブック（.xlsx）、CSV ファイル、または CSV のフォルダを指定してください。",
        "Give a workbook made by plan-progress template (.xlsx), a CSV file or a folder of CSV files.",
    ),
    "import.encoding": Rule(
        "文字コードを判別できません：{detail}",
        "The character encoding cannot be determined: {detail}",
        "Excel では「CSV UTF-8（コンマ区切り）」で保存するか、Shift_JIS の場合は --encoding cp932 を指定してください。",
        'Save it from Excel as "CSV UTF-8 (Comma delimited)", or give --encoding cp932 for Shift_JIS.',
    ),
    "import.unknown-table": Rule(
        "「{value}」はパッケージの表の名前ではありません（表：{allowed}）。",
        "{value} is not the name of a table of the package (tables: {allowed}).",
        "シート名・ファイル名を表の名前に戻すか、不要なシート・ファイルを削除してください。",
        "Rename the sheet or file back to a table name, or remove it.",
    ),
    "import.header": Rule(
        "見出し行を読み取れません：{detail}",
        "The header row cannot be read: {detail}",
        "テンプレートの見出し（1行目は日本語、2行目は列名）を変えずに入力してください。",
        "Keep the template's headers (row 1 Japanese titles, row 2 column names).",
    ),
    "import.leading-zeros": Rule(
        "「{value}」は先頭の 0 が失われたコードのようです（{length} 桁のはずです。{suggestion} ではありませんか）。",
        "{value} looks like a code that lost its leading zeros ({length} digits expected: {suggestion}?).",
        "列の書式を「文字列」にして、先頭の 0 を含めて入力し直してください。",
        'Format the column as "Text" and enter the code again with its leading zeros.',
    ),
    "import.code-as-number": Rule(
        "「{value}」は表計算ソフトが指数表記の数値に変えたコードです（桁が失われています）。",
        "{value} is a code that the spreadsheet turned into a number in exponent form (digits lost).",
        "列の書式を「文字列」にして、元のコードを入力し直してください。",
        'Format the column as "Text" and enter the original code again.',
    ),
    "import.cell": Rule(
        "セル {cell} の値を読み取れません：{detail_ja}",
        "Cell {cell} cannot be read: {detail}",
        "数式やエラー値（#REF! など）ではなく、値を入力してください。",
        "Enter a value rather than a formula or an error value (#REF! and the like).",
    ),
    "import.formula-value": Rule(
        "セル {cell} は数式です。保存されていた計算結果「{value}」をそのまま値として取り込みました。",
        "Cell {cell} is a formula; the result saved with it, {value}, was imported as the value.",
        "数式の結果でよいか確かめてください。よければ、コピーして「値として貼り付け」で値に置き換えると、この警告は出なくなります。",
        "Check that the formula's result is right; then copy the cell and paste it as a value to replace the formula, and this warning goes away.",
        severity="warning",
    ),
    "import.code": Rule(
        "セル {cell} の「{value}」は「{column_title}」のコードでも名称でもありません（使える値：{allowed_ja}）。",
        "Cell {cell}: {value} is neither a code nor a title of {column_title} (allowed: {allowed_en}).",
        "一覧から選ぶか、コード（英字）か日本語の名称をそのまま入力してください。",
        "Choose from the list, or type a code or its Japanese title exactly.",
    ),
    "import.number": Rule(
        "セル {cell} の「{value}」を「{column_title}」の値として読めません：{detail_ja}",
        "Cell {cell}: {value} cannot be read as {column_title}: {detail}",
        "数字だけを入力してください（単位・注記は別の列に。推測して読むことはしません）。",
        "Enter digits only (a unit or note goes in its own column; nothing is guessed).",
    ),
    "import.date": Rule(
        "セル {cell} の「{value}」を日付として読めません：{detail_ja}",
        "Cell {cell}: {value} cannot be read as a date: {detail}",
        "2025-03-31 の形か、元号つきの和暦（令和7年3月31日、R7.3.31）で入力してください。",
        "Enter it as 2025-03-31, or in a Japanese era with the era named (R7.3.31).",
    ),
    "import.fiscal-year": Rule(
        "セル {cell} の「{value}」を年度として読めません：{detail_ja}",
        "Cell {cell}: {value} cannot be read as a fiscal year: {detail}",
        "2021 のような西暦の年度か、元号つきの年度（令和3年度、R3）で入力してください。",
        "Enter a Western year such as 2021, or a year with its era named (R3).",
    ),
    "import.percent": Rule(
        "セル {cell} はパーセント表示（{value}%）ですが、単位（{unit_column}）が「{unit}」です。",
        'Cell {cell} is a percentage ({value}%) but its unit ({unit_column}) is "{unit}".',
        "単位を % にするか、セルの書式をパーセント以外にして値を入力し直してください。",
        "Make the unit %, or remove the percent format from the cell and enter the value again.",
    ),
    # SPARQL queries and the endpoint (issue 5).
    "query.not-found": Rule(
        "クエリファイルを読み込めません：{detail}",
        "The query file cannot be read: {detail}",
        "SPARQL クエリを書いた .rq ファイルを最後の引数に指定してください。",
        "Give a .rq file holding a SPARQL query as the last argument.",
    ),
    "query.syntax": Rule(
        "SPARQL クエリの構文が正しくありません：{detail}",
        "The SPARQL query has a syntax error: {detail}",
        "SPARQL 1.1 の問い合わせ（SELECT・ASK・CONSTRUCT・DESCRIBE）として直してください（更新は受け付けません）。",
        "Correct it to a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE; updates are not accepted).",
    ),
    "query.failed": Rule(
        "SPARQL クエリを実行できませんでした：{detail}",
        "The SPARQL query failed: {detail}",
        "クエリの内容を確認してください。",
        "Check the query.",
    ),
    "query.format": Rule(
        "{kind} クエリの結果は --format {format} では出力できません。",
        "The result of a {kind} query cannot be written as --format {format}.",
        "SELECT・ASK は table・csv・json・tsv・xml、CONSTRUCT・DESCRIBE は turtle・ntriples・jsonld を指定してください。",
        "Use table, csv, json, tsv or xml for SELECT and ASK; turtle, ntriples or jsonld for CONSTRUCT and DESCRIBE.",
    ),
    # The SPARQL service (issue 12).
    "query.service": Rule(
        "SERVICE（他のホストへの問い合わせ）を含むクエリは実行しません。",
        "The query uses SERVICE (a query sent to another host), which is not allowed.",
        "SERVICE を外すか、危険を承知のうえで --allow-service を付けて起動・実行してください"
        "（クエリがこのコンピュータから任意のホストに接続できるようになります）。",
        "Remove SERVICE, or accept the risk and pass --allow-service (the query can then make"
        " this computer connect to any host).",
    ),
    "query.service-unchecked": Rule(
        "SERVICE を含むかどうか確かめられないクエリは実行しません：{detail}",
        "The query mentions SERVICE and could not be checked, so it is not run: {detail}",
        "クエリの構文を確かめてください（--allow-service を付ければ確かめずに実行します）。",
        "Check the query's syntax (with --allow-service it runs unchecked).",
    ),
    "query.timeout": Rule(
        "クエリが制限時間（{seconds} 秒）内に終わりませんでした。",
        "The query did not finish within the time limit ({seconds} s).",
        "クエリを絞り込む（LIMIT、条件の追加）か、--timeout を長くしてください。",
        "Narrow the query (LIMIT, more conditions) or give a longer --timeout.",
    ),
    "query.too-deep": Rule(
        "クエリの入れ子が深すぎます（{depth} 段。上限は {limit} 段）。エンジンに渡さずに断りました。",
        "The query nests too deeply ({depth} levels; the limit is {limit}); it was refused before the engine saw it.",
        "括弧・グループ（波括弧）・! の入れ子を浅くしてください（ふつうのクエリは 10 段もありません）。",
        "Nest brackets, braces and ! less deeply (ordinary queries stay under 10 levels).",
    ),
    "query.too-long": Rule(
        "クエリが長すぎます（字句 {count} 個。上限は {limit} 個）。エンジンに渡さずに断りました。",
        "The query is too long ({count} tokens; the limit is {limit}); it was refused before the engine saw it.",
        "クエリを短くするか、いくつかに分けてください。",
        "Shorten the query or split it into several.",
    ),
    "query.describe-too-large": Rule(
        "DESCRIBE の対象が多すぎます（{count} 個以上。上限は {limit} 個）。",
        "DESCRIBE names too many resources ({count} or more; the limit is {limit}).",
        "WHERE の条件や LIMIT で対象を絞ってください。",
        "Narrow the resources with WHERE conditions or LIMIT.",
    ),
    "store.not-a-store": Rule(
        "plan-progress のストアではありません。",
        "This is not a plan-progress store.",
        "plan-progress load STORE DIR... で作ったディレクトリを指定してください（既存の別のディレクトリは上書きしません）。",
        "Give a directory made by plan-progress load STORE DIR... (another existing directory is never overwritten).",
    ),
    "store.manifest": Rule(
        "ストアを開けません：{detail}",
        "The store cannot be opened: {detail}",
        "plan-progress load で作り直してください。",
        "Make it again with plan-progress load.",
    ),
    "virtuoso.failed": Rule(
        "Virtuoso への読み込みに失敗しました：{detail}",
        "Loading into Virtuoso failed: {detail}",
        "Virtuoso が起動していること、--host・--port・利用者名と環境変数 VIRTUOSO_PASSWORD、"
        "virtuoso.ini の DirsAllowed に --staging のディレクトリがあることを確かめてください。",
        "Check that Virtuoso is running, the --host, --port, user and VIRTUOSO_PASSWORD, and"
        " that virtuoso.ini's DirsAllowed lists the --staging directory.",
    ),
    "virtuoso.file-rejected": Rule(
        "Virtuoso の一括読み込みがこのファイルを読み込めませんでした：{detail}",
        "Virtuoso's bulk loader could not load this file: {detail}",
        "plan-progress validate で確かめてから plan-progress build で作り直してください。",
        "Check it with plan-progress validate and make it again with plan-progress build.",
    ),
    "serve.read-only": Rule(
        "読み取り専用です：更新は受け付けません。",
        "Read-only: updates are refused.",
        "SELECT・ASK・CONSTRUCT・DESCRIBE の問い合わせを送ってください。",
        "Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).",
    ),
    "serve.parameters": Rule(
        "query パラメータを一つだけ指定してください：{detail}",
        "Give exactly one query parameter: {detail}",
        "SPARQL 1.1 Protocol のとおり GET ?query=… か POST で送ってください。",
        "Send GET ?query=… or a POST, as the SPARQL 1.1 Protocol describes.",
    ),
    "serve.encoding": Rule(
        "リクエストが UTF-8 として読めません：{detail}",
        "The request is not valid UTF-8: {detail}",
        "クエリを UTF-8 で符号化して送ってください。",
        "Encode the query as UTF-8.",
    ),
    "serve.body-too-large": Rule(
        "リクエストの本文が大きすぎます（上限 {limit} バイト）。",
        "The request body is too large (limit {limit} bytes).",
        "クエリを短くしてください。",
        "Send a shorter query.",
    ),
    "serve.bad-request": Rule(
        "リクエストが正しくありません：{detail}",
        "The request is malformed: {detail}",
        "HTTP/1.1 と SPARQL 1.1 Protocol に沿ったリクエストを送ってください。",
        "Send a request that follows HTTP/1.1 and the SPARQL 1.1 Protocol.",
    ),
    "serve.media-type": Rule(
        "Content-Type「{media}」は受け付けません。",
        "Content-Type {media} is not accepted.",
        "application/sparql-query か application/x-www-form-urlencoded で送ってください。",
        "Send application/sparql-query or application/x-www-form-urlencoded.",
    ),
    "serve.slow-request": Rule(
        "リクエストの本文が {seconds} 秒以内に届きませんでした。",
        "The request body did not arrive within {seconds} s.",
        "本文を一度に送ってください。",
        "Send the body without pausing.",
    ),
    "serve.not-found": Rule(
        "ここには何もありません。SPARQL エンドポイントは {endpoint} です。",
        "Nothing here: the SPARQL endpoint is {endpoint}.",
        "クエリはエンドポイントに送ってください（/.well-known/void はデータセットの説明）。",
        "Send queries to the endpoint (/.well-known/void describes the datasets).",
    ),
    "serve.not-acceptable": Rule(
        "Accept で求められた形式では返せません：{detail}",
        "No format the Accept header allows can be given: {detail}",
        "SELECT・ASK は application/sparql-results+json など、CONSTRUCT・DESCRIBE は text/turtle などを求めてください。",
        "Ask for application/sparql-results+json (and the like) for SELECT and ASK, text/turtle (and the like) for CONSTRUCT and DESCRIBE.",
    ),
    "serve.cross-site": Rule(
        "別のサイト（{origin}）のページからのクエリは受け付けません。",
        "Queries from a page of another site ({origin}) are not accepted.",
        "他のサイトのページから使うなら、plan-progress serve に --cors を付けて起動してください。",
        "To query from pages of other sites, start plan-progress serve with --cors.",
    ),
    "serve.engine": Rule(
        "SPARQL エンジンが応答しません：{detail}",
        "The SPARQL engine did not answer: {detail}",
        "plan-progress serve を起動し直してください。",
        "Start plan-progress serve again.",
    ),
    "query.rdf-syntax": Rule(
        "生成された RDF を読み込めません：{detail}",
        "The generated RDF cannot be read: {detail}",
        "plan-progress build {dir} で作り直してください。",
        "Rebuild it with: plan-progress build {dir}",
    ),
    # The static site (issue 13).
    "site.multi-plan": Rule(
        "複数の計画をもつパッケージからはサイトを作れません。",
        "A site cannot be made from a package of several plans.",
        "計画ごとのパッケージを指定してください。",
        "Give one package per plan.",
    ),
    "site.package-name": Rule(
        "パッケージ名「{name}」はサイトのフォルダ名に使えません。",
        "The package name {name} cannot be a folder of the site.",
        "datapackage.json の name を英小文字・数字・「.」「_」「-」だけにしてください。",
        "Use only lower-case letters, digits, '.', '_' and '-' in the name in datapackage.json.",
    ),
    "site.duplicate-name": Rule(
        "パッケージ名「{name}」が {other} と重複しています。",
        "The package name {name} is also the name of {other}.",
        "パッケージごとに異なる name を付けてください。",
        "Give each package its own name.",
    ),
    "site.iri-path": Rule(
        "IRI {iri} をサイトのファイルの場所にできません（「..」、符号化された「/」、長すぎる部分、または別の IRI と同じ場所）。",
        "The IRI {iri} cannot become a file of the site (a '..', an encoded '/', a part too long, or the same place as another IRI).",
        "ID やコードを見直してください。",
        "Check the ids and codes it is made from.",
    ),
    "site.out-not-site": Rule(
        "このディレクトリは plan-progress site が作ったサイトではないため、置き換えません。",
        "This directory is not a site made by plan-progress site, so it is not replaced.",
        "空のディレクトリか新しい場所を --out に指定してください。",
        "Give --out an empty or new directory.",
    ),
    "site.write": Rule(
        "サイトを書き込めません：{detail}",
        "The site cannot be written: {detail}",
        "空き容量と書き込み権限を確認してください。前回のサイトはそのまま残っています。",
        "Check free space and permissions; the previous site is left as it was.",
    ),
    "site.url": Rule(
        "サイトのアドレス（--site-url）{url} は http(s) のアドレスではありません。",
        "The site address (--site-url) {url} is not an http(s) address.",
        "例：--site-url https://example.org/plan-progress/",
        "For example: --site-url https://example.org/plan-progress/",
    ),
    # The data review page (issue 15).
    "review.upload-too-large": Rule(
        "ファイルが大きすぎます（{size}。上限は {limit}）。",
        "The file is too large ({size}; the limit is {limit}).",
        "選んだファイルが入力用ブックか確認してください。使わないシートの行や画像を削除すると小さくなります。",
        "Check that you chose the input workbook; deleting unused rows and pictures makes it smaller.",
    ),
    "review.unsupported": Rule(
        "このファイルは確認できる形式ではありません：{detail}",
        "This file is not in a form the review reads: {detail}",
        "plan-progress template で作った Excel ブック（.xlsx）、Excel で保存した CSV をまとめた zip、"
        "またはパッケージのフォルダーの zip を選んでください。",
        "Choose the Excel workbook made by plan-progress template (.xlsx), a zip of CSV files"
        " saved from Excel, or a zip of a package folder.",
    ),
    "review.zip-limit": Rule(
        "zip の中身が上限を超えています：{detail}",
        "The zip's contents exceed a limit: {detail}",
        "必要なファイルだけを zip にまとめ直してください。",
        "Make a zip of only the files that are needed.",
    ),
    "review.zip-entry-clash": Rule(
        "zip の「{entry}」はファイルとしてもフォルダーとしても入っています。どちらを読むか決められません。",
        "The zip holds {entry} both as a file and as a folder; it cannot tell which to read.",
        "同じ名前のファイルとフォルダーが並ばないように、zip を作り直してください。",
        "Make the zip again so that no file and folder share a name.",
    ),
    "review.timeout": Rule(
        "確認が時間内（{seconds} 秒）に終わらなかったため、打ち切りました。",
        "The review did not finish within its time limit ({seconds} seconds) and was stopped.",
        "使っていないシートや行を削除して小さくするか、plan-progress template で作ったブックに値を入れ直してください。"
        "続くときは担当者に伝えてください。",
        "Make the file smaller (delete unused sheets and rows) or copy the values into a workbook"
        " made by plan-progress template; if it happens again, tell the page's operator.",
    ),
    "review.internal": Rule(
        "確認中に予期しないエラーが起きました（{detail}）。",
        "An unexpected error happened during the review ({detail}).",
        "ファイルを確かめてもう一度お試しください。続くときは、このメッセージを担当者に伝えてください。",
        "Check the file and try again; if it happens again, pass this message on to the maintainers.",
    ),
}
