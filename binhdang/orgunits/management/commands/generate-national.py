from django.core.management.base import BaseCommand

from binhdang.orgunits.generator import NATIONAL_COMMUNES, generate_national_tree
from binhdang.orgunits.models import OrgUnit


class Command(BaseCommand):
    help = ("Bench data only: a synthetic national org tree (34 provinces, 3,321 communes). "
            "The real tree of both eras is `binhdang units load-national`.")

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=NATIONAL_COMMUNES)

    def handle(self, *args, communes, **options):
        root = generate_national_tree(communes=communes)
        total = OrgUnit.objects.filter(path__startswith=root.path).count()
        self.stdout.write(f"Cây đơn vị toàn quốc: {total} đơn vị (mã gốc {root.code}).")
