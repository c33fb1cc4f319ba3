import os
import signal
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from binhdang.demo import data
from binhdang.demo.services import demo_users


class Command(BaseCommand):
    help = "Migrate, load the demo data and serve the web app on 127.0.0.1:$PORT (8000)."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the data, then stop")

    def handle(self, *args, **options):
        call_command("seed-demo", stdout=self.stdout)
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu chung: {data.DEMO_PASSWORD}):")
        rows, seen = [], set()
        for username, role, unit in demo_users():  # each account once, at its first membership
            if username not in seen:
                seen.add(username)
                rows.append((username, role, unit))
        width = max((len(r[0]) for r in rows), default=0)
        role_width = max((len(str(r[1])) for r in rows), default=0)
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<{width}}  {role!s:<{role_width}}  {unit}")
        self.stdout.write("")
        self.stdout.write(f"Mở http://127.0.0.1:{port}/ — dừng bằng Ctrl+C.")
        if options["no_serve"]:
            return
        self.stdout.flush()  # show the accounts now, even when stdout is a pipe or a file
        worker = _start_worker(self.stdout)
        # Stopped by SIGTERM (not only Ctrl+C): leave through `finally` so the worker stops too.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)
        finally:
            _stop_worker(worker)


def _start_worker(stdout):
    """The background worker (reminder digests) beside the web server, as its own process."""
    import socket
    import subprocess
    import sys

    # runserver leaves with os._exit() when its port is taken, skipping our cleanup: do not
    # start a worker that would outlive it.
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", int(os.environ.get("PORT", "8000"))))
        except OSError:
            return None
    try:
        from binhdang.reporting.tasks import reminders_schedule

        reminders_schedule()
    except Exception as error:  # the web app still serves without the worker
        stdout.write(f"Không xếp lịch nhắc việc được: {error}")
    command = [sys.executable, "-m", "binhdang", "db_worker", "--no-reload", "--interval", "5"]
    return subprocess.Popen(command, env=os.environ.copy())  # noqa: S603


def _stop_worker(worker) -> None:
    import subprocess

    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
