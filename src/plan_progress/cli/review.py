"""`plan-progress review [--host 127.0.0.1] [--port N]`: the data review page for the staff
who fill in the workbook (upload, see what to fix in Japanese, download the package)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

DEFAULT_PORT = 8750
DEFAULT_THREADS = 4


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "review",
        help="データ確認ページを開く / start the data review page",
        description="ブラウザーで入力用ブックをアップロードし、直すところを日本語で確認して、パッケージを"
        "ダウンロードするページを 127.0.0.1 で開く。Ctrl-C で停止する。"
        " / Serve the page where staff upload the workbook, read what to fix (in Japanese or"
        " English) and download the package; on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="待ち受けるアドレス（既定 127.0.0.1。それ以外は --allow-remote が必要）"
        " / address to listen on (default 127.0.0.1; others need --allow-remote)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"ポート番号（0 なら空いている番号） / port (0 picks a free one; default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="ループバック以外のアドレスで待ち受けることを許す（他のコンピューターから見えます）"
        " / allow a non-loopback --host (other computers can reach the page)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"同時に応答するスレッド数 / threads answering at once (default {DEFAULT_THREADS})",
    )
    parser.set_defaults(run=run, parser=parser)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535 or args.threads < 1:
        args.parser.error(
            "--port は 0〜65535、--threads は 1 以上 / --port 0-65535, --threads >= 1"
        )
    if not is_loopback(args.host):
        if not args.allow_remote:
            args.parser.error(
                f"--host {args.host} はこのコンピューターの外から見えます。意図したものなら"
                " --allow-remote を付けてください / --host {args.host} is reachable from other"
                " computers; add --allow-remote if that is intended"
            )
        print(
            f"警告：{args.host} で待ち受けます。同じネットワークの誰でもアップロードできます。"
            "組織内で公開するときは、HTTPS のリバースプロキシの後ろで動かしてください（README）。"
            f" / WARNING: listening on {args.host}: anyone on the network can upload. For an"
            " intranet, run it behind an HTTPS reverse proxy (see README).",
            file=sys.stderr,
            flush=True,
        )
        os.environ.setdefault("PP_REVIEW_ALLOWED_HOSTS", "*")
    from plan_progress.review.web.server import serve

    def ready(url: str) -> None:
        # The first line on stdout is the address, so scripts (and the tests) find the port.
        print(f"Review page: {url}", flush=True)
        print(
            f"ブラウザーで {url} を開いてください。停止するには Ctrl-C / open {url} in a"
            " browser; press Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )

    try:
        serve(args.host, args.port, args.threads, ready)
    except OSError as err:
        print(
            f"ポートを開けません / cannot listen on {args.host}:{args.port}: {err}", file=sys.stderr
        )
        return 1
    print("停止しました / stopped", file=sys.stderr, flush=True)
    return 0
