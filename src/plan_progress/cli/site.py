"""`plan-progress site [DIR...] --out SITE`: the static site of one or more packages."""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.cli.common import add_dirs_argument, add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage, Problem


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "site",
        help="静的サイトを作る / build the static site",
        description="パッケージを検証し、市民向けの報告ページ（日本語・英語）、IRI ごとのページ"
        "（HTML・Turtle・JSON-LD）、標準の文書、w3id のリダイレクト規則を SITE に書き出す"
        "（不正なら何も書かない）。 / Validate the packages, then write the report pages for"
        " citizens (Japanese, English), a page per IRI (HTML, Turtle, JSON-LD), the standard's"
        " documentation and the w3id redirect rules to SITE (nothing is written when invalid).",
    )
    add_dirs_argument(parser)
    parser.add_argument(
        "--out",
        required=True,
        metavar="SITE",
        help="出力先のディレクトリ（置き換えます） / output directory (replaced as a whole)",
    )
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="サイトを公開するアドレス（w3id のリダイレクト規則に使う） / the address the site"
        " is published at (used in the w3id redirect rules)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_progress.site.build import build_site, write_site
    from plan_progress.site.htaccess import BadSiteUrl, check_site_url

    if args.site_url is not None:
        try:
            check_site_url(args.site_url)
        except BadSiteUrl:
            print_problems(
                [Problem("site.url", "--site-url", params={"url": args.site_url})], args.lang
            )
            return 2
    try:
        site = build_site(args.dirs, args.site_url)
        out = write_site(Path(args.out), site)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    print(f"{len(site.files)} files, {site.pages} IRI pages → {out}")
    return 0
