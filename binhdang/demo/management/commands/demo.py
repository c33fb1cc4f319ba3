import os

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
        seen = set()
        for username, role, unit in demo_users():
            if username in seen:
                continue
            seen.add(username)
            self.stdout.write(f"  {username:<12} {role:<28} {unit}")
        self.stdout.write("")
        self.stdout.write(f"Mở http://127.0.0.1:{port}/ — dừng bằng Ctrl+C.")
        if options["no_serve"]:
            return
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)
