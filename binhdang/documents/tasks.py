"""Background jobs (django-tasks, database backend): OCR of an uploaded scan.

`binhdang db_worker` runs them; the review page shows the progress page by page.
"""

from typing import Any

from django_tasks import task

from . import services
from .parsing.ocr import thread_limit


@task()
def plan_import_ocr(plan_import_id: int) -> dict[str, Any]:
    """Read the scan of one import with OCR and fill its draft."""
    thread_limit()
    return services.plan_import_ocr_run(plan_import_id=plan_import_id)
