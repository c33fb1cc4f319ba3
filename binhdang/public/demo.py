"""Demo loader: thị xã Bỉm Sơn's coordinator publishes the indicators its reports carry, so
/public/TH-BS/ shows the accepted 2017 figures. Idempotent: a unit that already has
publications keeps them (what a coordinator chose stays)."""

from binhdang.accounts.models import User
from binhdang.orgunits.models import OrgUnit

from .models import Publication
from .services import do_publication_set

TOWN = "TH-BS"
COORDINATOR = "ldtbxh"
CODES = ["DP-TH-NGUOI", "DP-KN-NGUOI", "DP-VIECLAM", "LD-CBCC", "LD-LANHDAO", "LD-CHUCHOT", "LD-QUYHOACH",
         "LD-HDND", "LD-CAPUY"]


def demo_load_publications() -> dict:
    town = OrgUnit.objects.filter(code=TOWN).first()
    actor = User.objects.filter(username=COORDINATOR).first()
    if town is None or Publication.objects.filter(org_unit=town).exists():
        return {"publications_created": 0}
    result = do_publication_set(actor=actor, org_unit=town, codes=CODES, reason="demo")
    return {"publications_created": len(result["added"])}
