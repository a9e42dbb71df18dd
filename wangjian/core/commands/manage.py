"""``wangjian manage …`` (Django management), ``wangjian serve`` and ``wangjian init-env``."""

import argparse
import os
import secrets
import sys
from pathlib import Path


def register(subparsers) -> None:
    manage = subparsers.add_parser(
        "manage", help="Django 管理命令 / Django management commands", add_help=False
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=manage_command)

    serve = subparsers.add_parser("serve", help="启动 Web 服务 / serve the web application")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=serve_command)

    init_env = subparsers.add_parser(
        "init-env", help="生成本机密钥配置文件 / write var/wangjian.env with fresh secret keys"
    )
    init_env.add_argument("--path", default="var/wangjian.env")
    init_env.set_defaults(handler=init_env_command)


def manage_command(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wangjian manage", *args.arguments])
    return 0


def serve_command(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from wangjian.core.security import refuse_insecure_defaults

    refuse_insecure_defaults()
    call_command("collectstatic", interactive=False, verbosity=0)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    # The interpreter running this command is the one gunicorn is installed in, whether or not
    # its bin directory is on PATH.
    os.execv(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wangjian.config.wsgi:application",
            "--bind",
            args.bind,
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
        ],
    )
    return 0  # not reached: exec replaces the process


def init_env_command(args) -> int:
    path = Path(args.path)
    if path.exists():
        print(f"{path} 已存在，未修改 / {path} exists, left unchanged")
        return 0
    from wangjian.config.files import private_dir

    private_dir(path.parent)
    path.write_text(
        "# Written by `wangjian init-env`; keep it private. Settings read it at start-up.\n"
        f"WANGJIAN_SECRET_KEY={secrets.token_urlsafe(48)}\n"
        f"WANGJIAN_PERSONAL_DATA_KEY={secrets.token_urlsafe(48)}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
    print(f"已写入 {path} / wrote {path}")
    return 0
